import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { GatewayErrorCode } from '@grid122/contracts';
import { AppError } from '@grid122/messaging';
import { AuditEntryEntity } from './audit.entity';

export interface AuditRecord {
  actorId?: string | null;
  actorName?: string | null;
  action: string;
  target?: string | null;
  result: 'ok' | 'denied' | 'failed';
  ip?: string | null;
  details?: Record<string, unknown> | null;
}

@Injectable()
export class AuditService {
  private readonly logger = new Logger(AuditService.name);

  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /**
   * Writes the entry of an audited action, in the caller's transaction when one is given. If the
   * row cannot be written the action fails (503 AUDIT_UNAVAILABLE) and, inside a transaction,
   * nothing of it is kept: no audited change without its audit row (等保三级 安全审计).
   */
  async record(r: AuditRecord, manager?: EntityManager): Promise<void> {
    try {
      await (manager ?? this.ds.manager).getRepository(AuditEntryEntity).insert(toRow(r));
    } catch (e) {
      this.logger.error(`audit write failed for ${r.action}: ${(e as Error).message}`);
      throw new AppError(GatewayErrorCode.AuditUnavailable, 'The audit log cannot be written: the action was not done');
    }
  }

  /**
   * Writes the entry of a refusal (a bad token, a denied route, a failed login): the caller is
   * refused whatever happens here, so a failed write is logged loudly and does not change the answer.
   */
  async note(r: AuditRecord): Promise<void> {
    try {
      await this.ds.getRepository(AuditEntryEntity).insert(toRow(r));
    } catch (e) {
      this.logger.error(`audit write failed for ${r.action}: ${(e as Error).message}`);
    }
  }
}

function toRow(r: AuditRecord) {
  return {
    actorId: r.actorId ?? null,
    actorName: r.actorName ?? null,
    action: r.action,
    target: r.target ?? null,
    result: r.result,
    ip: r.ip ?? null,
    details: (r.details ?? null) as never,
  };
}
