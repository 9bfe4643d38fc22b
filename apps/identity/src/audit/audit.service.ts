import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { GatewayErrorCode, RecordAudit } from '@grid122/contracts';
import { AppError } from '@grid122/messaging';

/** The audit log's one writer: an entry is appended, its seq and hashes set by the chain trigger. */
@Injectable()
export class AuditService {
  private readonly logger = new Logger(AuditService.name);

  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /**
   * Writes the entry, in the caller's transaction when one is given. If the row cannot be written
   * the action fails (AUDIT_UNAVAILABLE, 503 at the gateway) and, inside a transaction, nothing of
   * it is kept: no audited change without its audit row (等保三级 安全审计).
   */
  async record(r: RecordAudit.Request, manager?: EntityManager): Promise<RecordAudit.Reply> {
    try {
      const [row]: { seq: string }[] = await (manager ?? this.ds.manager).query(
        `INSERT INTO identity.audit_log (actor_id, actor_name, action, target, result, ip, details) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING seq::text AS seq`,
        [r.actorId ?? null, r.actorName ?? null, r.action, r.target ?? null, r.result, r.ip ?? null, r.details ?? null],
      );
      return { seq: row.seq };
    } catch (e) {
      this.logger.error(`audit write failed for ${r.action}: ${(e as Error).message}`);
      throw new AppError(GatewayErrorCode.AuditUnavailable, 'The audit log cannot be written: the action was not done');
    }
  }

  /**
   * Writes the entry of a refusal (a failed login, a denied account change): the caller is refused
   * whatever happens here, so a failed write is logged loudly and does not change the answer.
   */
  async note(r: RecordAudit.Request): Promise<void> {
    await this.record(r).catch(() => undefined);
  }
}
