import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { Page } from '../common/pagination';
import { SocialGridFilter, SocialMonthRange } from './common-dto';
import { rpcSubject } from '../common/rpc';
import { DAY_PATTERN, GRID_PATH_PATTERN, IdRequest } from '../common/primitives';
import { PageQuery } from '../common/pagination';

const PHONE = /^\+?[\d\- ]{7,20}$/;
const TEAM_CODE = /^[a-z][a-z0-9_]{1,39}$/;

/** `social.volunteer.register`: a volunteer (often a Y member of a grid: building head, party volunteer, active retiree). */
export namespace RegisterSocialVolunteer {
  export const subject = rpcSubject<Request, Reply>('social.volunteer.register');
  export class Request {
    @IsString() @MinLength(1) @MaxLength(50) name: string;
    @IsOptional() @IsIn(['male', 'female']) gender?: 'male' | 'female';
    @IsOptional() @Matches(PHONE, { message: 'phone must be a phone number' }) phone?: string;
    @IsOptional() @IsUUID() gridId?: string;
    @Matches(GRID_PATH_PATTERN, { message: 'gridPath must be an ltree path' }) @MaxLength(255) gridPath: string;
    /** The Y role on the grid (building_head, party_volunteer, active_retiree…). */
    @IsOptional() @IsString() @MaxLength(40) yRole?: string;
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
    @IsOptional() @IsString() @MaxLength(50) q?: string;
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
    @IsString() @MinLength(2) @MaxLength(200) title: string;
    @Matches(DAY_PATTERN, { message: 'activityDate must be YYYY-MM-DD' }) activityDate: string;
    @Type(() => Number) @IsNumber({ maxDecimalPlaces: 2 }) @Min(0.25) @Max(24) hours: number;
    @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(50) points?: number;
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
    @IsOptional() @Matches(GRID_PATH_PATTERN, { message: 'gridPath must be an ltree path' }) gridPath?: string;
  }
  export interface Reply {
    items: SocialTeamView[];
  }
}

export namespace CreateSocialTeam {
  export const subject = rpcSubject<Request, Reply>('social.team.create');
  export class Request {
    @Matches(TEAM_CODE, { message: 'code must be lower-case letters, digits and _' }) code: string;
    @IsString() @MinLength(2) @MaxLength(50) name: string;
    @IsOptional() @IsBoolean() special?: boolean;
    @IsOptional() @IsString() @MaxLength(500) description?: string;
    @Matches(GRID_PATH_PATTERN, { message: 'streetPath must be an ltree path' }) streetPath: string;
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
    @Type(() => Number) @IsInt() @Min(-1000) @Max(1000) delta: number;
    @IsString() @MinLength(2) @MaxLength(200) reason: string;
  }
  export type Reply = PointsEntryView;
}
