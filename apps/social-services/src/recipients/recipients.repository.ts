import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { narrowScope } from '@grid122/access';
import { Actor, ListRecipients, RecipientSupportInput } from '@grid122/contracts';
import { pointColumns, SqlParams } from '@grid122/persistence';
import { DataSource, EntityManager } from 'typeorm';
import { returned } from '../shared/rows';

export interface RecipientRow {
  id: string;
  ck: string;
  name: string;
  gender: string | null;
  birth_date: Date | string | null;
  id_number_enc: string | null;
  phone_enc: string | null;
  /** Clear codes of a row written before the protection (empty once protected). */
  categories: string[];
  categories_enc: string | null;
  category_index: string[];
  sensitive: boolean;
  disability_category: string | null;
  disability_grade: number | null;
  household_members: { name: string; relation: string; birthYear?: number | null }[];
  grid_id: string | null;
  grid_path: string;
  building_id: string | null;
  building_name: string | null;
  address: string | null;
  lng: number | null;
  lat: number | null;
  pair_helper_volunteer_id: string | null;
  helper_name: string | null;
  voucher_issued_cents: number;
  voucher_redeemed_cents: number;
  voucher_balance_cents: number;
  active: boolean;
  note: string | null;
  created_at: Date;
  updated_at: Date;
  supports: { id: string; kind: string; monthly_amount_cents: number | null; started_on: string | null; ended_on: string | null; note: string | null }[];
}

export interface CategoryRow {
  code: string;
  label_zh: string;
  label_en: string;
  sensitive: boolean;
  builtin: boolean;
}

const SELECT = `
  SELECT r.*, r.created_at::text AS ck,
         ${pointColumns('r.location::geometry')},
         v.name AS helper_name,
         COALESCE((SELECT json_agg(json_build_object('id', s.id, 'kind', s.kind, 'monthly_amount_cents', s.monthly_amount_cents,
                     'started_on', s.started_on, 'ended_on', s.ended_on, 'note', s.note) ORDER BY s.started_on, s.id)
                   FROM social.recipient_supports s WHERE s.recipient_id = r.id), '[]'::json) AS supports
    FROM social.care_recipients r
    LEFT JOIN social.volunteers v ON v.id = r.pair_helper_volunteer_id`;

/** Every query on care recipients, their support and their voucher ledger. */
@Injectable()
export class RecipientsRepository {
  constructor(@InjectDataSource() readonly ds: DataSource) {}

  categories(m: EntityManager = this.ds.manager): Promise<CategoryRow[]> {
    return m.query(`SELECT code, label_zh, label_en, sensitive, builtin FROM social.recipient_categories ORDER BY builtin DESC, code`);
  }

  async insertCategory(c: CategoryRow): Promise<CategoryRow> {
    const rows = await this.ds.query(
      `INSERT INTO social.recipient_categories (code, label_zh, label_en, sensitive, builtin) VALUES ($1,$2,$3,$4,false) RETURNING code, label_zh, label_en, sensitive, builtin`,
      [c.code, c.label_zh, c.label_en, c.sensitive],
    );
    return rows[0];
  }

  async insert(m: EntityManager, r: Record<string, unknown>): Promise<string> {
    const rows = await m.query(
      `INSERT INTO social.care_recipients (name, gender, birth_date, id_number_enc, id_number_hash, phone_enc, phone_hash, categories_enc, category_index, sensitive,
         disability_category, disability_grade, household_members, grid_id, grid_path, building_id, building_name, address, location,
         pair_helper_volunteer_id, note, created_by)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9::text[],$10,$11,$12,$13,$14,$15::ltree,$16,$17,$18,
         CASE WHEN $19::float8 IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint($19::float8, $20::float8), 4326)::geography END, $21, $22, $23)
       RETURNING id`,
      [
        r.name, r.gender ?? null, r.birthDate ?? null, r.idNumberEnc ?? null, r.idNumberHash ?? null, r.phoneEnc ?? null, r.phoneHash ?? null,
        r.categoriesEnc, r.categoryIndex, r.sensitive, r.disabilityCategory ?? null, r.disabilityGrade ?? null, JSON.stringify(r.householdMembers ?? []),
        r.gridId ?? null, r.gridPath, r.buildingId ?? null, r.buildingName ?? null, r.address ?? null, r.lng ?? null, r.lat ?? null,
        r.pairHelperVolunteerId ?? null, r.note ?? null, r.createdBy ?? null,
      ],
    );
    return rows[0].id;
  }

  async insertSupports(m: EntityManager, recipientId: string, supports: RecipientSupportInput[]): Promise<void> {
    for (const s of supports) {
      await m.query(
        `INSERT INTO social.recipient_supports (recipient_id, kind, monthly_amount_cents, started_on, note) VALUES ($1,$2,$3,COALESCE($4::date, current_date),$5)`,
        [recipientId, s.kind, s.monthlyAmountCents ?? null, s.startedOn ?? null, s.note ?? null],
      );
    }
  }

  async endSupport(m: EntityManager, recipientId: string, supportId: string, endedOn: string | null): Promise<boolean> {
    const rows = returned(await m.query(
      `UPDATE social.recipient_supports SET ended_on = GREATEST(started_on, COALESCE($3::date, current_date))
        WHERE id = $1 AND recipient_id = $2 AND ended_on IS NULL RETURNING id`,
      [supportId, recipientId, endedOn],
    ));
    return rows.length > 0;
  }

  async find(id: string, m: EntityManager = this.ds.manager): Promise<RecipientRow | undefined> {
    const rows = await m.query(`${SELECT} WHERE r.id = $1`, [id]);
    return rows[0];
  }

  /** Row lock on the recipient: the voucher ledger and updates serialise on it. */
  async lock(m: EntityManager, id: string): Promise<{ id: string; grid_path: string; voucher_balance_cents: number } | undefined> {
    const rows = await m.query(`SELECT id, grid_path::text, voucher_balance_cents FROM social.care_recipients WHERE id = $1 FOR UPDATE`, [id]);
    return rows[0];
  }

  /** `categoryHashes`: the blind-index values of the asked category (recipient-categories.ts). */
  /** Newest first after a keyset cursor (created_at text, id); `limit` rows. */
  list(actor: Actor, f: ListRecipients.Request, seesSensitive: boolean, categoryHashes: string[] | undefined, after: readonly string[] | null, limit: number): Promise<RecipientRow[]> {
    const q = new SqlParams().under('r.grid_path', narrowScope(actor.scope, f.gridPath));
    if (!seesSensitive) q.and('NOT r.sensitive');
    if (categoryHashes) q.and(`r.category_index && ${q.p(categoryHashes)}::text[]`);
    if (f.buildingId) q.and(`r.building_id = ${q.p(f.buildingId)}`);
    if (f.q) q.and(`r.name LIKE ${q.p(f.q.replace(/[%_\\]/g, '\\$&') + '%')}`);
    if (f.support) q.and(`EXISTS (SELECT 1 FROM social.recipient_supports s WHERE s.recipient_id = r.id AND s.kind = ${q.p(f.support)} AND s.ended_on IS NULL)`);
    const page = q.keysetDesc([['r.created_at', 'timestamptz'], ['r.id', 'uuid']], after, limit);
    return this.ds.query(`${SELECT} ${q.where()} ${page}`, q.params);
  }

  async update(m: EntityManager, id: string, set: Record<string, unknown>): Promise<void> {
    const q = new SqlParams();
    const cols = Object.entries(set).map(([col, v]) => `${col} = ${q.p(v)}`);
    if (cols.length === 0) return;
    await m.query(`UPDATE social.care_recipients SET ${cols.join(', ')}, updated_at = now() WHERE id = ${q.p(id)}`, q.params);
  }

  async recordIdentityRead(id: string, actor: Actor, reason: string): Promise<void> {
    await this.ds.query(`INSERT INTO social.identity_reads (recipient_id, actor_id, actor_name, reason) VALUES ($1,$2,$3,$4)`, [id, actor.id, actor.username, reason]);
  }

  async volunteerExists(m: EntityManager, id: string): Promise<boolean> {
    return (await m.query(`SELECT 1 FROM social.volunteers WHERE id = $1`, [id])).length > 0;
  }

  // ---- voucher ledger ------------------------------------------------------------------------

  /** Issues a month's vouchers; false when that month was already issued (unique index). */
  async issueVouchers(m: EntityManager, recipientId: string, gridPath: string, month: string, amount: number, actorId: string | null): Promise<number | null> {
    const inserted = await m.query(
      `WITH up AS (
         UPDATE social.care_recipients
            SET voucher_issued_cents = voucher_issued_cents + $3, voucher_balance_cents = voucher_balance_cents + $3
          WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM social.voucher_ledger WHERE recipient_id = $1 AND entry = 'issue' AND month = $2::date)
          RETURNING voucher_balance_cents)
       INSERT INTO social.voucher_ledger (recipient_id, grid_path, entry, amount_cents, balance_after_cents, month, created_by)
       SELECT $1, $4::ltree, 'issue', $3, up.voucher_balance_cents, $2::date, $5 FROM up
       ON CONFLICT DO NOTHING
       RETURNING balance_after_cents`,
      [recipientId, `${month}-01`, amount, gridPath, actorId],
    );
    return inserted.length ? Number(inserted[0].balance_after_cents) : null;
  }

  /**
   * Redeems vouchers with one conditional UPDATE (never below zero, whoever else redeems at the
   * same moment); null when the balance is short.
   */
  async redeemVouchers(
    m: EntityManager,
    recipientId: string,
    amount: number,
    serviceRequestId: string | null,
    note: string | null,
    actorId: string | null,
  ): Promise<{ balance: number; gridPath: string } | null> {
    const up = returned(await m.query(
      `UPDATE social.care_recipients
          SET voucher_redeemed_cents = voucher_redeemed_cents + $2, voucher_balance_cents = voucher_balance_cents - $2
        WHERE id = $1 AND voucher_balance_cents >= $2
        RETURNING voucher_balance_cents, grid_path::text`,
      [recipientId, amount],
    ));
    if (up.length === 0) return null;
    const balance = Number(up[0].voucher_balance_cents);
    await m.query(
      `INSERT INTO social.voucher_ledger (recipient_id, grid_path, entry, amount_cents, balance_after_cents, service_request_id, note, created_by)
       VALUES ($1, $2::ltree, 'redeem', $3, $4, $5, $6, $7)`,
      [recipientId, up[0].grid_path, amount, balance, serviceRequestId, note, actorId],
    );
    return { balance, gridPath: up[0].grid_path };
  }

  ledger(recipientId: string): Promise<{ id: string; entry: 'issue' | 'redeem'; amount_cents: number; balance_after_cents: number; month: string | null; service_request_id: string | null; note: string | null; created_at: Date }[]> {
    return this.ds.query(
      `SELECT id, entry, amount_cents, balance_after_cents, to_char(month, 'YYYY-MM') AS month, service_request_id, note, created_at
         FROM social.voucher_ledger WHERE recipient_id = $1 ORDER BY created_at, id`,
      [recipientId],
    );
  }

  /** Recipients in scope with an active breakfast-voucher support, for the monthly issue. */
  async voucherHolders(actor: Actor, gridPath?: string): Promise<{ id: string; grid_path: string; amount: number }[]> {
    const q = new SqlParams().under('r.grid_path', narrowScope(actor.scope, gridPath)).and('r.active');
    return this.ds.query(
      `SELECT r.id, r.grid_path::text, COALESCE(s.monthly_amount_cents, 3000) AS amount
         FROM social.care_recipients r
         JOIN social.recipient_supports s ON s.recipient_id = r.id AND s.kind = 'breakfast_voucher' AND s.ended_on IS NULL
         ${q.where()}`,
      q.params,
    );
  }

  // ---- figures -------------------------------------------------------------------------------

  async figures(actor: Actor, gridPath: string | undefined, depth: number, seesSensitive: boolean) {
    const q = new SqlParams().under('r.grid_path', narrowScope(actor.scope, gridPath)).and('r.active').and(!seesSensitive && 'NOT r.sensitive');
    const where = q.where();
    /** the statements without the depth take the scope's parameters alone */
    const params = [...q.params];
    const d = q.p(depth);
    const [byCategory, byGrid, supports, vouchers, total] = await Promise.all([
      // counted by blind index (the service names each hash): the categories stay encrypted
      this.ds.query(`SELECT h, count(*)::int AS n FROM social.care_recipients r, unnest(r.category_index) h ${where} GROUP BY h`, params),
      this.ds.query(
        `SELECT subpath(r.grid_path, 0, LEAST(nlevel(r.grid_path), ${d}::int))::text AS grid_path, h, count(*)::int AS n
           FROM social.care_recipients r, unnest(r.category_index) h ${where} GROUP BY 1, 2 ORDER BY 1, 2`,
        q.params,
      ),
      this.ds.query(
        `SELECT s.kind, count(*)::int AS n FROM social.recipient_supports s JOIN social.care_recipients r ON r.id = s.recipient_id
          ${where} AND s.ended_on IS NULL GROUP BY s.kind ORDER BY s.kind`,
        params,
      ),
      this.ds.query(
        `SELECT COALESCE(sum(voucher_issued_cents),0)::bigint AS issued, COALESCE(sum(voucher_redeemed_cents),0)::bigint AS redeemed,
                COALESCE(sum(voucher_balance_cents),0)::bigint AS balance FROM social.care_recipients r ${where}`,
        params,
      ),
      this.ds.query(`SELECT count(*)::int AS n FROM social.care_recipients r ${where}`, params),
    ]);
    return { byCategory, byGrid, supports, vouchers: vouchers[0], total: total[0].n as number };
  }

  /** Distinct recipients per grid bucket (a person in two categories counts once). */
  async countByGrid(actor: Actor, gridPath: string | undefined, depth: number, seesSensitive: boolean): Promise<{ grid_path: string; n: number }[]> {
    const q = new SqlParams().under('r.grid_path', narrowScope(actor.scope, gridPath)).and('r.active').and(!seesSensitive && 'NOT r.sensitive');
    const d = q.p(depth);
    return this.ds.query(
      `SELECT subpath(r.grid_path, 0, LEAST(nlevel(r.grid_path), ${d}::int))::text AS grid_path, count(*)::int AS n
         FROM social.care_recipients r ${q.where()} GROUP BY 1 ORDER BY 1`,
      q.params,
    );
  }
}
