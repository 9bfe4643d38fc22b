import { Body, Controller, Get, HttpCode, Injectable, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  Actor,
  DispatchRuleBody,
  DispatchRuleView,
  IncidentView,
  ListDispatchRules,
  MyQueue,
  ReclassifyBody,
  ReclassifyIncident,
  Role,
  SetDispatchRule,
  SuggestDispatch,
} from '@grid122/contracts';
import { RpcClient } from '@grid122/messaging';
import { Caller, Roles } from '../auth/auth.decorators';
import { ServiceClient } from '../clients/service.client';

/** The desk's calls to the office (筛选分类, 派遣建议), typed. */
@Injectable()
export class DeskClient extends ServiceClient {
  constructor(rpc: RpcClient) {
    super(rpc, 'office');
  }
  reclassify(actor: Actor, req: ReclassifyIncident.Request) {
    return this.call<IncidentView>(ReclassifyIncident.subject, req, actor);
  }
  dispatchRules(actor: Actor) {
    return this.call<ListDispatchRules.Reply>(ListDispatchRules.subject, {}, actor);
  }
  setDispatchRule(actor: Actor, req: SetDispatchRule.Request) {
    return this.call<DispatchRuleView>(SetDispatchRule.subject, req, actor);
  }
  suggestDispatch(actor: Actor, req: SuggestDispatch.Request) {
    return this.call<SuggestDispatch.Reply>(SuggestDispatch.subject, req, actor);
  }
  myQueue(actor: Actor, req: MyQueue.Request) {
    return this.call<MyQueue.Reply>(MyQueue.subject, req, actor);
  }
}

export class ReclassifyDto extends ReclassifyBody {}
export class DispatchRuleDto extends DispatchRuleBody {}
export class MyQueueQuery extends MyQueue.Request {}

const READERS = [Role.StreetCommander, Role.DistrictViewer, Role.UnitMember, Role.DepartmentLiaison, Role.GridWorker];

/** The command centre's desk (工作台): triage, dispatch rules and work queues. Adapters only: the office decides. */
@ApiTags('desk')
@ApiBearerAuth()
@Controller('api/v1')
export class DeskHttpController {
  constructor(private readonly desk: DeskClient) {}

  /** 改类: correct key area and category after registration, with a reason (the counters move). */
  @Post('incidents/:id/reclassify')
  @HttpCode(200)
  @Roles(Role.StreetCommander)
  reclassify(@Caller() a: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() b: ReclassifyDto) {
    return this.desk.reclassify(a, { ...b, incidentId: id });
  }

  /** 派遣建议: the unit and departments the incident's category suggests, departments of its district. */
  @Get('incidents/:id/dispatch-suggestion')
  @Roles(Role.StreetCommander, Role.DistrictViewer)
  suggestion(@Caller() a: Actor, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.desk.suggestDispatch(a, { incidentId: id });
  }

  /** 我的待办: what waits for the caller (their unit, department, grids, or the street), by deadline, with the light. */
  @Get('queue')
  @Roles(Role.UnitMember, Role.DepartmentLiaison, Role.GridWorker, Role.StreetCommander)
  queue(@Caller() a: Actor, @Query() q: MyQueueQuery) {
    return this.desk.myQueue(a, q);
  }

  @Get('dispatch-rules')
  @Roles(...READERS, Role.Admin)
  dispatchRules(@Caller() a: Actor) {
    return this.desk.dispatchRules(a);
  }

  @Put('dispatch-rules/:category')
  @Roles(Role.Admin, Role.StreetCommander)
  setDispatchRule(@Caller() a: Actor, @Param('category') category: string, @Body() b: DispatchRuleDto) {
    return this.desk.setDispatchRule(a, { ...b, category });
  }
}
