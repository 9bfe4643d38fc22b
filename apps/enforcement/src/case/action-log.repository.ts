import { Injectable } from '@nestjs/common';
import { LOG_GENESIS_HASH } from '@grid122/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { entryHash, StoredLogEntry } from '../shared/hash-chain';

/**
 * The case action log (执法全过程记录): INSERT only (a trigger refuses UPDATE/DELETE/TRUNCATE for
 * every role). Appends run under the case's row lock, so two writers never fork the chain.
 */
@Injectable()
export class ActionLogRepository {
  constructor(private readonly ds: DataSource) {}

  async append(
    m: EntityManager,
    e: { caseId: string; action: string; actorId: string; actorName: string | null; content: Record<string, unknown>; occurredAt?: Date },
  ): Promise<StoredLogEntry> {
    const last: { seq: number; hash: string }[] = await m.query(
      `SELECT seq, hash FROM enforcement.case_log WHERE case_id = $1 ORDER BY seq DESC LIMIT 1`,
      [e.caseId],
    );
    const prevHash = last[0]?.hash ?? LOG_GENESIS_HASH;
    // Round-trip through JSON so the hashed content is exactly what jsonb gives back (no undefined, no Dates).
    const content = JSON.parse(JSON.stringify(e.content)) as Record<string, unknown>;
    const entry = {
      caseId: e.caseId,
      seq: (last[0]?.seq ?? 0) + 1,
      action: e.action,
      actorId: e.actorId,
      actorName: e.actorName,
      content,
      occurredAt: (e.occurredAt ?? new Date()).toISOString(),
    };
    const hash = entryHash(prevHash, entry);
    await m.query(
      `INSERT INTO enforcement.case_log (case_id, seq, action, actor_id, actor_name, content, occurred_at, prev_hash, hash)
       VALUES ($1,$2,$3,$4,$5,$6::jsonb,$7,$8,$9)`,
      [entry.caseId, entry.seq, entry.action, entry.actorId, entry.actorName, JSON.stringify(content), entry.occurredAt, prevHash, hash],
    );
    return { ...entry, prevHash, hash };
  }

  async entries(caseId: string): Promise<StoredLogEntry[]> {
    const rows: { case_id: string; seq: number; action: string; actor_id: string; actor_name: string | null; content: Record<string, unknown>; occurred_at: Date; prev_hash: string; hash: string }[] =
      await this.ds.query(`SELECT case_id, seq, action, actor_id, actor_name, content, occurred_at, prev_hash, hash FROM enforcement.case_log WHERE case_id = $1 ORDER BY seq`, [caseId]);
    return rows.map((r) => ({
      caseId: r.case_id,
      seq: r.seq,
      action: r.action,
      actorId: r.actor_id,
      actorName: r.actor_name,
      content: r.content,
      occurredAt: r.occurred_at.toISOString(),
      prevHash: r.prev_hash,
      hash: r.hash,
    }));
  }
}
