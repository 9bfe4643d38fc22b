import { ArrayMaxSize, IsArray, IsEnum, IsOptional, IsUUID, Matches } from 'class-validator';
import { KeyArea } from '../common/key-areas';
import { rpcSubject } from '../common/rpc';
import { IdRequest } from '../common/primitives';
import { QueryInt, Text } from '../common/fields';

/** A functional department (职能部门, a "line" 条) of the district. */
export interface DepartmentView {
  id: string;
  code: string;
  name: string;
  fullName: string;
  districtPath: string;
  keyAreas: KeyArea[];
  /** level-2 grids in the caller's scope it is linked to */
  linkedGrids: number;
  secondedStaff: number;
}

export namespace ListDepartments {
  export const subject = rpcSubject<Request, Reply>('registry.department.list');
  export class Request {
    @IsOptional() @IsEnum(KeyArea) keyArea?: KeyArea;
    @IsOptional() @Text(50) q?: string;
    @IsOptional() @QueryInt(1, 500) limit?: number;
  }
  export interface Reply {
    items: DepartmentView[];
  }
}

export namespace CreateDepartment {
  export const subject = rpcSubject<Request, Reply>('registry.department.create');
  export class Request {
    @Matches(/^[a-z][a-z0-9_]{1,39}$/, { message: 'code must be lowercase letters, digits or _' }) code: string;
    @Text(50, 1) name: string;
    @Text(100, 1) fullName: string;
    /** The district grid the department belongs to. */
    @IsUUID() districtGridId: string;
    @IsOptional() @IsArray() @ArrayMaxSize(7) @IsEnum(KeyArea, { each: true }) keyAreas?: KeyArea[];
  }
  export type Reply = DepartmentView;
}

/** "Lines into blocks" (条块): a department linked to a level-2 grid through a seconded person (下沉人员). */
export namespace LinkDepartment {
  export const subject = rpcSubject<Request, Reply>('registry.department.link');
  export class Request {
    @IsUUID() departmentId: string;
    @IsUUID() gridId: string;
    @IsUUID() staffId: string;
  }
  export interface Reply {
    linkId: string;
    departmentId: string;
    gridId: string;
    staffId: string;
    since: string;
  }
}

export namespace UnlinkDepartment {
  export const subject = rpcSubject<Request, Reply>('registry.department.unlink');
  export class Request {
    @IsUUID() linkId: string;
  }
  export interface Reply {
    linkId: string;
    endedAt: string;
  }
}

/** `registry.grid.departments`: the departments answering for a grid (linked to it or to its L2 ancestor). */
export namespace GridDepartments {
  export const subject = rpcSubject<Request, Reply>('registry.grid.departments');
  export class Request extends IdRequest {}
  export interface Linked {
    departmentId: string;
    code: string;
    name: string;
    keyAreas: KeyArea[];
    /** the grid the link is on (the grid itself or its level-2 ancestor) */
    viaGridId: string;
    secondedStaff: { staffId: string; name: string; phone: string | null }[];
  }
  export interface Reply {
    gridId: string;
    departments: Linked[];
  }
}
