import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  Actor, CommonErrorCode, CreateSupermarketItem, DONOR_KIND_LABELS, DonationKind, DonationView, DonorKind, ExchangePoints, ListDonations,
  ListPointExchanges, ListSupermarketItems, ListSupermarketStock, MoveSupermarketStock, PointExchangeView, RecordDonation, SocialErrorCode, SocialEvents,
  StockMovementKind, SupermarketItemView, SupermarketStatement, UpdateSupermarketItem,
} from '@grid122/contracts';
import { AppError, OutboxWriter } from '@grid122/messaging';
import { isWithinScope } from '@grid122/access';
import { decodeCursor, keysetPage } from '@grid122/persistence';
import { EntityManager } from 'typeorm';
import { iso, monthRange, num } from '../shared/rows';
import { requireInScope, requireManage, requireRead } from '../shared/social-policy';
import { ResidentPointsService } from '../resident-points/resident-points.service';
import { VolunteersService } from '../volunteers/volunteers.service';
import { DonationRow, ItemRow, SupermarketRepository } from './supermarket.repository';

/** The love supermarket (爱心超市): donated stock, point prices, exchanges (积分换购), monthly statement. */
@Injectable()
export class SupermarketService {
  constructor(
    private readonly repo: SupermarketRepository,
    private readonly volunteers: VolunteersService,
    private readonly residents: ResidentPointsService,
    private readonly outbox: OutboxWriter,
  ) {}

  private itemView(i: ItemRow): SupermarketItemView {
    return {
      id: i.id, code: i.code, name: i.name, unit: i.unit, category: i.category, pointPrice: num(i.point_price), unitValueCents: num(i.unit_value_cents),
      stock: num(i.stock), stockValueCents: num(i.stock) * num(i.unit_value_cents), active: i.active, storePath: i.store_path,
    };
  }

  private sees(actor: Actor, storePath: string): boolean {
    return isWithinScope(storePath, actor.scope) || isWithinScope(actor.scope, storePath);
  }

  private async item(id: string, actor: Actor, m?: EntityManager): Promise<ItemRow> {
    const i = await this.repo.item(id, m);
    if (!i || !this.sees(actor, i.store_path)) throw new AppError(SocialErrorCode.ItemNotFound, `Supermarket item ${id} not found`, { id });
    return i;
  }

  async items(actor: Actor, req: ListSupermarketItems.Request): Promise<ListSupermarketItems.Reply> {
    requireRead(actor);
    return { items: (await this.repo.items(actor, req.inStockOnly)).map((i) => this.itemView(i)) };
  }

  async createItem(actor: Actor, req: CreateSupermarketItem.Request): Promise<SupermarketItemView> {
    requireManage(actor);
    const storePath = req.storePath ?? actor.scope;
    if (!storePath) throw AppError.validation([{ field: 'storePath', messages: ['storePath is required for an account without a street scope'] }]);
    requireInScope(actor, storePath);
    if ((await this.repo.items(actor)).some((i) => i.code === req.code && i.store_path === storePath)) {
      throw new AppError(CommonErrorCode.Conflict, `Item ${req.code} already exists`, { field: 'code' });
    }
    const id = await this.repo.insertItem({ ...req, category: req.category ?? null, storePath });
    return this.itemView((await this.repo.item(id))!);
  }

  async updateItem(actor: Actor, req: UpdateSupermarketItem.Request): Promise<SupermarketItemView> {
    requireManage(actor);
    await this.item(req.id, actor);
    const set: Record<string, unknown> = {};
    if (req.name !== undefined) set.name = req.name;
    if (req.pointPrice !== undefined) set.point_price = req.pointPrice;
    if (req.unitValueCents !== undefined) set.unit_value_cents = req.unitValueCents;
    if (req.active !== undefined) set.active = req.active;
    await this.repo.updateItem(req.id, set);
    return this.itemView((await this.repo.item(req.id))!);
  }

  async stock(actor: Actor): Promise<ListSupermarketStock.Reply> {
    requireRead(actor);
    const items = (await this.repo.items(actor)).map((i) => this.itemView(i));
    return {
      items,
      totals: {
        items: items.length,
        units: items.reduce((s, i) => s + i.stock, 0),
        valueCents: items.reduce((s, i) => s + i.stockValueCents, 0),
        outOfStock: items.filter((i) => i.active && i.stock === 0).length,
      },
    };
  }

  async moveStock(actor: Actor, req: MoveSupermarketStock.Request): Promise<MoveSupermarketStock.Reply> {
    requireManage(actor);
    if (req.quantity === 0) throw AppError.validation([{ field: 'quantity', messages: ['quantity must not be 0'] }]);
    if (req.kind === StockMovementKind.Purchase && req.quantity < 0) throw AppError.validation([{ field: 'quantity', messages: ['a purchase adds stock'] }]);
    if (req.kind === StockMovementKind.WriteOff && req.quantity > 0) throw AppError.validation([{ field: 'quantity', messages: ['a write-off removes stock (negative quantity)'] }]);
    if (req.kind !== StockMovementKind.Purchase && req.cashCents) throw AppError.validation([{ field: 'cashCents', messages: ['only a purchase spends cash'] }]);
    return this.repo.ds.transaction(async (m) => {
      const current = await this.item(req.itemId, actor, m);
      const updated = await this.repo.changeStock(m, current.id, req.quantity);
      if (!updated) throw new AppError(SocialErrorCode.OutOfStock, `Only ${current.stock} ${current.unit} of ${current.name} in stock`, { stock: num(current.stock) });
      const movementId = await this.repo.insertMovement(m, {
        itemId: current.id, storePath: current.store_path, kind: req.kind, delta: req.quantity, unitValueCents: num(current.unit_value_cents), cashCents: req.cashCents ?? 0, note: req.note ?? null, createdBy: actor.id,
      });
      return { item: this.itemView(updated), movementId };
    });
  }

  /**
   * One transaction: stock first (its row lock serialises exchanges of the item; `stock >= n`
   * refuses an oversell), then points (`balance >= cost`); either refusal rolls both back.
   */
  async exchange(actor: Actor, req: ExchangePoints.Request): Promise<PointExchangeView> {
    requireManage(actor);
    if (req.volunteerId && req.residentId) throw AppError.validation([{ field: 'residentId', messages: ['name either volunteerId or residentId, not both'] }]);
    return this.repo.ds.transaction(async (m) => {
      const item = await this.item(req.itemId, actor, m);
      // The holder: a volunteer (志愿者) or a resident (居民积分户); both spend with the same guard.
      const resident = req.residentId ? await this.residents.visible(req.residentId, actor, m) : null;
      const volunteer = resident ? null : await this.volunteers.visible(req.volunteerId!, actor, m);
      const taken = await this.repo.takeStock(m, item.id, req.quantity);
      if (!taken) {
        const now = await this.repo.item(item.id, m);
        throw new AppError(SocialErrorCode.OutOfStock, `${item.name}: ${now?.stock ?? 0} in stock, ${req.quantity} asked`, { itemId: item.id, stock: num(now?.stock), requested: req.quantity });
      }
      const points = num(taken.point_price) * req.quantity;
      const id = randomUUID();
      const note = `${item.name} × ${req.quantity}`;
      const createdAt = await this.repo.insertExchange(m, {
        id, volunteerId: volunteer?.id ?? null, residentId: resident?.id ?? null, itemId: item.id, quantity: req.quantity, points, unitValueCents: num(taken.unit_value_cents), storePath: taken.store_path, createdBy: actor.id,
      });
      const balance = resident
        ? await this.residents.spendIn(m, { resident, points, exchangeId: id, note }, actor)
        : await this.volunteers.spendIn(m, { volunteerId: volunteer!.id, points, reason: 'exchange', exchangeId: id, note, gridPath: volunteer!.grid_path }, actor);
      await this.repo.insertMovement(m, {
        itemId: item.id, storePath: taken.store_path, kind: StockMovementKind.Exchange, delta: -req.quantity, unitValueCents: num(taken.unit_value_cents), exchangeId: id, createdBy: actor.id,
      });
      return {
        id, volunteerId: volunteer?.id ?? null, volunteerName: (resident ?? volunteer)!.name, residentId: resident?.id ?? null, itemId: item.id, itemName: item.name, quantity: req.quantity, points,
        valueCents: num(taken.unit_value_cents) * req.quantity, pointsBalanceAfter: balance, stockAfter: num(taken.stock), createdAt: iso(createdAt)!,
      };
    });
  }

  async exchanges(actor: Actor, req: ListPointExchanges.Request) {
    requireRead(actor);
    const limit = req.limit ?? 50;
    const rows = await this.repo.exchanges(actor, req, req.cursor ? decodeCursor(req.cursor, ['time', 'uuid']) : null, limit + 1);
    return keysetPage(rows, limit, (e: { ck: string; id: string; volunteer_id: string | null; resident_id: string | null; volunteer_name: string; item_id: string; item_name: string; quantity: number; points: number; unit_value_cents: number; balance_after: number | null; stock_now: number; created_at: Date }) => ({
      id: e.id, volunteerId: e.volunteer_id, volunteerName: e.volunteer_name, residentId: e.resident_id, itemId: e.item_id, itemName: e.item_name, quantity: num(e.quantity), points: num(e.points),
      valueCents: num(e.unit_value_cents) * num(e.quantity), pointsBalanceAfter: num(e.balance_after), stockAfter: num(e.stock_now), createdAt: iso(e.created_at)!,
    }), (e) => [e.ck, e.id]);
  }

  async donate(actor: Actor, req: RecordDonation.Request): Promise<DonationView> {
    requireManage(actor);
    const storePath = actor.scope;
    if (!storePath) throw AppError.validation([{ field: 'scope', messages: ['donations are recorded by an account scoped to a street'] }]);
    if (req.kind === DonationKind.Money && (!req.moneyCents || req.lines?.length)) {
      throw new AppError(SocialErrorCode.DonationInvalid, 'A money donation has moneyCents and no lines', { field: 'moneyCents' });
    }
    if (req.kind === DonationKind.Goods && (!req.lines?.length || req.moneyCents)) {
      throw new AppError(SocialErrorCode.DonationInvalid, 'A goods donation has lines and no moneyCents', { field: 'lines' });
    }
    if (req.receivedAt && new Date(req.receivedAt).getTime() > Date.now() + 60_000) throw AppError.validation([{ field: 'receivedAt', messages: ['receivedAt cannot be in the future'] }]);
    const ids = new Set<string>();
    for (const l of req.lines ?? []) {
      if (ids.has(l.itemId)) throw AppError.validation([{ field: 'lines', messages: [`item ${l.itemId} appears twice`] }]);
      ids.add(l.itemId);
    }
    const id = await this.repo.ds.transaction(async (m) => {
      const lines: { item: ItemRow; quantity: number; value: number }[] = [];
      for (const l of req.lines ?? []) {
        const item = await this.item(l.itemId, actor, m);
        lines.push({ item, quantity: l.quantity, value: l.unitValueCents ?? num(item.unit_value_cents) });
      }
      const goodsValue = lines.reduce((s, l) => s + l.quantity * l.value, 0);
      const donationId = await this.repo.insertDonation(m, {
        donorKind: req.donorKind, donorName: req.donorName, kind: req.kind, moneyCents: req.moneyCents ?? 0, goodsValueCents: goodsValue, receivedAt: req.receivedAt ?? null, storePath, note: req.note ?? null, createdBy: actor.id,
      });
      for (const l of lines) {
        await this.repo.insertDonationLine(m, donationId, l.item.id, l.quantity, l.value);
        await this.repo.changeStock(m, l.item.id, l.quantity);
        await this.repo.insertMovement(m, {
          itemId: l.item.id, storePath: l.item.store_path, kind: StockMovementKind.Donation, delta: l.quantity, unitValueCents: l.value, donationId, createdBy: actor.id, at: req.receivedAt ?? null,
        });
      }
      await this.outbox.add(m, {
        type: SocialEvents.DonationReceived, gridPath: storePath,
        data: { donationId, donorKind: req.donorKind, kind: req.kind, moneyCents: req.moneyCents ?? 0, goodsValueCents: goodsValue },
      });
      return donationId;
    });
    const rows = await this.repo.donations(actor, { id }, null, 1);
    return this.donationView(rows[0]);
  }

  private donationView(d: DonationRow): DonationView {
    return {
      id: d.id, code: d.code, donorKind: d.donor_kind as DonorKind, donorKindLabel: DONOR_KIND_LABELS[d.donor_kind as DonorKind], donorName: d.donor_name, kind: d.kind as DonationKind,
      moneyCents: num(d.money_cents), goodsValueCents: num(d.goods_value_cents), lines: d.lines, receivedAt: iso(d.received_at)!, note: d.note, storePath: d.store_path,
    };
  }

  async donations(actor: Actor, req: ListDonations.Request) {
    requireRead(actor);
    const limit = req.limit ?? 50;
    const rows = await this.repo.donations(actor, req, req.cursor ? decodeCursor(req.cursor, ['time', 'uuid']) : null, limit + 1);
    return keysetPage(rows, limit, (d) => this.donationView(d), (d) => [d.ck, d.id]);
  }

  async statement(actor: Actor, req: SupermarketStatement.Request): Promise<SupermarketStatement.Reply> {
    requireRead(actor);
    const r = monthRange(req.month, req.month);
    // Month boundaries in the street's zone: the street closes its books on local midnight.
    const start = r.startAt;
    const end = r.endAt;
    const s = await this.repo.statement(actor, start, end);
    const money = { openingCents: num(s.money.opening), donatedCents: num(s.money.donated), spentOnPurchasesCents: num(s.money.spent), closingCents: num(s.money.closing) };
    const goods = {
      openingValueCents: num(s.goods.opening_value), donatedValueCents: num(s.goods.donated), purchasedValueCents: num(s.goods.purchased), exchangedValueCents: num(s.goods.exchanged),
      adjustedValueCents: num(s.goods.adjusted), writtenOffValueCents: num(s.goods.written_off), closingValueCents: num(s.goods.closing_value),
      openingUnits: num(s.goods.opening_units), closingUnits: num(s.goods.closing_units),
    };
    const byDonorKind: Record<string, number> = {};
    let count = 0;
    let moneyCents = 0;
    let goodsValueCents = 0;
    let linesValue = 0;
    for (const d of s.donations as { donor_kind: string; n: number; money: string; goods: string; lines_value: string }[]) {
      byDonorKind[d.donor_kind] = num(d.money) + num(d.goods);
      count += d.n;
      moneyCents += num(d.money);
      goodsValueCents += num(d.goods);
      linesValue += num(d.lines_value);
    }
    return {
      month: req.month,
      money,
      goods,
      donations: { count, moneyCents, goodsValueCents, byDonorKind },
      exchanges: { count: s.exchanges.n, units: s.exchanges.units, points: s.exchanges.points },
      checks: {
        goodsBalance: goods.openingValueCents + goods.donatedValueCents + goods.purchasedValueCents - goods.exchangedValueCents + goods.adjustedValueCents - goods.writtenOffValueCents === goods.closingValueCents,
        moneyBalance: money.openingCents + money.donatedCents - money.spentOnPurchasesCents === money.closingCents && money.closingCents >= 0,
        donationsMatchStock: goodsValueCents === linesValue && goodsValueCents === goods.donatedValueCents,
        stockMatchesMovements: s.stockMatches,
      },
    };
  }
}
