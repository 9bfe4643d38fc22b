import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor, AddPartyBody, CloseDisputeBody, ListDisputes, OpenDispute, PiiRevealRequest, RecordSessionBody, ReturnDisputeBody } from '@grid122/contracts';
import { Caller, OnlyRoles, Roles } from '../auth/auth.decorators';
import { PetitionsClient } from './petitions.client';
import { GRID_WORK_ROLES, MANAGE_ROLES, READ_ROLES } from './petitions.roles';

/** 矛盾纠纷: `/api/v1/disputes`. */
@ApiTags('disputes')
@ApiBearerAuth()
@Controller('api/v1/disputes')
export class DisputesHttpController {
  constructor(private readonly client: PetitionsClient) {}

  @Post()
  @Roles(...GRID_WORK_ROLES)
  open(@Caller() a: Actor, @Body() b: OpenDispute.Request) {
    return this.client.openDispute(a, b);
  }

  @Get()
  @Roles(...READ_ROLES)
  list(@Caller() a: Actor, @Query() q: ListDisputes.Request) {
    return this.client.listDisputes(a, q);
  }

  @Get(':id')
  @Roles(...READ_ROLES)
  get(@Caller() a: Actor, @Param('id') id: string) {
    return this.client.getDispute(a, id);
  }

  @Post(':id/parties')
  @Roles(...GRID_WORK_ROLES)
  addParty(@Caller() a: Actor, @Param('id') id: string, @Body() b: AddPartyBody) {
    return this.client.addDisputeParty(a, { ...b, id });
  }

  /** A mediation session; `agreement` or `failed` records the outcome. */
  @Post(':id/sessions')
  @Roles(...GRID_WORK_ROLES)
  session(@Caller() a: Actor, @Param('id') id: string, @Body() b: RecordSessionBody) {
    return this.client.recordSession(a, { ...b, id });
  }

  @Post(':id/close')
  @HttpCode(200)
  @Roles(...GRID_WORK_ROLES)
  close(@Caller() a: Actor, @Param('id') id: string, @Body() b: CloseDisputeBody) {
    return this.client.closeDispute(a, { ...b, id });
  }

  @Post(':id/return')
  @HttpCode(200)
  @Roles(...MANAGE_ROLES)
  return(@Caller() a: Actor, @Param('id') id: string, @Body() b: ReturnDisputeBody) {
    return this.client.returnDispute(a, { ...b, id });
  }

  @Post(':id/reveal')
  @HttpCode(200)
  @OnlyRoles(...MANAGE_ROLES) // the system admin may not reveal identities (三员分立)
  reveal(@Caller() a: Actor, @Param('id') id: string, @Body() b: PiiRevealRequest) {
    return this.client.revealDispute(a, { ...b, id });
  }
}
