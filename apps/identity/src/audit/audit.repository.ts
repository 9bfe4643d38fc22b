import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SqlParams } from '@grid122/persistence';

export interface AuditFilter {
  from?: string;
  to?: string;
  actorId?: string;
  actorName?: string;
  action?: string;
  actionPrefix?: string;
  result?: string;
  beforeId?: string;
  limit: number;
}

export interface AuditRow {
  id: string;
  at: Date;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  target: string | null;
  result: string;
  ip: string | null;
  details: Record<string, unknown> | null;
}

/** Reads of the append-only audit log, newest first, keyset-paged by id (bigserial, monotonic). */
@Injectable()
export class AuditRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  find(f: AuditFilter): Promise<AuditRow[]> {
    const q = new SqlParams();
    if (f.from) q.and(`at >= ${q.p(f.from)}::timestamptz`);
    if (f.to) q.and(`at < ${q.p(f.to)}::timestamptz`);
    if (f.actorId) q.and(`actor_id = ${q.p(f.actorId)}::uuid`);
    if (f.actorName) q.and(`actor_name = ${q.p(f.actorName)}`);
    if (f.action) q.and(`action = ${q.p(f.action)}`);
    // A prefix filter as a range keeps it an index range scan on (action, at).
    if (f.actionPrefix !== undefined) q.and(`action >= ${q.p(f.actionPrefix)} AND action < ${q.p(`${f.actionPrefix}\uffff`)}`);
    if (f.result) q.and(`result = ${q.p(f.result)}`);
    if (f.beforeId) q.and(`id < ${q.p(f.beforeId)}::bigint`);
    return this.ds.query(
      // ORDER BY the table's bigint id (a.id): a bare `id` would name the output column, id::text, and
      // sort 99 between 990 and 988 while the cursor compares numbers.
      `SELECT a.id::text AS id, at, actor_id, actor_name, action, target, result, ip, details FROM identity.audit_log a
       ${q.where()} ORDER BY a.id DESC LIMIT ${q.p(f.limit)}`,
      q.params,
    );
  }

  /** The chain head (last seq and hash), written only by the insert trigger. */
  async head(): Promise<{ seq: string; hash: string | null } | null> {
    const rows = await this.ds.query(`SELECT seq::text, hash FROM identity.audit_chain_head WHERE id = 1`);
    return rows[0] ?? null;
  }

  /** A batch of chain links after `afterSeq` up to `toSeq`, each with its hash recomputed from its content. */
  links(afterSeq: string, toSeq: string, limit: number): Promise<ChainLink[]> {
    return this.ds.query(
      `SELECT id::text, seq::text, prev_hash, hash,
              identity.audit_entry_hash(prev_hash, seq, at, actor_id, actor_name, action, target, result, ip, details) AS recomputed
         FROM identity.audit_log a WHERE a.seq > $1::bigint AND a.seq <= $2::bigint ORDER BY a.seq LIMIT $3`,
      [afterSeq, toSeq, limit],
    );
  }
}

export interface ChainLink {
  id: string;
  seq: string;
  prev_hash: string | null;
  hash: string;
  recomputed: string;
}
