import { Injectable, Logger } from '@nestjs/common';
import { GatewayErrorCode, RecordAudit, SYSTEM_ACTOR } from '@grid122/contracts';
import { AppError, RpcClient } from '@grid122/messaging';
import { requestContext } from '@grid122/observability';

export type AuditRecord = RecordAudit.Request;

/**
 * The gateway's audited actions, written to the identity service's hash-chained audit log
 * (`identity.audit.record`, 安全审计).
 */
@Injectable()
export class AuditService {
  private readonly logger = new Logger(AuditService.name);

  constructor(private readonly rpc: RpcClient) {}

  /**
   * Writes the entry of an audited action before the action's answer leaves (called inside the
   * action's transaction, so a failure rolls it back). If the entry cannot be written — identity
   * refuses it, is down or slow — the action fails with 503 AUDIT_UNAVAILABLE: no audited change
   * without its audit row (等保三级 安全审计).
   */
  async record(r: AuditRecord): Promise<void> {
    try {
      await this.write(r);
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
      await this.write(r);
    } catch (e) {
      this.logger.error(`audit write failed for ${r.action}: ${(e as Error).message}`);
    }
  }

  /** The request's Idempotency-Key is not sent on: an entry is written once per call, never answered from another's. */
  private write(r: AuditRecord): Promise<RecordAudit.Reply> {
    const ctx = requestContext.get();
    const entry: AuditRecord = { ...r, actorName: r.actorName?.slice(0, 128) ?? null, target: r.target?.slice(0, 512) ?? null, details: r.details ?? null };
    const call = () => this.rpc.call(RecordAudit, entry, SYSTEM_ACTOR);
    return ctx?.idempotencyKey ? requestContext.run({ ...ctx, idempotencyKey: undefined }, call) : call();
  }
}
