import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsEnum, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength, ValidateIf, ValidateNested } from 'class-validator';
import { Page } from '../common/pagination';
import { toBool } from './common-dto';
import { DonationKind, DonorKind, StockMovementKind } from './labels';
import { rpcSubject } from '../common/rpc';
import { GRID_PATH_PATTERN, MONTH_PATTERN } from '../common/primitives';
import { PageQuery } from '../common/pagination';

const ITEM_CODE = /^[a-z0-9][a-z0-9_-]{1,39}$/;

/** An item of the love supermarket (爱心超市) with its point price. */
export interface SupermarketItemView {
  id: string;
  code: string;
  name: string;
  unit: string;
  category: string | null;
  pointPrice: number;
  unitValueCents: number;
  stock: number;
  stockValueCents: number;
  active: boolean;
  storePath: string;
}

export namespace ListSupermarketItems {
  export const subject = rpcSubject<Request, Reply>('social.supermarket.item.list');
  export class Request {
    @IsOptional() @Transform(toBool) @IsBoolean() inStockOnly?: boolean;
  }
  export interface Reply {
    items: SupermarketItemView[];
  }
}

export namespace CreateSupermarketItem {
  export const subject = rpcSubject<Request, Reply>('social.supermarket.item.create');
  export class Request {
    @Matches(ITEM_CODE, { message: 'code must be lower-case letters, digits, _ or -' }) code: string;
    @IsString() @MinLength(1) @MaxLength(60) name: string;
    /** 件, 袋, 瓶, 桶… */
    @IsString() @MinLength(1) @MaxLength(10) unit: string;
    @IsOptional() @IsString() @MaxLength(30) category?: string;
    @Type(() => Number) @IsInt() @Min(1) @Max(100_000) pointPrice: number;
    /** value of one unit in cents, for the monthly statement */
    @Type(() => Number) @IsInt() @Min(0) @Max(10_000_000) unitValueCents: number;
    /** default: the caller's street */
    @IsOptional() @Matches(GRID_PATH_PATTERN, { message: 'storePath must be an ltree path' }) storePath?: string;
  }
  export type Reply = SupermarketItemView;
}

export namespace UpdateSupermarketItem {
  export const subject = rpcSubject<Request, Reply>('social.supermarket.item.update');
  export class Request {
    @IsUUID() id: string;
    @IsOptional() @IsString() @MinLength(1) @MaxLength(60) name?: string;
    @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100_000) pointPrice?: number;
    @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(10_000_000) unitValueCents?: number;
    @IsOptional() @IsBoolean() active?: boolean;
  }
  export type Reply = SupermarketItemView;
}

/** Stock of every item, with its value. */
export namespace ListSupermarketStock {
  export const subject = rpcSubject<Request, Reply>('social.supermarket.stock.list');
  export class Request {}
  export interface Reply {
    items: SupermarketItemView[];
    totals: { items: number; units: number; valueCents: number; outOfStock: number };
  }
}

/** A purchase with donated money, a stock-take correction or a write-off. Donations and exchanges have their own routes. */
export namespace MoveSupermarketStock {
  export const subject = rpcSubject<Request, Reply>('social.supermarket.stock.move');
  export class Request {
    @IsUUID() itemId: string;
    @IsIn([StockMovementKind.Purchase, StockMovementKind.Adjustment, StockMovementKind.WriteOff], { message: 'kind must be purchase, adjustment or write_off' })
    kind: StockMovementKind;
    /** positive for purchase; negative for write_off; either sign for adjustment */
    @Type(() => Number) @IsInt() @Min(-100_000) @Max(100_000) quantity: number;
    /** purchase: the cash paid from the donated money, in cents */
    @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(100_000_000) cashCents?: number;
    @IsOptional() @IsString() @MaxLength(200) note?: string;
  }
  export interface Reply {
    item: SupermarketItemView;
    movementId: string;
  }
}

/** 积分换购: a volunteer spends points on an item; stock and points change in one transaction. */
export namespace ExchangePoints {
  export const subject = rpcSubject<Request, Reply>('social.supermarket.exchange');
  export class Request {
    /** The holder: a registered volunteer (志愿者) or a resident (居民积分户, residentId) — exactly one. */
    @ValidateIf((o: { residentId?: string }) => o.residentId === undefined) @IsUUID() volunteerId?: string;
    @IsOptional() @IsUUID() residentId?: string;
    @IsUUID() itemId: string;
    @Type(() => Number) @IsInt() @Min(1) @Max(100) quantity: number;
  }
  export type Reply = PointExchangeView;
}

export namespace ListPointExchanges {
  export const subject = rpcSubject<Request, Reply>('social.supermarket.exchange.list');
  export class Request extends PageQuery {
    @IsOptional() @IsUUID() volunteerId?: string;
    @IsOptional() @IsUUID() residentId?: string;
    @IsOptional() @IsUUID() itemId?: string;
  }
  export type Reply = Page<PointExchangeView>;
}

export interface PointExchangeView {
  id: string;
  /** null when the holder is a resident */
  volunteerId: string | null;
  /** the holder's name (volunteer or resident) */
  volunteerName: string;
  /** set when the holder is a resident (居民积分户) */
  residentId: string | null;
  itemId: string;
  itemName: string;
  quantity: number;
  points: number;
  valueCents: number;
  pointsBalanceAfter: number;
  stockAfter: number;
  createdAt: string;
}

export class DonationLineInput {
  @IsUUID() itemId: string;
  @Type(() => Number) @IsInt() @Min(1) @Max(100_000) quantity: number;
  /** default: the item's unit value */
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(10_000_000) unitValueCents?: number;
}

export namespace RecordDonation {
  export const subject = rpcSubject<Request, Reply>('social.supermarket.donation.record');
  export class Request {
    @IsEnum(DonorKind) donorKind: DonorKind;
    @IsString() @MinLength(1) @MaxLength(100) donorName: string;
    @IsEnum(DonationKind) kind: DonationKind;
    /** money donations: the amount in cents */
    @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100_000_000) moneyCents?: number;
    /** goods donations: what came in */
    @IsOptional() @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => DonationLineInput) lines?: DonationLineInput[];
    @IsOptional() @IsISO8601() receivedAt?: string;
    @IsOptional() @IsString() @MaxLength(500) note?: string;
  }
  export type Reply = DonationView;
}

export namespace ListDonations {
  export const subject = rpcSubject<Request, Reply>('social.supermarket.donation.list');
  export class Request extends PageQuery {
    @IsOptional() @Matches(MONTH_PATTERN, { message: 'month must be YYYY-MM' }) month?: string;
  }
  export type Reply = Page<DonationView>;
}

export interface DonationView {
  id: string;
  code: string;
  donorKind: DonorKind;
  donorKindLabel: { zh: string; en: string };
  donorName: string;
  kind: DonationKind;
  moneyCents: number;
  goodsValueCents: number;
  lines: { itemId: string; itemName: string; quantity: number; unitValueCents: number }[];
  receivedAt: string;
  note: string | null;
  storePath: string;
}

/** The month's statement: money and goods, each opening + in − out = closing, checked against the books. */
export namespace SupermarketStatement {
  export const subject = rpcSubject<Request, Reply>('social.supermarket.statement');
  export class Request {
    @Matches(MONTH_PATTERN, { message: 'month must be YYYY-MM' }) month: string;
  }
  export interface Reply {
    month: string;
    money: { openingCents: number; donatedCents: number; spentOnPurchasesCents: number; closingCents: number };
    goods: {
      openingValueCents: number;
      donatedValueCents: number;
      purchasedValueCents: number;
      exchangedValueCents: number;
      adjustedValueCents: number;
      writtenOffValueCents: number;
      closingValueCents: number;
      openingUnits: number;
      closingUnits: number;
    };
    donations: { count: number; moneyCents: number; goodsValueCents: number; byDonorKind: Record<string, number> };
    exchanges: { count: number; units: number; points: number };
    /** each check recomputes a side from another record: true when the books add up */
    checks: { goodsBalance: boolean; moneyBalance: boolean; donationsMatchStock: boolean; stockMatchesMovements: boolean };
  }
}
