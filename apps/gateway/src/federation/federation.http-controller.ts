import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor, Role } from '@grid122/contracts';
import { ApiKeyAllowed, Caller, Roles } from '../auth/auth.decorators';
import { FederatedStreetsDto, ListFederatedEscalationsDto, ListFederationTasksDto, PushFederationTaskDto } from './federation.dto';
import { FederationService } from './federation.service';

/** The district (or city) platform's view of the level below: served by a gateway in FEDERATION_MODE=district|city. */
const DISTRICT = [Role.Admin, Role.DistrictViewer, Role.Platform];

@ApiTags('federation')
@ApiBearerAuth()
@Controller('api/v1/federation')
export class FederationHttpController {
  constructor(private readonly federation: FederationService) {}

  /** 上报区级: the escalations of every street in the caller's scope, newest first. */
  @Get('escalations')
  @Roles(...DISTRICT)
  @ApiKeyAllowed()
  escalations(@Caller() a: Actor, @Query() q: ListFederatedEscalationsDto) {
    return this.federation.escalations(a, q);
  }

  /** Per-street figures of a month and the monthly ranking (月度排名), with each street's link state. */
  @Get('streets')
  @Roles(...DISTRICT)
  @ApiKeyAllowed()
  streets(@Caller() a: Actor, @Query() q: FederatedStreetsDto) {
    return this.federation.streets(a, q);
  }

  /** 下派: hand a task (a 12345 hotline ticket …) down to one street. */
  @Post('tasks')
  @Roles(...DISTRICT)
  @ApiKeyAllowed()
  pushTask(@Caller() a: Actor, @Body() b: PushFederationTaskDto) {
    return this.federation.pushTask(a, b);
  }

  /** The tasks handed down and what became of them (the street's incident, as its events came back up). */
  @Get('tasks')
  @Roles(...DISTRICT)
  @ApiKeyAllowed()
  tasks(@Caller() a: Actor, @Query() q: ListFederationTasksDto) {
    return this.federation.tasks(a, q);
  }
}
