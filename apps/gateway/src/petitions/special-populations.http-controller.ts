import { Body, Controller, Get, HttpCode, Param, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  Actor,
  DefinePopulationCategory,
  ExportSpecialPeopleBody,
  ListSpecialPeople,
  PiiRevealRequest,
  RecordFollowUpBody,
  RegisterSpecialPerson,
  UpdateRiskBody,
} from '@grid122/contracts';
import { Caller, OnlyRoles, Roles } from '../auth/auth.decorators';
import { toDownloadAsync } from './file-reply';
import { PetitionsClient } from './petitions.client';
import { COMMAND_ROLES, GRID_WORK_ROLES, MANAGE_ROLES, READ_ROLES } from './petitions.roles';

/** 特殊人群: `/api/v1/special-populations`. */
@ApiTags('special-populations')
@ApiBearerAuth()
@Controller('api/v1/special-populations')
export class SpecialPopulationsHttpController {
  constructor(private readonly client: PetitionsClient) {}

  @Get('categories')
  @Roles(...READ_ROLES)
  categories(@Caller() a: Actor) {
    return this.client.listCategories(a);
  }

  @Post('categories')
  @Roles(...COMMAND_ROLES)
  defineCategory(@Caller() a: Actor, @Body() b: DefinePopulationCategory.Request) {
    return this.client.defineCategory(a, b);
  }

  @Post()
  @Roles(...MANAGE_ROLES)
  register(@Caller() a: Actor, @Body() b: RegisterSpecialPerson.Request) {
    return this.client.registerSpecialPerson(a, b);
  }

  @Get()
  @Roles(...READ_ROLES)
  list(@Caller() a: Actor, @Query() q: ListSpecialPeople.Request) {
    return this.client.listSpecialPeople(a, q);
  }

  /** People overdue for a follow-up visit (a warning over their grid tightens the interval). */
  @Get('overdue')
  @Roles(...READ_ROLES)
  overdue(@Caller() a: Actor, @Query() q: ListSpecialPeople.Request) {
    return this.client.listSpecialPeople(a, { ...q, overdue: true });
  }

  /** XLSX with identities: needs a reason, is audited and watermarked with the exporter. */
  @Post('export')
  @HttpCode(200)
  @Roles(...MANAGE_ROLES)
  export(@Caller() a: Actor, @Body() b: ExportSpecialPeopleBody): Promise<StreamableFile> {
    return toDownloadAsync(this.client.exportSpecialPeople(a, b));
  }

  @Get(':id')
  @Roles(...READ_ROLES)
  get(@Caller() a: Actor, @Param('id') id: string) {
    return this.client.getSpecialPerson(a, id);
  }

  @Post(':id/risk')
  @HttpCode(200)
  @Roles(...MANAGE_ROLES)
  risk(@Caller() a: Actor, @Param('id') id: string, @Body() b: UpdateRiskBody) {
    return this.client.updateRisk(a, { ...b, id });
  }

  /** 走访: a follow-up visit by the grid worker. */
  @Post(':id/follow-ups')
  @Roles(...GRID_WORK_ROLES)
  followUp(@Caller() a: Actor, @Param('id') id: string, @Body() b: RecordFollowUpBody) {
    return this.client.recordFollowUp(a, { ...b, id });
  }

  @Post(':id/reveal')
  @HttpCode(200)
  @OnlyRoles(...MANAGE_ROLES) // the system admin may not reveal identities (三员分立)
  reveal(@Caller() a: Actor, @Param('id') id: string, @Body() b: PiiRevealRequest) {
    return this.client.revealSpecialPerson(a, { ...b, id });
  }
}
