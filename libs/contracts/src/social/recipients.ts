import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsEnum, IsIn, IsOptional, IsUUID, Matches, MaxLength } from 'class-validator';
import { Page } from '../common/pagination';
import { SocialGridFilter, SocialLabelledCode } from './common-dto';
import { DisabilityCategory, SupportKind } from './labels';
import { rpcSubject } from '../common/rpc';
import { GeoPoint, IdRequest, REGISTER_CODE_PATTERN } from '../common/primitives';
import { Day, Field, GeoPointField, IdNumber, IsGridPath, LtreePath, Month, NestedList, Phone, QueryInt, Text } from '../common/fields';

export class HouseholdMemberInput {
  @Text(50, 1) name: string;
  /** 关系: spouse, child, parent, grandchild, other… */
  @Text(20, 1) relation: string;
  @IsOptional() @QueryInt(1900, 2100) birthYear?: number;
}

export class RecipientSupportInput {
  @IsEnum(SupportKind) kind: SupportKind;
  /** Monthly amount in cents (分), for allowances and vouchers. */
  @IsOptional() @QueryInt(0, 10_000_000) monthlyAmountCents?: number;
  @IsOptional() @Day() startedOn?: string;
  @IsOptional() @Text(200) note?: string;
}

/** The rules of a recipient's fields, said once for registering and updating (put `@IsOptional()` before one). */
const Recipient = {
  name: () => Text(50, 1),
  categories: () => Field(IsArray(), ArrayMinSize(1), ArrayMaxSize(8), Matches(REGISTER_CODE_PATTERN, { each: true, message: 'each category must be a code like elderly' })),
  /** 残疾等级 一级 (most severe) .. 四级 */
  disabilityGrade: () => QueryInt(1, 4),
  householdMembers: () => NestedList(() => HouseholdMemberInput, 20),
  address: () => Text(200),
  note: () => Text(500),
};

/** `social.recipient.register`: a resident in need, registered to a building on a grid. */
export namespace RegisterRecipient {
  export const subject = rpcSubject<Request, Reply>('social.recipient.register');
  export class Request {
    @Recipient.name() name: string;
    @IsOptional() @IsIn(['male', 'female']) gender?: 'male' | 'female';
    @IsOptional() @Day() birthDate?: string;
    @IsOptional() @IdNumber() idNumber?: string;
    @IsOptional() @Phone() phone?: string;
    @Recipient.categories() categories: string[];
    @IsOptional() @IsEnum(DisabilityCategory) disabilityCategory?: DisabilityCategory;
    @IsOptional() @Recipient.disabilityGrade() disabilityGrade?: number;
    @IsOptional() @Recipient.householdMembers() householdMembers?: HouseholdMemberInput[];
    @IsOptional() @IsUUID() gridId?: string;
    @Field(IsGridPath({ message: 'gridPath must be an ltree path like nj.gulou.btq.c01.g2_01.g3_01' }), MaxLength(255)) gridPath: string;
    @IsOptional() @IsUUID() buildingId?: string;
    @IsOptional() @Text(100) buildingName?: string;
    @IsOptional() @Recipient.address() address?: string;
    @IsOptional() @GeoPointField() location?: GeoPoint;
    /** 一对一结对帮扶: the volunteer paired with this resident. */
    @IsOptional() @IsUUID() pairHelperVolunteerId?: string;
    @IsOptional() @NestedList(() => RecipientSupportInput, 10) supports?: RecipientSupportInput[];
    @IsOptional() @Recipient.note() note?: string;
  }
  export type Reply = RecipientView;
}

export namespace UpdateRecipient {
  export const subject = rpcSubject<Request, Reply>('social.recipient.update');
  export class Request {
    @IsUUID() id: string;
    @IsOptional() @Recipient.name() name?: string;
    @IsOptional() @Phone() phone?: string;
    @IsOptional() @Recipient.categories() categories?: string[];
    @IsOptional() @IsEnum(DisabilityCategory) disabilityCategory?: DisabilityCategory;
    @IsOptional() @Recipient.disabilityGrade() disabilityGrade?: number;
    @IsOptional() @Recipient.householdMembers() householdMembers?: HouseholdMemberInput[];
    @IsOptional() @Recipient.address() address?: string;
    /** null removes the pair-up helper */
    @IsOptional() @IsUUID() pairHelperVolunteerId?: string | null;
    @IsOptional() @IsBoolean() active?: boolean;
    @IsOptional() @Recipient.note() note?: string;
  }
  export type Reply = RecipientView;
}

export namespace ListRecipients {
  export const subject = rpcSubject<Request, Reply>('social.recipient.list');
  export class Request extends SocialGridFilter {
    @IsOptional() @Matches(REGISTER_CODE_PATTERN, { message: 'category must be a code' }) category?: string;
    @IsOptional() @IsEnum(SupportKind) support?: SupportKind;
    @IsOptional() @IsUUID() buildingId?: string;
    @IsOptional() @Text(50) q?: string;
  }
  export type Reply = Page<RecipientView>;
}

export namespace GetRecipient {
  export const subject = rpcSubject<Request, Reply>('social.recipient.get');
  export class Request extends IdRequest {}
  export type Reply = RecipientView;
}

/** `social.recipient.identity`: the unmasked ID number and phone, for the roles that need them; audited. */
export namespace RevealRecipientIdentity {
  export const subject = rpcSubject<Request, Reply>('social.recipient.identity');
  export class Request {
    @IsUUID() id: string;
    @Text(200, 2) reason: string;
  }
  export interface Reply {
    id: string;
    name: string;
    idNumber: string | null;
    phone: string | null;
  }
}

export namespace AddRecipientSupport {
  export const subject = rpcSubject<Request, Reply>('social.recipient.support.add');
  export class Request extends RecipientSupportInput {
    @IsUUID() recipientId: string;
  }
  export type Reply = RecipientView;
}

export namespace EndRecipientSupport {
  export const subject = rpcSubject<Request, Reply>('social.recipient.support.end');
  export class Request {
    @IsUUID() recipientId: string;
    @IsUUID() supportId: string;
    @IsOptional() @Day() endedOn?: string;
  }
  export type Reply = RecipientView;
}

export interface RecipientCategoryView {
  code: string;
  label: { zh: string; en: string };
  sensitive: boolean;
  builtin: boolean;
}

export namespace ListRecipientCategories {
  export const subject = rpcSubject<Request, Reply>('social.category.list');
  export class Request {}
  export interface Reply {
    items: RecipientCategoryView[];
  }
}

/** "Others configurable": a street adds its own category (e.g. 留守儿童). */
export namespace CreateRecipientCategory {
  export const subject = rpcSubject<Request, Reply>('social.category.create');
  export class Request {
    @Matches(REGISTER_CODE_PATTERN, { message: 'code must be lower-case letters, digits and _' }) code: string;
    @Text(40, 1) zh: string;
    @Text(80, 1) en: string;
    @IsOptional() @IsBoolean() sensitive?: boolean;
  }
  export type Reply = RecipientCategoryView;
}

export interface RecipientSupportView {
  id: string;
  kind: SupportKind;
  label: { zh: string; en: string };
  monthlyAmountCents: number | null;
  startedOn: string | null;
  endedOn: string | null;
  note: string | null;
}

export interface RecipientView {
  id: string;
  name: string;
  gender: string | null;
  birthDate: string | null;
  age: number | null;
  /** masked (320106**********34) */
  idNumber: string | null;
  /** masked (139****5678) */
  phone: string | null;
  categories: SocialLabelledCode[];
  disability: { category: string; label: { zh: string; en: string }; grade: number | null } | null;
  householdMembers: { name: string; relation: string; birthYear: number | null }[];
  gridId: string | null;
  gridPath: string;
  buildingId: string | null;
  buildingName: string | null;
  address: string | null;
  location: { lng: number; lat: number } | null;
  pairHelper: { volunteerId: string; name: string } | null;
  supports: RecipientSupportView[];
  vouchers: { issuedCents: number; redeemedCents: number; balanceCents: number };
  active: boolean;
  note: string | null;
  createdAt: string;
  updatedAt: string;
}

// ---- breakfast vouchers: a ledger -----------------------------------------------------------

export namespace IssueVouchers {
  export const subject = rpcSubject<Request, Reply>('social.voucher.issue');
  export class Request {
    @IsUUID() recipientId: string;
    @Month() month: string;
    /** default 3000 (30 yuan) */
    @IsOptional() @QueryInt(1, 100_000) amountCents?: number;
  }
  export type Reply = VoucherLedgerView;
}

/** Issues the month's vouchers to every recipient in scope with an active breakfast-voucher support. */
export namespace IssueMonthlyVouchers {
  export const subject = rpcSubject<Request, Reply>('social.voucher.issue_month');
  export class Request {
    @Month() month: string;
    @IsOptional() @LtreePath() gridPath?: string;
  }
  export interface Reply {
    month: string;
    issued: number;
    alreadyIssued: number;
    totalCents: number;
  }
}

export namespace RedeemVouchers {
  export const subject = rpcSubject<Request, Reply>('social.voucher.redeem');
  export class Request {
    @IsUUID() recipientId: string;
    @QueryInt(1, 100_000) amountCents: number;
    @IsOptional() @Text(200) note?: string;
  }
  export type Reply = VoucherLedgerView;
}

export namespace VoucherLedger {
  export const subject = rpcSubject<Request, Reply>('social.voucher.ledger');
  export class Request {
    @IsUUID() recipientId: string;
  }
  export type Reply = VoucherLedgerView;
}

export interface VoucherEntryView {
  id: string;
  entry: 'issue' | 'redeem';
  amountCents: number;
  balanceAfterCents: number;
  month: string | null;
  serviceRequestId: string | null;
  note: string | null;
  createdAt: string;
}

export interface VoucherLedgerView {
  recipientId: string;
  issuedCents: number;
  redeemedCents: number;
  balanceCents: number;
  entries: VoucherEntryView[];
}

// ---- figures ---------------------------------------------------------------------------------

/** Recipients by category and grid. `depth` = labels of the grid path to group by (4 = community). */
export namespace RecipientFigures {
  export const subject = rpcSubject<Request, Reply>('social.recipient.figures');
  export class Request {
    @IsOptional() @LtreePath() gridPath?: string;
    @IsOptional() @QueryInt(1, 8) depth?: number;
  }
  export interface Reply {
    total: number;
    byCategory: { code: string; label: { zh: string; en: string }; count: number }[];
    byGrid: { gridPath: string; total: number; byCategory: Record<string, number> }[];
    supports: { kind: string; label: { zh: string; en: string }; active: number }[];
    vouchers: { issuedCents: number; redeemedCents: number; balanceCents: number };
    /** true when sensitive categories were left out for this caller */
    sensitiveHidden: boolean;
  }
}
