import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
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

  /** Writes an entry; an audit failure is logged loudly but never hides the caller's answer. */
  async record(r: AuditRecord): Promise<void> {
    try {
      await this.ds.getRepository(AuditEntryEntity).insert({
        actorId: r.actorId ?? null,
        actorName: r.actorName ?? null,
        action: r.action,
        target: r.target ?? null,
        result: r.result,
        ip: r.ip ?? null,
        details: (r.details ?? null) as never,
      });
    } catch (e) {
      this.logger.error(`audit write failed for ${r.action}: ${(e as Error).message}`);
    }
  }
}
