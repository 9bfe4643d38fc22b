import { Body, Controller, Get, HttpCode, Param, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor, FloatingLeaveBody, ListFloatingPeople, PetitionsExportBody, PiiRevealRequest, RegisterFloatingPerson } from '@grid122/contracts';
import { Caller, OnlyRoles, Roles } from '../auth/auth.decorators';
import { toDownloadAsync } from './file-reply';
import { PetitionsClient } from './petitions.client';
import { GRID_WORK_ROLES, MANAGE_ROLES, READ_ROLES } from './petitions.roles';

/** 流动人口, registered to buildings: `/api/v1/floating-population`. */
@ApiTags('floating-population')
@ApiBearerAuth()
@Controller('api/v1/floating-population')
export class FloatingPopulationHttpController {
  constructor(private readonly client: PetitionsClient) {}

  @Post()
  @Roles(...GRID_WORK_ROLES)
  register(@Caller() a: Actor, @Body() b: RegisterFloatingPerson.Request) {
    return this.client.registerFloating(a, b);
  }

  @Get()
  @Roles(...READ_ROLES)
  list(@Caller() a: Actor, @Query() q: ListFloatingPeople.Request) {
    return this.client.listFloating(a, q);
  }

  @Post('export')
  @HttpCode(200)
  @Roles(...MANAGE_ROLES)
  export(@Caller() a: Actor, @Body() b: PetitionsExportBody): Promise<StreamableFile> {
    return toDownloadAsync(this.client.exportFloating(a, b));
  }

  @Post(':id/leave')
  @HttpCode(200)
  @Roles(...GRID_WORK_ROLES)
  leave(@Caller() a: Actor, @Param('id') id: string, @Body() b: FloatingLeaveBody) {
    return this.client.floatingLeft(a, { ...b, id });
  }

  @Post(':id/reveal')
  @HttpCode(200)
  @OnlyRoles(...MANAGE_ROLES) // the system admin may not reveal identities (三员分立)
  reveal(@Caller() a: Actor, @Param('id') id: string, @Body() b: PiiRevealRequest) {
    return this.client.revealFloating(a, { ...b, id });
  }
}
