import { Injectable } from '@nestjs/common';
import { streetZoneSql } from '@grid122/calendar';
import { InjectDataSource } from '@nestjs/typeorm';
import { narrowScope } from '@grid122/access';
import { Actor, ListServiceRequests } from '@grid122/contracts';
import { pointColumns, sequenceRef, SqlParams } from '@grid122/persistence';
import { DataSource, EntityManager } from 'typeorm';

export interface RequestRow {
  id: string;
  ck: string;
  code: string;
  service_type: string;
  source: string;
  incident_id: string | null;
  incident_code: string | null;
  recipient_id: string | null;
  recipient_name: string | null;
  recipient_sensitive: boolean | null;
  title: string;
  description: string | null;
  grid_id: string | null;
  grid_path: string;
  building_id: string | null;
  address: string | null;
  lng: number | null;
  lat: number | null;
  scheduled_for: Date | null;
  state: string;
  assignee_kind: string | null;
  assignee_volunteer_id: string | null;
  assignee_staff_id: string | null;
  assignee_name: string | null;
  hours: string | null;
  voucher_cents: number;
  delivery_note: string | null;
  delivered_by_id: string | null;
  satisfaction: number | null;
  points_awarded: number;
  reason: string | null;
  requested_by_id: string | null;
  requested_by_name: string | null;
  created_at: Date;
  assigned_at: Date | null;
  delivered_at: Date | null;
  confirmed_at: Date | null;
  closed_at: Date | null;
}

const SELECT = `
  SELECT q.*, q.created_at::text AS ck, q.grid_path::text AS grid_path,
         ${pointColumns('q.location::geometry')},
         r.name AS recipient_name, r.sensitive AS recipient_sensitive
    FROM social.service_requests q
    LEFT JOIN social.care_recipients r ON r.id = q.recipient_id`;

/** Every query on service requests. */
@Injectable()
export class RequestsRepository {
  constructor(@InjectDataSource() readonly ds: DataSource) {}

  /** Inserts a request; with an incident id it is idempotent (null when that incident already has one). */
  async insert(m: EntityManager, r: Record<string, unknown>): Promise<string | null> {
    const rows = await m.query(
      `INSERT INTO social.service_requests (code, service_type, source, incident_id, incident_code, recipient_id, title, description, grid_id, grid_path,
         building_id, address, location, scheduled_for, state, requested_by_id, requested_by_name)
       VALUES (${sequenceRef('SR-', 'social.service_request_seq', 5, { format: 'YYYYMMDD' })},
         $1,$2,$3,$4,$5,$6,$7,$8,$9::ltree,$10,$11,
         CASE WHEN $12::float8 IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint($12::float8, $13::float8), 4326)::geography END,
         $14,'opened',$15,$16)
       ON CONFLICT (incident_id) DO NOTHING RETURNING id`,
      [
        r.serviceType, r.source, r.incidentId ?? null, r.incidentCode ?? null, r.recipientId ?? null, r.title, r.description ?? null, r.gridId ?? null,
        r.gridPath, r.buildingId ?? null, r.address ?? null, r.lng ?? null, r.lat ?? null, r.scheduledFor ?? null, r.requestedById ?? null, r.requestedByName ?? null,
      ],
    );
    return rows[0]?.id ?? null;
  }

  async find(id: string, m: EntityManager = this.ds.manager): Promise<RequestRow | undefined> {
    return (await m.query(`${SELECT} WHERE q.id = $1`, [id]))[0];
  }

  async findByIncident(m: EntityManager, incidentId: string): Promise<RequestRow | undefined> {
    return (await m.query(`${SELECT} WHERE q.incident_id = $1`, [incidentId]))[0];
  }

  /** Locks the request row for its state change (one writer at a time, the rest wait and re-read). */
  async lock(m: EntityManager, id: string): Promise<RequestRow | undefined> {
    await m.query(`SELECT 1 FROM social.service_requests WHERE id = $1 FOR UPDATE`, [id]);
    return this.find(id, m);
  }

  async update(m: EntityManager, id: string, set: Record<string, unknown>): Promise<void> {
    const q = new SqlParams();
    const cols = Object.entries(set).map(([col, v]) => (v === 'now()' ? `${col} = now()` : `${col} = ${q.p(v)}`));
    await m.query(`UPDATE social.service_requests SET ${cols.join(', ')}, updated_at = now() WHERE id = ${q.p(id)}`, q.params);
  }

  /** Newest first after a keyset cursor (created_at text, id); `limit` rows. */
  list(actor: Actor, f: ListServiceRequests.Request, seesSensitive: boolean, after: readonly string[] | null, limit: number): Promise<RequestRow[]> {
    const q = new SqlParams().under('q.grid_path', narrowScope(actor.scope, f.gridPath));
    if (!seesSensitive) q.and('(r.sensitive IS NOT TRUE)');
    if (f.state) q.and(`q.state = ${q.p(f.state)}`);
    if (f.serviceType) q.and(`q.service_type = ${q.p(f.serviceType)}`);
    if (f.source) q.and(`q.source = ${q.p(f.source)}`);
    if (f.recipientId) q.and(`q.recipient_id = ${q.p(f.recipientId)}`);
    if (f.volunteerId) q.and(`q.assignee_volunteer_id = ${q.p(f.volunteerId)}`);
    if (f.incidentId) q.and(`q.incident_id = ${q.p(f.incidentId)}`);
    const page = q.keysetDesc([['q.created_at', 'timestamptz'], ['q.id', 'uuid']], after, limit);
    return this.ds.query(`${SELECT} ${q.where()} ${page}`, q.params);
  }

  /** Figures per street month; `startAt`/`endAt` are the instants the range's first and next-after-last months begin in the street. */
  async figures(actor: Actor, gridPath: string | undefined, startAt: string, endAt: string) {
    const scope = narrowScope(actor.scope, gridPath);
    const base = () => new SqlParams().under('q.grid_path', scope);
    const month = (col: string) => `to_char(${col} AT TIME ZONE ${streetZoneSql()}, 'YYYY-MM')`;
    const range = (q: SqlParams, col: string) => q.and(`${col} >= ${q.p(startAt)}::timestamptz AND ${col} < ${q.p(endAt)}::timestamptz`);
    const opened = range(base(), 'q.created_at');
    const delivered = range(base(), 'q.delivered_at');
    const confirmed = range(base(), 'q.confirmed_at');
    const vouchers = range(new SqlParams().under('l.grid_path', scope), 'l.created_at');
    const states = base();
    const [o, d, c, v, s] = await Promise.all([
      this.ds.query(`SELECT ${month('q.created_at')} AS month, count(*)::int AS n FROM social.service_requests q ${opened.where()} GROUP BY 1`, opened.params),
      this.ds.query(`SELECT ${month('q.delivered_at')} AS month, q.service_type, count(*)::int AS n FROM social.service_requests q ${delivered.where()} GROUP BY 1, 2`, delivered.params),
      this.ds.query(`SELECT ${month('q.confirmed_at')} AS month, count(*)::int AS n, avg(q.satisfaction)::float8 AS sat FROM social.service_requests q ${confirmed.where()} GROUP BY 1`, confirmed.params),
      this.ds.query(
        `SELECT ${month('l.created_at')} AS month, COALESCE(sum(l.amount_cents) FILTER (WHERE l.entry = 'issue'), 0)::int AS issued,
                COALESCE(sum(l.amount_cents) FILTER (WHERE l.entry = 'redeem'), 0)::int AS redeemed
           FROM social.voucher_ledger l ${vouchers.where()} GROUP BY 1`,
        vouchers.params,
      ),
      this.ds.query(`SELECT q.state, count(*)::int AS n FROM social.service_requests q ${states.where()} GROUP BY 1`, states.params),
    ]);
    return { opened: o, delivered: d, confirmed: c, vouchers: v, states: s };
  }
}
