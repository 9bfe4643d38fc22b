import { ArrayMaxSize, IsArray, IsBoolean, IsEnum, IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { Page } from '../common/pagination';
import { GridLevel } from './grid-locate';
import { RoleGroup, StaffRole } from './labels';
import { rpcSubject } from '../common/rpc';
import { IdRequest } from '../common/primitives';
import { PiiRevealRequest } from '../common/requests';
import { GridRoot, QueryBool, QueryInt, Text } from '../common/fields';

/** A staff member's phone: a mainland mobile or a landline (the field named). */
const MainlandPhone = (): PropertyDecorator => Matches(/^(\+?86)?1[3-9]\d{9}$|^0\d{2,3}-?\d{7,8}$/, { message: '$property must be a mainland mobile or landline number' });

export interface AssignmentView {
  assignmentId: string;
  gridId: string;
  gridCode: string;
  gridName: string;
  gridLevel: GridLevel;
  gridPath: string;
  role: StaffRole;
  roleLabel: { zh: string; en: string };
  group: RoleGroup;
  departmentId: string | null;
  since: string;
}

/** A person responsible on grids. `phone` is masked (139****5678) for every role; in full only through `RevealStaffPhone`. */
export interface StaffView {
  id: string;
  name: string;
  gender: string | null;
  phone: string | null;
  phoneMasked: boolean;
  partyMember: boolean;
  departmentId: string | null;
  accountId: string | null;
  homePath: string;
  assignments: AssignmentView[];
}

export namespace ListStaff {
  export const subject = rpcSubject<Request, Reply>('registry.staff.list');
  export class Request {
    @IsOptional() @IsUUID() gridId?: string;
    @IsOptional() @IsEnum(StaffRole) role?: StaffRole;
    @IsOptional() @IsEnum(RoleGroup) group?: RoleGroup;
    @IsOptional() @IsUUID() departmentId?: string;
    @IsOptional() @Text(50) q?: string;
    /** exact phone lookup (through the keyed hash; the phone itself is never queried in clear) */
    @IsOptional() @MainlandPhone() phone?: string;
    @IsOptional() @QueryInt(1, 500) limit?: number;
    @IsOptional() @Text(200) cursor?: string;
  }
  export type Reply = Page<StaffView>;
}

export namespace GetStaff {
  export const subject = rpcSubject<Request, Reply>('registry.staff.get');
  export class Request extends IdRequest {}
  export type Reply = StaffView;
}

export namespace CreateStaff {
  export const subject = rpcSubject<Request, Reply>('registry.staff.create');
  export class Request {
    @Text(50, 1) name: string;
    @IsOptional() @IsIn(['male', 'female']) gender?: 'male' | 'female';
    @IsOptional() @MainlandPhone() phone?: string;
    @IsOptional() @IsBoolean() partyMember?: boolean;
    /** For seconded staff (下沉人员): their home department. */
    @IsOptional() @IsUUID() departmentId?: string;
    @IsOptional() @IsUUID() accountId?: string;
    /** The grid the person is registered at (scoping); usually the street or their grid. */
    @IsUUID() homeGridId: string;
  }
  export type Reply = StaffView;
}

export namespace UpdateStaff {
  export const subject = rpcSubject<Request, Reply>('registry.staff.update');
  export class Request {
    @IsUUID() id: string;
    @IsOptional() @Text(50, 1) name?: string;
    @IsOptional() @MainlandPhone() phone?: string;
    @IsOptional() @IsBoolean() partyMember?: boolean;
    @IsOptional() @IsUUID() accountId?: string;
  }
  export type Reply = StaffView;
}

/** Puts a person on a grid in a role. One person may serve several grids. */
export namespace AssignStaff {
  export const subject = rpcSubject<Request, Reply>('registry.staff.assign');
  export class Request {
    @IsUUID() gridId: string;
    @IsUUID() staffId: string;
    @IsEnum(StaffRole) role: StaffRole;
    /** For grid_head: end the current head's post in the same transaction (交接). */
    @IsOptional() @QueryBool() replace?: boolean;
  }
  export type Reply = StaffView;
}

export namespace EndAssignment {
  export const subject = rpcSubject<Request, Reply>('registry.staff.unassign');
  export class Request {
    @IsUUID() assignmentId: string;
  }
  export interface Reply {
    assignmentId: string;
    endedAt: string;
  }
}

/** `registry.grid.staff`: everyone currently on a grid, grouped 1 / X / Y / seconded / forces. */
export namespace GridStaff {
  export const subject = rpcSubject<Request, Reply>('registry.grid.staff');
  export class Request extends IdRequest {}
  export interface Member {
    staffId: string;
    assignmentId: string;
    name: string;
    phone: string | null;
    phoneMasked: boolean;
    role: StaffRole;
    roleLabel: { zh: string; en: string };
    group: RoleGroup;
    departmentId: string | null;
    since: string;
  }
  export interface Reply {
    gridId: string;
    head: Member | null;
    members: Member[];
    counts: Record<RoleGroup, number>;
  }
}

/**
 * `registry.staff.roster`: the current posts of the given roles on grids under a root (names only,
 * no phones): who should file diaries (the office's 民情日志督查) and who sits in a meeting (三会一评).
 */
export namespace StaffRoster {
  export const subject = rpcSubject<Request, Reply>('registry.staff.roster');
  export class Request {
    @IsOptional() @GridRoot() root?: string;
    @IsOptional() @IsEnum(StaffRole, { each: true }) roles?: StaffRole[];
    @IsOptional() @IsEnum(GridLevel, { each: true }) levels?: GridLevel[];
  }
  export interface Post {
    staffId: string;
    accountId: string | null;
    name: string;
    gridId: string;
    gridPath: string;
    gridName: string;
    gridLevel: GridLevel;
    role: StaffRole;
  }
  export interface Reply {
    items: Post[];
  }
}

/**
 * `registry.staff.names`: the name directory (人员名录) of the people an event names by account id
 * only (no name or phone travels in an event, issue 20 item 8): the registry's staff with those
 * accounts, in the caller's scope. An account with no staff record is not in the reply (the
 * reader names it by its unit or role). Names only, never phones.
 */
export namespace StaffNames {
  export const subject = rpcSubject<Request, Reply>('registry.staff.names');
  export class Request {
    @IsArray()
    @ArrayMaxSize(200)
    @IsUUID('all', { each: true })
    accountIds: string[];
  }
  export interface Item {
    accountId: string;
    staffId: string;
    name: string;
  }
  export interface Reply {
    items: Item[];
  }
}

/**
 * `registry.staff.reveal-phone`: a staff member's phone in full (every list and view shows it
 * masked, 139****5678, for every role), with a reason. Only the street command and the
 * organisation group may (they call grid staff); never the system admin, the auditor or the
 * security admin (三员分立). The gateway writes the reveal to the hash-chained audit log
 * (`pii.reveal`, target `registry.staff:<id>`) before the answer leaves.
 */
export namespace RevealStaffPhone {
  export const subject = rpcSubject<Request, Reply>('registry.staff.reveal-phone');
  export class Request extends PiiRevealRequest {
    @IsUUID()
    id: string;
  }
  export interface Reply {
    id: string;
    name: string;
    phone: string | null;
  }
}
