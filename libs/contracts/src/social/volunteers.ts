import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { Page } from '../common/pagination';
import { ServiceHours, SocialGridFilter, SocialMonthRange } from './common-dto';
import { rpcSubject } from '../common/rpc';
import { IdRequest, REGISTER_CODE_PATTERN } from '../common/primitives';
import { PageQuery } from '../common/pagination';
import { Day, LtreePath, Phone, QueryInt, Text } from '../common/fields';

/** `social.volunteer.register`: a volunteer (often a Y member of a grid: building head, party volunteer, active retiree). */
export namespace RegisterSocialVolunteer {
  export const subject = rpcSubject<Request, Reply>('social.volunteer.register');
  export class Request {
    @Text(50, 1) name: string;
    @IsOptional() @IsIn(['male', 'female']) gender?: 'male' | 'female';
    @IsOptional() @Phone() phone?: string;
    @IsOptional() @IsUUID() gridId?: string;
    @LtreePath(255) gridPath: string;
    /** The Y role on the grid (building_head, party_volunteer, active_retiree…). */
    @IsOptional() @Text(40) yRole?: string;
    /** The registry's person id, when the volunteer is a person on a grid. */
    @IsOptional() @IsUUID() personId?: string;
    @IsOptional() @IsArray() @ArrayMaxSize(13) @IsUUID('all', { each: true }) teamIds?: string[];
  }
  export type Reply = SocialVolunteerView;
}

export namespace ListSocialVolunteers {
  export const subject = rpcSubject<Request, Reply>('social.volunteer.list');
  export class Request extends SocialGridFilter {
    @IsOptional() @IsUUID() teamId?: string;
    @IsOptional() @Text(50) q?: string;
  }
  export type Reply = Page<SocialVolunteerView>;
}

export namespace GetSocialVolunteer {
  export const subject = rpcSubject<Request, Reply>('social.volunteer.get');
  export class Request extends IdRequest {}
  export type Reply = SocialVolunteerView;
}

/** Hours served in one activity (志愿服务时长); optional points for the activity. */
export namespace RecordVolunteerActivity {
  export const subject = rpcSubject<Request, Reply>('social.volunteer.activity.record');
  export class Request {
    @IsUUID() volunteerId: string;
    @IsOptional() @IsUUID() teamId?: string;
    @Text(200, 2) title: string;
    @Day() activityDate: string;
    @ServiceHours() hours: number;
    @IsOptional() @QueryInt(1, 50) points?: number;
  }
  export type Reply = VolunteerActivityView;
}

export namespace ListVolunteerActivities {
  export const subject = rpcSubject<Request, Reply>('social.volunteer.activity.list');
  export class Request extends PageQuery {
    @IsOptional() @IsUUID() volunteerId?: string;
    @IsOptional() @IsUUID() teamId?: string;
  }
  export type Reply = Page<VolunteerActivityView>;
}

export interface VolunteerActivityView {
  id: string;
  volunteerId: string;
  teamId: string | null;
  serviceRequestId: string | null;
  title: string;
  activityDate: string;
  hours: number;
  gridPath: string;
  createdAt: string;
}

export interface SocialVolunteerView {
  id: string;
  name: string;
  gender: string | null;
  /** masked */
  phone: string | null;
  gridId: string | null;
  gridPath: string;
  yRole: string | null;
  personId: string | null;
  teams: { id: string; code: string; name: string; special: boolean }[];
  points: { balance: number; earned: number; spent: number };
  hoursTotal: number;
  active: boolean;
  createdAt: string;
}

export namespace VolunteerFigures {
  export const subject = rpcSubject<Request, Reply>('social.volunteer.figures');
  export class Request extends SocialMonthRange {}
  export interface Reply {
    from: string;
    to: string;
    volunteers: number;
    teams: number;
    specialTeams: number;
    hoursByMonth: { month: string; hours: number; activities: number }[];
    hoursByTeam: { teamId: string | null; code: string | null; name: string; hours: number }[];
    points: { earned: number; spent: number; balance: number };
  }
}

// ---- teams (志愿者队伍) ------------------------------------------------------------------------

export interface SocialTeamView {
  id: string;
  code: string;
  name: string;
  special: boolean;
  description: string | null;
  streetPath: string;
  members: number;
  hoursTotal: number;
}

export namespace ListSocialTeams {
  export const subject = rpcSubject<Request, Reply>('social.team.list');
  export class Request {
    @IsOptional() @LtreePath() gridPath?: string;
  }
  export interface Reply {
    items: SocialTeamView[];
  }
}

export namespace CreateSocialTeam {
  export const subject = rpcSubject<Request, Reply>('social.team.create');
  export class Request {
    @Matches(REGISTER_CODE_PATTERN, { message: 'code must be lower-case letters, digits and _' }) code: string;
    @Text(50, 2) name: string;
    @IsOptional() @IsBoolean() special?: boolean;
    @IsOptional() @Text(500) description?: string;
    @LtreePath() streetPath: string;
  }
  export type Reply = SocialTeamView;
}

export namespace GetSocialTeam {
  export const subject = rpcSubject<Request, Reply>('social.team.get');
  export class Request extends IdRequest {}
  export interface Reply extends SocialTeamView {
    memberList: { volunteerId: string; name: string; gridPath: string; joinedAt: string }[];
  }
}

/** One volunteer of one team (志愿服务队): added or removed. */
export class SocialTeamMemberRequest {
  @IsUUID() teamId: string;
  @IsUUID() volunteerId: string;
}

export namespace AddSocialTeamMember {
  export const subject = rpcSubject<Request, Reply>('social.team.member.add');
  export class Request extends SocialTeamMemberRequest {}
  export type Reply = GetSocialTeam.Reply;
}

export namespace RemoveSocialTeamMember {
  export const subject = rpcSubject<Request, Reply>('social.team.member.remove');
  export class Request extends SocialTeamMemberRequest {}
  export type Reply = GetSocialTeam.Reply;
}

// ---- points (积分) ----------------------------------------------------------------------------

export interface PointsEntryView {
  id: string;
  volunteerId: string;
  delta: number;
  balanceAfter: number;
  reason: string;
  serviceRequestId: string | null;
  exchangeId: string | null;
  note: string | null;
  createdAt: string;
}

export namespace PointsLedger {
  export const subject = rpcSubject<Request, Reply>('social.points.ledger');
  export class Request extends PageQuery {
    @IsUUID() volunteerId: string;
  }
  export interface Reply {
    volunteerId: string;
    balance: number;
    earned: number;
    spent: number;
    items: PointsEntryView[];
    nextCursor: string | null;
  }
}

/** The points ranking (积分榜). */
export namespace PointsBalances {
  export const subject = rpcSubject<Request, Reply>('social.points.balances');
  export class Request extends SocialGridFilter {
    @IsOptional() @IsUUID() teamId?: string;
  }
  export interface Reply {
    items: { volunteerId: string; name: string; gridPath: string; balance: number; earned: number; spent: number }[];
  }
}

/** A manual award or correction, with its reason (never below zero). */
export namespace AdjustPoints {
  export const subject = rpcSubject<Request, Reply>('social.points.adjust');
  export class Request {
    @IsUUID() volunteerId: string;
    @QueryInt(-1000, 1000) delta: number;
    @Text(200, 2) reason: string;
  }
  export type Reply = PointsEntryView;
}
