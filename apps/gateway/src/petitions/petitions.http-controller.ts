import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  AcceptPetitionBody,
  Actor,
  ClosePetitionBody,
  ExtendPetitionBody,
  GetPetitionsFigures,
  HandoverPetitionBody,
  ListIdentityAudit,
  ListOverduePetitions,
  ListPetitions,
  PiiRevealRequest,
  RegisterPetition,
  RejectPetitionBody,
  ReplyPetitionBody,
  ReturnPetitionBody,
} from '@grid122/contracts';
import { Caller, OnlyRoles, Roles } from '../auth/auth.decorators';
import { PetitionsClient } from './petitions.client';
import { AUDIT_ROLES, MANAGE_ROLES, READ_ROLES } from './petitions.roles';

/** 信访: `/api/v1/petitions`. */
@ApiTags('petitions')
@ApiBearerAuth()
@Controller('api/v1/petitions')
export class PetitionsHttpController {
  constructor(private readonly client: PetitionsClient) {}

  @Post()
  @Roles(...MANAGE_ROLES)
  register(@Caller() a: Actor, @Body() b: RegisterPetition.Request) {
    return this.client.registerPetition(a, b);
  }

  @Get()
  @Roles(...READ_ROLES)
  list(@Caller() a: Actor, @Query() q: ListPetitions.Request) {
    return this.client.listPetitions(a, q);
  }

  /** 超期: past the acceptance or reply limit. */
  @Get('overdue')
  @Roles(...READ_ROLES)
  overdue(@Caller() a: Actor, @Query() q: ListOverduePetitions.Request) {
    return this.client.overduePetitions(a, q);
  }

  /** The group's figures: 双下降, repeat rate, on-time replies, disputes, follow-ups. */
  @Get('figures')
  @Roles(...READ_ROLES)
  figures(@Caller() a: Actor, @Query() q: GetPetitionsFigures.Request) {
    return this.client.figures(a, q);
  }

  /** Who revealed or exported identities, why and when. */
  @Get('identity-audit')
  @Roles(...AUDIT_ROLES)
  identityAudit(@Caller() a: Actor, @Query() q: ListIdentityAudit.Request) {
    return this.client.identityAudit(a, q);
  }

  @Get(':id')
  @Roles(...READ_ROLES)
  get(@Caller() a: Actor, @Param('id') id: string) {
    return this.client.getPetition(a, id);
  }

  @Post(':id/accept')
  @HttpCode(200)
  @Roles(...MANAGE_ROLES)
  accept(@Caller() a: Actor, @Param('id') id: string, @Body() b: AcceptPetitionBody) {
    return this.client.acceptPetition(a, { ...b, id });
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Roles(...MANAGE_ROLES)
  reject(@Caller() a: Actor, @Param('id') id: string, @Body() b: RejectPetitionBody) {
    return this.client.rejectPetition(a, { ...b, id });
  }

  @Post(':id/extend')
  @HttpCode(200)
  @Roles(...MANAGE_ROLES)
  extend(@Caller() a: Actor, @Param('id') id: string, @Body() b: ExtendPetitionBody) {
    return this.client.extendPetition(a, { ...b, id });
  }

  @Post(':id/reply')
  @HttpCode(200)
  @Roles(...MANAGE_ROLES)
  reply(@Caller() a: Actor, @Param('id') id: string, @Body() b: ReplyPetitionBody) {
    return this.client.replyPetition(a, { ...b, id });
  }

  @Post(':id/close')
  @HttpCode(200)
  @Roles(...MANAGE_ROLES)
  close(@Caller() a: Actor, @Param('id') id: string, @Body() b: ClosePetitionBody) {
    return this.client.closePetition(a, { ...b, id });
  }

  @Post(':id/handover')
  @HttpCode(200)
  @Roles(...MANAGE_ROLES)
  handover(@Caller() a: Actor, @Param('id') id: string, @Body() b: HandoverPetitionBody) {
    return this.client.handoverPetition(a, { ...b, id });
  }

  @Post(':id/return')
  @HttpCode(200)
  @Roles(...MANAGE_ROLES)
  return(@Caller() a: Actor, @Param('id') id: string, @Body() b: ReturnPetitionBody) {
    return this.client.returnPetition(a, { ...b, id });
  }

  /** The petitioner's identity in plain, with a reason written to the audit. */
  @Post(':id/reveal')
  @HttpCode(200)
  @OnlyRoles(...MANAGE_ROLES) // the system admin may not reveal identities (三员分立)
  reveal(@Caller() a: Actor, @Param('id') id: string, @Body() b: PiiRevealRequest) {
    return this.client.revealPetition(a, { ...b, id });
  }
}
