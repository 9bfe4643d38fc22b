import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor, BookSlotBody, ListReceptions, RecordReceptionBody, RecordSlotBody, ScheduleReception } from '@grid122/contracts';
import { Caller, Roles } from '../auth/auth.decorators';
import { PetitionsClient } from './petitions.client';
import { MANAGE_ROLES, READ_ROLES } from './petitions.roles';

/** 三层接访 (topic, appointment, home visit): `/api/v1/receptions`. */
@ApiTags('receptions')
@ApiBearerAuth()
@Controller('api/v1/receptions')
export class ReceptionsHttpController {
  constructor(private readonly client: PetitionsClient) {}

  @Post()
  @Roles(...MANAGE_ROLES)
  schedule(@Caller() a: Actor, @Body() b: ScheduleReception.Request) {
    return this.client.scheduleReception(a, b);
  }

  @Get()
  @Roles(...READ_ROLES)
  list(@Caller() a: Actor, @Query() q: ListReceptions.Request) {
    return this.client.listReceptions(a, q);
  }

  @Get(':id')
  @Roles(...READ_ROLES)
  get(@Caller() a: Actor, @Param('id') id: string) {
    return this.client.getReception(a, id);
  }

  @Post(':id/publish')
  @HttpCode(200)
  @Roles(...MANAGE_ROLES)
  publish(@Caller() a: Actor, @Param('id') id: string) {
    return this.client.publishReception(a, id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Roles(...MANAGE_ROLES)
  cancel(@Caller() a: Actor, @Param('id') id: string) {
    return this.client.cancelReception(a, id);
  }

  /** 预约: a petition takes a slot; a taken slot answers 409 PETITIONS_SLOT_TAKEN. */
  @Post(':id/slots/:slotId/book')
  @HttpCode(200)
  @Roles(...MANAGE_ROLES)
  book(@Caller() a: Actor, @Param('id') id: string, @Param('slotId') slotId: string, @Body() b: BookSlotBody) {
    return this.client.bookSlot(a, { ...b, id, slotId });
  }

  @Post(':id/slots/:slotId/record')
  @HttpCode(200)
  @Roles(...MANAGE_ROLES)
  recordSlot(@Caller() a: Actor, @Param('id') id: string, @Param('slotId') slotId: string, @Body() b: RecordSlotBody) {
    return this.client.recordSlot(a, { ...b, id, slotId });
  }

  @Post(':id/record')
  @HttpCode(200)
  @Roles(...MANAGE_ROLES)
  record(@Caller() a: Actor, @Param('id') id: string, @Body() b: RecordReceptionBody) {
    return this.client.recordReception(a, { ...b, id });
  }
}
