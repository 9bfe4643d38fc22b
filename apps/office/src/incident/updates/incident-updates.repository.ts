import { Injectable } from '@nestjs/common';
import { Actor, ClosureType, IncidentState } from '@grid122/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { SqlParams } from '@grid122/persistence';
import { underPath } from '../incident.repository';
import { IncidentRepository } from '../incident.repository';

/**
 * The history actions a resident-facing client sees. Internal ones (督办, a unit's return, a "me
 * too" link) stay inside, and so does the intake itself: the client made the report and knows it,
 * and FixMyStreet moves an update stamped before it sent the report to a second after sending,
 * which would hide a change made in that second (perllib/Open311/UpdatesBase.pm, _process_update).
 */
export const PUBLIC_ACTIONS = ['register', 'reject', 'dispatch', 'accept', 'suspend', 'resume', 'handle', 'verify', 'rework', 'close', 'escalate', 'reopen', 'merge', 'unmerge', 'comment'] as const;

export interface UpdateRow {
  out_id: string;
  via_id: string | null;
  via_code: string | null;
  src_id: string;
  seq: number;
  action: string;
  to_state: IncidentState;
  closure_type: ClosureType | null;
  note: string | null;
  by_role: string | null;
  media_url: string | null;
  /** A close entry's completion reply (办结回复). */
  reply: string | null;
  /** `at` in microseconds (text), so a cursor never skips or repeats an entry of the same millisecond. */
  at_text: string;
}

export interface UpdateCursor {
  at: string;
  srcId: string;
  seq: number;
  outId: string;
}

const NIL = '00000000-0000-0000-0000-000000000000';

/** Every query of the public update feed and of residents' comments. */
@Injectable()
export class IncidentUpdatesRepository {
  constructor(
    private readonly ds: DataSource,
    private readonly incidents: IncidentRepository,
  ) {}

  /**
   * One page of public history entries in [from, to], oldest first, keyset on (at, source incident,
   * seq, incident shown). Two index range scans on incident_history (at, incident_id, seq): the
   * incidents' own entries, and each "me too" duplicate echoing its original's entries from the
   * moment it was filed (or merged by the desk) while it is still merged (state `duplicate`).
   */
  async page(actor: Actor, f: { from: Date; to: Date; root?: string; incidentIds?: string[] }, after: UpdateCursor | null, limit: number): Promise<UpdateRow[]> {
    const q = new SqlParams();
    const from = q.p(f.from);
    const to = q.p(f.to);
    const actions = q.p(PUBLIC_ACTIONS);
    const c = after ?? { at: '-infinity', srcId: NIL, seq: 0, outId: NIL };
    const [a, src, seq, out] = [q.p(c.at), q.p(c.srcId), q.p(c.seq), q.p(c.outId)];
    // Scope and filters apply to the incident the client is shown (alias i).
    const shown = [...this.incidents.scopeWhere(actor, q)];
    if (f.root) shown.push(underPath(f.root, q));
    if (f.incidentIds) shown.push(`i.id = ANY(${q.p(f.incidentIds)}::uuid[])`);
    const shownSql = shown.map((w) => ` AND ${w}`).join('');
    const n = q.p(limit);
    const window = `h.at >= ${from} AND h.at <= ${to} AND h.at >= ${a}::timestamptz AND h.action = ANY(${actions}::text[])`;
    const cols = (src: string) => `h.seq, h.action, h.to_state, h.note, h.by_role, h.at, h.data->>'mediaUrl' AS media_url, h.data->>'reply' AS reply,
        CASE WHEN h.action = 'close' THEN coalesce(h.data->>'closureType', ${src}.closure_type)
             WHEN h.to_state = 'closed' THEN ${src}.closure_type END AS closure_type`;
    return this.ds.query(
      `WITH own AS (
         SELECT i.id AS out_id, NULL::uuid AS via_id, NULL::text AS via_code, h.incident_id AS src_id, ${cols('i')}
         FROM office.incident_history h JOIN office.incidents i ON i.id = h.incident_id
         WHERE ${window} AND (h.at, h.incident_id, h.seq, h.incident_id) > (${a}::timestamptz, ${src}::uuid, ${seq}::int, ${out}::uuid)${shownSql}
         ORDER BY h.at, h.incident_id, h.seq LIMIT ${n}
       ), echo AS (
         SELECT i.id AS out_id, o.id AS via_id, o.code AS via_code, h.incident_id AS src_id, ${cols('o')}
         FROM office.incident_history h
         JOIN office.incidents o ON o.id = h.incident_id
         JOIN office.incidents i ON i.duplicate_of = o.id AND i.state = 'duplicate'
           -- from the moment it was filed, or merged by the desk
           AND h.at >= coalesce((SELECT max(mh.at) FROM office.incident_history mh WHERE mh.incident_id = i.id AND mh.action = 'merge'), i.reported_at)
         WHERE ${window} AND (h.at, h.incident_id, h.seq, i.id) > (${a}::timestamptz, ${src}::uuid, ${seq}::int, ${out}::uuid)${shownSql}
         ORDER BY h.at, h.incident_id, h.seq, i.id LIMIT ${n}
       )
       SELECT out_id, via_id, via_code, src_id, seq, action, to_state, closure_type, note, by_role, media_url, reply,
         to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at_text
       FROM (SELECT * FROM own UNION ALL SELECT * FROM echo) u
       ORDER BY u.at, u.src_id, u.seq, u.out_id LIMIT ${n}`,
      q.params,
    );
  }

  /** The history entry of a client's comment already recorded (idempotency), under the incident's row lock. */
  async findComment(m: EntityManager, incidentId: string, client: string, externalUpdateId: string): Promise<{ seq: number } | undefined> {
    const rows: { seq: number }[] = await m.query(
      `SELECT seq FROM office.incident_history WHERE incident_id = $1 AND action = 'comment' AND data->>'client' = $2 AND data->>'externalUpdateId' = $3`,
      [incidentId, client, externalUpdateId],
    );
    return rows[0];
  }

  async lastSeq(m: EntityManager, incidentId: string): Promise<number> {
    const rows: { seq: number }[] = await m.query(`SELECT max(seq) AS seq FROM office.incident_history WHERE incident_id = $1`, [incidentId]);
    return Number(rows[0]?.seq ?? 0);
  }
}
