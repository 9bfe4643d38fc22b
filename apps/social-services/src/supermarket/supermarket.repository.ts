import { Injectable } from '@nestjs/common';
import { streetZoneSql } from '@grid122/calendar';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor } from '@grid122/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { sequenceRef, SqlParams } from '@grid122/persistence';
import { returned } from '../shared/rows';

export interface ItemRow {
  id: string;
  code: string;
  name: string;
  unit: string;
  category: string | null;
  point_price: number;
  unit_value_cents: number;
  stock: number;
  active: boolean;
  store_path: string;
}

export interface DonationRow {
  id: string;
  ck: string;
  code: string;
  donor_kind: string;
  donor_name: string;
  kind: string;
  money_cents: number;
  goods_value_cents: number;
  lines: { itemId: string; itemName: string; quantity: number; unitValueCents: number }[];
  received_at: Date;
  note: string | null;
  store_path: string;
}

const ITEM = `SELECT id, code, name, unit, category, point_price, unit_value_cents, stock, active, store_path::text AS store_path FROM social.supermarket_items`;

/** A supermarket serves a street: visible when the store is inside the scope or the scope inside the store's street. */
const storeScope = (column: string, actor: Actor): SqlParams => new SqlParams().overlaps(column, actor.scope);

/** The love supermarket (爱心超市): items, stock movements, exchanges, donations. */
@Injectable()
export class SupermarketRepository {
  constructor(@InjectDataSource() readonly ds: DataSource) {}

  async items(actor: Actor, inStockOnly = false): Promise<ItemRow[]> {
    const q = storeScope('store_path', actor).and(inStockOnly && 'stock > 0 AND active');
    return this.ds.query(`${ITEM} ${q.where()} ORDER BY category NULLS LAST, code`, q.params);
  }

  async item(id: string, m: EntityManager = this.ds.manager): Promise<ItemRow | undefined> {
    return (await m.query(`${ITEM} WHERE id = $1`, [id]))[0];
  }

  async insertItem(i: { code: string; name: string; unit: string; category: string | null; pointPrice: number; unitValueCents: number; storePath: string }): Promise<string> {
    const rows = await this.ds.query(
      `INSERT INTO social.supermarket_items (code, name, unit, category, point_price, unit_value_cents, store_path) VALUES ($1,$2,$3,$4,$5,$6,$7::ltree) RETURNING id`,
      [i.code, i.name, i.unit, i.category, i.pointPrice, i.unitValueCents, i.storePath],
    );
    return rows[0].id;
  }

  async updateItem(id: string, set: Record<string, unknown>): Promise<void> {
    const q = new SqlParams();
    const cols = Object.entries(set).map(([c, v]) => `${c} = ${q.p(v)}`);
    if (cols.length) await this.ds.query(`UPDATE social.supermarket_items SET ${cols.join(', ')}, updated_at = now() WHERE id = ${q.p(id)}`, q.params);
  }

  /**
   * Takes stock with one conditional UPDATE: the row lock it takes serialises concurrent
   * exchanges of the same item, and `stock >= n` refuses the one that would oversell.
   */
  async takeStock(m: EntityManager, itemId: string, quantity: number): Promise<ItemRow | undefined> {
    const rows = returned(await m.query(
      `UPDATE social.supermarket_items SET stock = stock - $2, updated_at = now() WHERE id = $1 AND active AND stock >= $2
       RETURNING id, code, name, unit, category, point_price, unit_value_cents, stock, active, store_path::text AS store_path`,
      [itemId, quantity],
    ));
    return rows[0];
  }

  /** Adds (or, for corrections, removes) stock; never below zero (CHECK and the condition). */
  async changeStock(m: EntityManager, itemId: string, delta: number): Promise<ItemRow | undefined> {
    const rows = returned(await m.query(
      `UPDATE social.supermarket_items SET stock = stock + $2, updated_at = now() WHERE id = $1 AND stock + $2 >= 0
       RETURNING id, code, name, unit, category, point_price, unit_value_cents, stock, active, store_path::text AS store_path`,
      [itemId, delta],
    ));
    return rows[0];
  }

  async insertMovement(
    m: EntityManager,
    mv: { itemId: string; storePath: string; kind: string; delta: number; unitValueCents: number; cashCents?: number; donationId?: string | null; exchangeId?: string | null; note?: string | null; createdBy: string | null; at?: string | null },
  ): Promise<string> {
    const rows = await m.query(
      `INSERT INTO social.stock_movements (item_id, store_path, kind, delta, unit_value_cents, cash_cents, donation_id, exchange_id, note, created_by, created_at)
       VALUES ($1,$2::ltree,$3,$4,$5,$6,$7,$8,$9,$10,COALESCE($11::timestamptz, now())) RETURNING id`,
      [mv.itemId, mv.storePath, mv.kind, mv.delta, mv.unitValueCents, mv.cashCents ?? 0, mv.donationId ?? null, mv.exchangeId ?? null, mv.note ?? null, mv.createdBy, mv.at ?? null],
    );
    return rows[0].id;
  }

  async insertExchange(m: EntityManager, e: { id: string; volunteerId: string | null; residentId: string | null; itemId: string; quantity: number; points: number; unitValueCents: number; storePath: string; createdBy: string }): Promise<Date> {
    const rows = await m.query(
      `INSERT INTO social.exchanges (id, volunteer_id, resident_id, item_id, quantity, points, unit_value_cents, store_path, created_by) VALUES ($1,$2,$3,$4,$5,$6,$7,$8::ltree,$9) RETURNING created_at`,
      [e.id, e.volunteerId, e.residentId, e.itemId, e.quantity, e.points, e.unitValueCents, e.storePath, e.createdBy],
    );
    return rows[0].created_at;
  }

  /** Newest first after a keyset cursor (created_at text, id); `limit` rows. */
  exchanges(actor: Actor, f: { volunteerId?: string; residentId?: string; itemId?: string }, after: readonly string[] | null, limit: number) {
    const q = storeScope('e.store_path', actor);
    if (f.volunteerId) q.and(`e.volunteer_id = ${q.p(f.volunteerId)}`);
    if (f.residentId) q.and(`e.resident_id = ${q.p(f.residentId)}`);
    if (f.itemId) q.and(`e.item_id = ${q.p(f.itemId)}`);
    const page = q.keysetDesc([['e.created_at', 'timestamptz'], ['e.id', 'uuid']], after, limit);
    return this.ds.query(
      `SELECT e.*, e.created_at::text AS ck, COALESCE(v.name, r.name) AS volunteer_name, i.name AS item_name,
              (SELECT l.balance_after FROM social.points_ledger l WHERE l.exchange_id = e.id LIMIT 1) AS balance_after,
              (SELECT i.stock) AS stock_now
         FROM social.exchanges e LEFT JOIN social.volunteers v ON v.id = e.volunteer_id LEFT JOIN social.resident_holders r ON r.id = e.resident_id JOIN social.supermarket_items i ON i.id = e.item_id
         ${q.where()} ${page}`,
      q.params,
    );
  }

  async insertDonation(m: EntityManager, d: { donorKind: string; donorName: string; kind: string; moneyCents: number; goodsValueCents: number; receivedAt: string | null; storePath: string; note: string | null; createdBy: string }): Promise<string> {
    const rows = await m.query(
      `INSERT INTO social.donations (code, donor_kind, donor_name, kind, money_cents, goods_value_cents, received_at, store_path, note, created_by)
       VALUES (${sequenceRef('DN-', 'social.donation_seq', 5, { format: 'YYYYMM' })},
               $1,$2,$3,$4,$5,COALESCE($6::timestamptz, now()),$7::ltree,$8,$9) RETURNING id`,
      [d.donorKind, d.donorName, d.kind, d.moneyCents, d.goodsValueCents, d.receivedAt, d.storePath, d.note, d.createdBy],
    );
    return rows[0].id;
  }

  async insertDonationLine(m: EntityManager, donationId: string, itemId: string, quantity: number, unitValueCents: number): Promise<void> {
    await m.query(`INSERT INTO social.donation_lines (donation_id, item_id, quantity, unit_value_cents) VALUES ($1,$2,$3,$4)`, [donationId, itemId, quantity, unitValueCents]);
  }

  /** Newest first after a keyset cursor (created_at text, id); `limit` rows. */
  donations(actor: Actor, f: { month?: string; id?: string }, after: readonly string[] | null, limit: number): Promise<DonationRow[]> {
    const q = storeScope('d.store_path', actor);
    if (f.id) q.and(`d.id = ${q.p(f.id)}`);
    if (f.month) q.and(`to_char(d.received_at AT TIME ZONE ${streetZoneSql()}, 'YYYY-MM') = ${q.p(f.month)}`);
    const page = q.keysetDesc([['d.created_at', 'timestamptz'], ['d.id', 'uuid']], after, limit);
    return this.ds.query(
      `SELECT d.*, d.created_at::text AS ck, d.store_path::text AS store_path,
              COALESCE((SELECT json_agg(json_build_object('itemId', l.item_id, 'itemName', i.name, 'quantity', l.quantity, 'unitValueCents', l.unit_value_cents) ORDER BY i.code)
                          FROM social.donation_lines l JOIN social.supermarket_items i ON i.id = l.item_id WHERE l.donation_id = d.id), '[]'::json) AS lines
         FROM social.donations d ${q.where()} ${page}`,
      q.params,
    );
  }

  /**
   * The month's books, each side from its own records: money from donations and purchases, goods
   * from stock movements (quantity × unit value at the time), cross-checked against the donation
   * lines and the items' current stock.
   */
  async statement(actor: Actor, start: string, end: string) {
    const s = () => storeScope('x.store_path', actor);
    /** A statement of its own over the stores in scope, with the month's bounds as its parameters. */
    const month = () => {
      const q = s();
      return { q, from: q.p(start), to: q.p(end) };
    };
    const { q: money, from: ps, to: pe } = month();
    const moneyRow = (
      await this.ds.query(
        `SELECT
           (SELECT COALESCE(sum(money_cents), 0) FROM social.donations x ${money.where(`x.received_at < ${ps}::timestamptz`)})::bigint
         - (SELECT COALESCE(sum(cash_cents), 0) FROM social.stock_movements x ${money.where(`x.created_at < ${ps}::timestamptz`)})::bigint AS opening,
           (SELECT COALESCE(sum(money_cents), 0) FROM social.donations x ${money.where(`x.received_at >= ${ps}::timestamptz AND x.received_at < ${pe}::timestamptz`)})::bigint AS donated,
           (SELECT COALESCE(sum(cash_cents), 0) FROM social.stock_movements x ${money.where(`x.created_at >= ${ps}::timestamptz AND x.created_at < ${pe}::timestamptz`)})::bigint AS spent,
           (SELECT COALESCE(sum(money_cents), 0) FROM social.donations x ${money.where(`x.received_at < ${pe}::timestamptz`)})::bigint
         - (SELECT COALESCE(sum(cash_cents), 0) FROM social.stock_movements x ${money.where(`x.created_at < ${pe}::timestamptz`)})::bigint AS closing`,
        money.params,
      )
    )[0];
    const { q: g, from: gs, to: ge } = month();
    const goods = (
      await this.ds.query(
        `SELECT
           COALESCE(sum(x.delta * x.unit_value_cents) FILTER (WHERE x.created_at < ${gs}::timestamptz), 0)::bigint AS opening_value,
           COALESCE(sum(x.delta) FILTER (WHERE x.created_at < ${gs}::timestamptz), 0)::bigint AS opening_units,
           COALESCE(sum(x.delta * x.unit_value_cents) FILTER (WHERE x.created_at < ${ge}::timestamptz), 0)::bigint AS closing_value,
           COALESCE(sum(x.delta) FILTER (WHERE x.created_at < ${ge}::timestamptz), 0)::bigint AS closing_units,
           COALESCE(sum(x.delta * x.unit_value_cents) FILTER (WHERE x.kind = 'donation' AND x.created_at >= ${gs}::timestamptz AND x.created_at < ${ge}::timestamptz), 0)::bigint AS donated,
           COALESCE(sum(x.delta * x.unit_value_cents) FILTER (WHERE x.kind = 'purchase' AND x.created_at >= ${gs}::timestamptz AND x.created_at < ${ge}::timestamptz), 0)::bigint AS purchased,
           COALESCE(-sum(x.delta * x.unit_value_cents) FILTER (WHERE x.kind = 'exchange' AND x.created_at >= ${gs}::timestamptz AND x.created_at < ${ge}::timestamptz), 0)::bigint AS exchanged,
           COALESCE(sum(x.delta * x.unit_value_cents) FILTER (WHERE x.kind = 'adjustment' AND x.created_at >= ${gs}::timestamptz AND x.created_at < ${ge}::timestamptz), 0)::bigint AS adjusted,
           COALESCE(-sum(x.delta * x.unit_value_cents) FILTER (WHERE x.kind = 'write_off' AND x.created_at >= ${gs}::timestamptz AND x.created_at < ${ge}::timestamptz), 0)::bigint AS written_off
         FROM social.stock_movements x ${g.where()}`,
        g.params,
      )
    )[0];
    const { q: d, from: ds, to: de } = month();
    const donationRows = await this.ds.query(
      `SELECT x.donor_kind, count(*)::int AS n, COALESCE(sum(x.money_cents), 0)::bigint AS money, COALESCE(sum(x.goods_value_cents), 0)::bigint AS goods,
              COALESCE(sum((SELECT sum(l.quantity * l.unit_value_cents) FROM social.donation_lines l WHERE l.donation_id = x.id)), 0)::bigint AS lines_value
         FROM social.donations x ${d.where(`x.received_at >= ${ds}::timestamptz`, `x.received_at < ${de}::timestamptz`)} GROUP BY 1`,
      d.params,
    );
    const { q: e, from: es, to: ee } = month();
    const ex = (
      await this.ds.query(
        `SELECT count(*)::int AS n, COALESCE(sum(quantity), 0)::int AS units, COALESCE(sum(points), 0)::int AS points
           FROM social.exchanges x ${e.where(`x.created_at >= ${es}::timestamptz`, `x.created_at < ${ee}::timestamptz`)}`,
        e.params,
      )
    )[0];
    const st = s();
    const stock = (
      await this.ds.query(
        `SELECT bool_and(i.stock = COALESCE((SELECT sum(mv.delta) FROM social.stock_movements mv WHERE mv.item_id = i.id), 0)) AS ok
           FROM social.supermarket_items x JOIN social.supermarket_items i ON i.id = x.id ${st.where()}`,
        st.params,
      )
    )[0];
    return { money: moneyRow, goods, donations: donationRows, exchanges: ex, stockMatches: stock.ok !== false };
  }
}
