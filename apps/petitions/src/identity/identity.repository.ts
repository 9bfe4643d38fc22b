import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { PiiIdentityAuditEntry } from '@grid122/contracts';

/** An audit entry as written: the entry the audit lists (less its id and time, the database's), with the rows read and the request. */
export interface AuditInsert extends Omit<PiiIdentityAuditEntry, 'id' | 'at'> {
  rows: number;
  requestId: string | null;
}

/** The identity audit (身份信息查看记录), append-only (a trigger refuses UPDATE and DELETE). */
@Injectable()
export class IdentityRepository {
  constructor(private readonly ds: DataSource) {}

  async insert(m: EntityManager, e: AuditInsert): Promise<void> {
    await m.query(
      `INSERT INTO petitions.identity_reveals (actor_id, actor_name, actor_role, subject_type, subject_id, fields, reason, rows, request_id)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
      [e.actorId, e.actorName, e.actorRole, e.subjectType, e.subjectId, e.fields, e.reason, e.rows, e.requestId],
    );
  }

  async list(f: { subjectType?: string; subjectId?: string; limit: number }): Promise<PiiIdentityAuditEntry[]> {
    const rows: Record<string, unknown>[] = await this.ds.query(
      `SELECT id::text, actor_id, actor_name, actor_role, subject_type, subject_id, fields, reason, at
         FROM petitions.identity_reveals
        WHERE ($1::text IS NULL OR subject_type = $1) AND ($2::uuid IS NULL OR subject_id = $2)
        ORDER BY at DESC, identity_reveals.id DESC LIMIT $3`,
      [f.subjectType ?? null, f.subjectId ?? null, f.limit],
    );
    return rows.map((r) => ({
      id: r.id as string,
      actorId: r.actor_id as string,
      actorName: r.actor_name as string,
      actorRole: r.actor_role as string,
      subjectType: r.subject_type as string,
      subjectId: (r.subject_id as string) ?? null,
      fields: r.fields as string[],
      reason: r.reason as string,
      at: (r.at as Date).toISOString(),
    }));
  }
}
