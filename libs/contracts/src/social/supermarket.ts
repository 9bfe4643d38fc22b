import { IsBoolean, IsEnum, IsIn, IsISO8601, IsOptional, IsUUID, Matches, ValidateIf } from 'class-validator';
import { Page } from '../common/pagination';
import { DonationKind, DonorKind, StockMovementKind } from './labels';
import { rpcSubject } from '../common/rpc';
import { PageQuery } from '../common/pagination';
import { LtreePath, Month, NestedList, QueryBool, QueryInt, Text } from '../common/fields';

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
    @IsOptional() @QueryBool() inStockOnly?: boolean;
  }
  export interface Reply {
    items: SupermarketItemView[];
  }
}

export namespace CreateSupermarketItem {
  export const subject = rpcSubject<Request, Reply>('social.supermarket.item.create');
  export class Request {
    @Matches(ITEM_CODE, { message: 'code must be lower-case letters, digits, _ or -' }) code: string;
    @Text(60, 1) name: string;
    /** 件, 袋, 瓶, 桶… */
    @Text(10, 1) unit: string;
    @IsOptional() @Text(30) category?: string;
    @QueryInt(1, 100_000) pointPrice: number;
    /** value of one unit in cents, for the monthly statement */
    @QueryInt(0, 10_000_000) unitValueCents: number;
    /** default: the caller's street */
    @IsOptional() @LtreePath() storePath?: string;
  }
  export type Reply = SupermarketItemView;
}

export namespace UpdateSupermarketItem {
  export const subject = rpcSubject<Request, Reply>('social.supermarket.item.update');
  export class Request {
    @IsUUID() id: string;
    @IsOptional() @Text(60, 1) name?: string;
    @IsOptional() @QueryInt(1, 100_000) pointPrice?: number;
    @IsOptional() @QueryInt(0, 10_000_000) unitValueCents?: number;
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
    @QueryInt(-100_000, 100_000) quantity: number;
    /** purchase: the cash paid from the donated money, in cents */
    @IsOptional() @QueryInt(0, 100_000_000) cashCents?: number;
    @IsOptional() @Text(200) note?: string;
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
    @QueryInt(1, 100) quantity: number;
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
  @QueryInt(1, 100_000) quantity: number;
  /** default: the item's unit value */
  @IsOptional() @QueryInt(0, 10_000_000) unitValueCents?: number;
}

export namespace RecordDonation {
  export const subject = rpcSubject<Request, Reply>('social.supermarket.donation.record');
  export class Request {
    @IsEnum(DonorKind) donorKind: DonorKind;
    @Text(100, 1) donorName: string;
    @IsEnum(DonationKind) kind: DonationKind;
    /** money donations: the amount in cents */
    @IsOptional() @QueryInt(1, 100_000_000) moneyCents?: number;
    /** goods donations: what came in */
    @IsOptional() @NestedList(() => DonationLineInput, 50) lines?: DonationLineInput[];
    @IsOptional() @IsISO8601() receivedAt?: string;
    @IsOptional() @Text(500) note?: string;
  }
  export type Reply = DonationView;
}

export namespace ListDonations {
  export const subject = rpcSubject<Request, Reply>('social.supermarket.donation.list');
  export class Request extends PageQuery {
    @IsOptional() @Month() month?: string;
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
    @Month() month: string;
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
