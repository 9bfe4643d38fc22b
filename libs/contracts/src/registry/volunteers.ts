import { ArrayMaxSize, IsArray, IsBoolean, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { rpcSubject } from '../common/rpc';
import { QueryInt, Text } from '../common/fields';

/** A volunteer (志愿者, a Y member) registered to a grid, with their teams. */
export interface VolunteerView {
  id: string;
  staffId: string;
  name: string;
  phone: string | null;
  phoneMasked: boolean;
  gridId: string;
  gridPath: string;
  skills: string[];
  teams: { id: string; code: string; name: string }[];
  registeredAt: string;
}

export interface VolunteerTeamView {
  id: string;
  code: string;
  name: string;
  special: boolean;
  gridId: string;
  gridPath: string;
  members: number;
}

export namespace ListVolunteers {
  export const subject = rpcSubject<Request, Reply>('registry.volunteer.list');
  export class Request {
    @IsOptional() @IsUUID() gridId?: string;
    @IsOptional() @IsUUID() teamId?: string;
    @IsOptional() @QueryInt(1, 500) limit?: number;
    @IsOptional() @Text(200) cursor?: string;
  }
  export interface Reply {
    items: VolunteerView[];
    nextCursor: string | null;
  }
}

export namespace RegisterVolunteer {
  export const subject = rpcSubject<Request, Reply>('registry.volunteer.register');
  export class Request {
    /** an existing person on the registry's staff */
    @IsUUID() staffId: string;
    @IsUUID() gridId: string;
    @IsOptional() @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @MaxLength(30, { each: true }) skills?: string[];
    @IsOptional() @IsArray() @ArrayMaxSize(20) @IsUUID('all', { each: true }) teamIds?: string[];
  }
  export type Reply = VolunteerView;
}

export namespace ListVolunteerTeams {
  export const subject = rpcSubject<Request, Reply>('registry.volunteer_team.list');
  export class Request {
    @IsOptional() @IsUUID() gridId?: string;
  }
  export interface Reply {
    items: VolunteerTeamView[];
  }
}

export namespace CreateVolunteerTeam {
  export const subject = rpcSubject<Request, Reply>('registry.volunteer_team.create');
  export class Request {
    @Matches(/^[a-z][a-z0-9_]{1,39}$/, { message: 'code must be lowercase letters, digits or _' }) code: string;
    @Text(50, 2) name: string;
    @IsOptional() @IsBoolean() special?: boolean;
    /** The grid (usually the street or a community) the team belongs to. */
    @IsUUID() gridId: string;
  }
  export type Reply = VolunteerTeamView;
}

export namespace JoinVolunteerTeam {
  export const subject = rpcSubject<Request, Reply>('registry.volunteer_team.join');
  export class Request {
    @IsUUID() teamId: string;
    @IsUUID() volunteerId: string;
  }
  export type Reply = VolunteerTeamView;
}
