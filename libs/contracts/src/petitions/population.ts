import { IsBoolean, IsDateString, IsEnum, IsInt, IsISO8601, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { PiiIdentityInput, PiiIdentityView, PetitionsListQuery, PetitionsToBool } from './common';
import { FollowUpMethod, RiskLevel } from './labels';
import { rpcSubject } from '../common/rpc';
import { RevealRequest } from '../common/requests';
import { IdRequest, REGISTER_CODE_PATTERN } from '../common/primitives';
import { GridPath, Nested, Text } from '../common/fields';

/** A filter by register (the field named). */
const RegisterCode = (): PropertyDecorator => Matches(REGISTER_CODE_PATTERN, { message: '$property must be a register code' });

export interface PopulationCategoryView {
  code: string;
  zh: string;
  en: string;
  /** Follow-up interval in days at low/medium risk (monthly by default). */
  followUpDays: number;
  /** Follow-up interval at high risk (weekly by default). */
  highRiskFollowUpDays: number;
  builtIn: boolean;
}

export namespace ListPopulationCategories {
  export const subject = rpcSubject<Request, Reply>('petitions.population.category.list');
  export class Request {}
  export interface Reply {
    items: PopulationCategoryView[];
  }
}

/** `petitions.population.category.define`: a further register (其他特殊人群), or new intervals for one. */
export namespace DefinePopulationCategory {
  export const subject = rpcSubject<Request, Reply>('petitions.population.category.define');
  export class Request {
    @Matches(REGISTER_CODE_PATTERN, { message: 'code must be lower-case letters, digits and _' }) code: string;
    @Text(50, 1) zh: string;
    @Text(80, 1) en: string;
    @IsInt() @Min(1) @Max(365) followUpDays: number;
    @IsInt() @Min(1) @Max(365) highRiskFollowUpDays: number;
  }
  export type Reply = PopulationCategoryView;
}

export interface SpecialPersonView {
  id: string;
  category: string;
  identity: PiiIdentityView;
  gender: string | null;
  gridPath: string;
  gridId: string | null;
  buildingId: string | null;
  riskLevel: RiskLevel;
  /** Interval in effect now (a stability warning can tighten it). */
  followUpDays: number;
  raisedByWarning: boolean;
  responsibleWorker: { id: string | null; name: string | null };
  registeredAt: string;
  lastFollowUpAt: string | null;
  nextDueAt: string;
  overdue: boolean;
  active: boolean;
  note: string | null;
}

export interface FollowUpView {
  id: string;
  personId: string;
  visitedAt: string;
  method: FollowUpMethod;
  visitor: { id: string; name: string };
  situation: string;
  anomaly: boolean;
  riskLevelAfter: RiskLevel | null;
  late: boolean;
}

/** `petitions.population.register` (特殊人群登记). */
export namespace RegisterSpecialPerson {
  export const subject = rpcSubject<Request, Reply>('petitions.population.register');
  export class Request {
    @Matches(REGISTER_CODE_PATTERN, { message: 'category must be a register code such as community_corrections' }) category: string;
    @Nested(() => PiiIdentityInput) identity: PiiIdentityInput;
    @IsOptional() @IsEnum(['male', 'female']) gender?: 'male' | 'female';
    @GridPath() gridPath: string;
    @IsOptional() @IsUUID() gridId?: string;
    /** The registry's building id (a reference, not a foreign key). */
    @IsOptional() @IsUUID() buildingId?: string;
    @IsEnum(RiskLevel) riskLevel: RiskLevel;
    /** Overrides the register's interval for this person (days). */
    @IsOptional() @IsInt() @Min(1) @Max(365) followUpDays?: number;
    @IsOptional() @IsUUID() responsibleWorkerId?: string;
    @IsOptional() @Text(50) responsibleWorkerName?: string;
    @IsOptional() @IsISO8601() registeredAt?: string;
    @IsOptional() @Text(2000) note?: string;
  }
  export type Reply = SpecialPersonView;
}

export namespace ListSpecialPeople {
  export const subject = rpcSubject<Request, Reply>('petitions.population.list');
  export class Request extends PetitionsListQuery {
    @IsOptional() @RegisterCode() category?: string;
    @IsOptional() @IsEnum(RiskLevel) riskLevel?: RiskLevel;
    /** Only people overdue for a follow-up visit. */
    @IsOptional() @PetitionsToBool() @IsBoolean() overdue?: boolean;
  }
  export interface Reply {
    items: SpecialPersonView[];
    total: number;
    limit: number;
    offset: number;
    /** Counts per register, visible to every role that may read the registers. */
    counts: { category: string; total: number; highRisk: number; overdue: number }[];
  }
}

export namespace GetSpecialPerson {
  export const subject = rpcSubject<Request, Reply>('petitions.population.get');
  export class Request extends IdRequest {}
  export type Reply = SpecialPersonView & { followUps: FollowUpView[] };
}

export class UpdateRiskBody {
  @IsEnum(RiskLevel) riskLevel: RiskLevel;
  @Text(1000, 2) reason: string;
}
export namespace UpdateSpecialPersonRisk {
  export const subject = rpcSubject<Request, Reply>('petitions.population.risk.update');
  export class Request extends UpdateRiskBody {
    @IsUUID() id: string;
  }
  export type Reply = SpecialPersonView;
}

export class RecordFollowUpBody {
  @IsISO8601() visitedAt: string;
  @IsEnum(FollowUpMethod) method: FollowUpMethod;
  /** 现实表现: what was seen and said. */
  @Text(4000, 2) situation: string;
  @IsOptional() @IsBoolean() anomaly?: boolean;
  /** The risk level after this visit, when it changes. */
  @IsOptional() @IsEnum(RiskLevel) riskLevelAfter?: RiskLevel;
}
/** `petitions.population.followup.record` (走访帮教记录), by the grid worker. */
export namespace RecordFollowUp {
  export const subject = rpcSubject<Request, Reply>('petitions.population.followup.record');
  export class Request extends RecordFollowUpBody {
    @IsUUID() id: string;
  }
  export type Reply = FollowUpView;
}

export namespace RevealSpecialPerson {
  export const subject = rpcSubject<Request, Reply>('petitions.population.reveal');
  export class Request extends RevealRequest {}
  export interface Reply {
    id: string;
    identity: PiiIdentityView;
  }
}

export class PetitionsExportBody {
  @Text(500, 4) reason: string;
  @IsOptional() @GridPath() gridPath?: string;
}

export class ExportSpecialPeopleBody extends PetitionsExportBody {
  @IsOptional() @RegisterCode() category?: string;
}
/** `petitions.population.export` (XLSX, watermarked with the exporter and the time, audited). */
export namespace ExportSpecialPeople {
  export const subject = rpcSubject<Request, Reply>('petitions.population.export');
  export class Request extends ExportSpecialPeopleBody {}
  export type Reply = import('./common').PetitionsFileReply;
}

// ---- floating population (流动人口) ----

export interface FloatingPersonView {
  id: string;
  identity: PiiIdentityView;
  buildingId: string;
  gridPath: string;
  gridId: string | null;
  origin: string | null;
  occupation: string | null;
  arrivedOn: string;
  leftOn: string | null;
  present: boolean;
  registeredBy: string;
}

export namespace RegisterFloatingPerson {
  export const subject = rpcSubject<Request, Reply>('petitions.floating.register');
  export class Request {
    @Nested(() => PiiIdentityInput) identity: PiiIdentityInput;
    /** The registry's building (a reference, not a foreign key). */
    @IsUUID() buildingId: string;
    @GridPath() gridPath: string;
    @IsOptional() @IsUUID() gridId?: string;
    /** 户籍地 */
    @IsOptional() @Text(100) origin?: string;
    @IsOptional() @Text(100) occupation?: string;
    @IsDateString({ strict: true }, { message: 'arrivedOn must be a date YYYY-MM-DD' }) arrivedOn: string;
  }
  export type Reply = FloatingPersonView;
}

export namespace ListFloatingPeople {
  export const subject = rpcSubject<Request, Reply>('petitions.floating.list');
  export class Request extends PetitionsListQuery {
    @IsOptional() @IsUUID() buildingId?: string;
    /** Only those still living here (default); false lists everyone. */
    @IsOptional() @PetitionsToBool() @IsBoolean() present?: boolean;
  }
  export interface Reply {
    items: FloatingPersonView[];
    total: number;
    limit: number;
    offset: number;
    present: number;
  }
}

export class FloatingLeaveBody {
  @IsDateString({ strict: true }, { message: 'leftOn must be a date YYYY-MM-DD' }) leftOn: string;
}
export namespace FloatingPersonLeft {
  export const subject = rpcSubject<Request, Reply>('petitions.floating.leave');
  export class Request extends FloatingLeaveBody {
    @IsUUID() id: string;
  }
  export type Reply = FloatingPersonView;
}

export namespace RevealFloatingPerson {
  export const subject = rpcSubject<Request, Reply>('petitions.floating.reveal');
  export class Request extends RevealRequest {}
  export interface Reply {
    id: string;
    identity: PiiIdentityView;
  }
}

export namespace ExportFloatingPeople {
  export const subject = rpcSubject<Request, Reply>('petitions.floating.export');
  export class Request extends PetitionsExportBody {}
  export type Reply = import('./common').PetitionsFileReply;
}
