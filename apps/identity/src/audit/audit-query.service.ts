import { Injectable } from '@nestjs/common';
import { Actor, AuditBrokenLink, AuditEntryView, QueryAudit, Role, VerifyAudit } from '@grid122/contracts';
import { AppError } from '@grid122/messaging';
import { AuditRepository, AuditRow, ChainLink } from './audit.repository';
import { AuditService } from './audit.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The auditor's view of the audit log (审计员查询); every query is itself audited. Only the auditor asks (三员分立), checked here again behind the gateway's route. */
@Injectable()
export class AuditQueryService {
  constructor(
    private readonly repo: AuditRepository,
    private readonly audit: AuditService,
  ) {}

  async query(actor: Actor, req: QueryAudit.Request): Promise<QueryAudit.Reply> {
    onlyAuditor(actor);
    const { ip, ...q } = req;
    const limit = q.limit ?? 100;
    const rows = await this.repo.find({
      from: q.from,
      to: q.to,
      ...(q.actor ? (UUID.test(q.actor) ? { actorId: q.actor } : { actorName: q.actor }) : {}),
      ...(q.action ? (q.action.endsWith('*') ? { actionPrefix: q.action.slice(0, -1) } : { action: q.action }) : {}),
      result: q.result,
      beforeId: q.cursor,
      limit: limit + 1,
    });
    await this.audit.record({ actorId: actor.id, actorName: actor.username, action: 'audit.read', target: 'identity.audit_log', result: 'ok', ip, details: { ...q } });
    const page = rows.slice(0, limit);
    return { items: page.map(toView), nextCursor: rows.length > limit ? page[page.length - 1].id : null };
  }

  /**
   * Walks the hash chain from the oldest kept entry to the head read first (entries written while
   * it runs are left for the next check), in batches, and reports the first broken link: an entry
   * whose content no longer gives its hash, a link to the entry before that does not match, a gap
   * in seq (entries removed), or a head beyond the last entry (the newest removed). Audited.
   */
  async verify(actor: Actor, ip?: string): Promise<VerifyAudit.Reply> {
    onlyAuditor(actor);
    const head = await this.repo.head();
    let checked = 0;
    let from: ChainLink | null = null;
    let last: ChainLink | null = null;
    let broken: AuditBrokenLink | null = null;
    if (head && BigInt(head.seq) > 0n) {
      let after = '0';
      for (;;) {
        const batch = await this.repo.links(after, head.seq, VERIFY_BATCH);
        for (const link of batch) {
          broken = brokenAt(last, link);
          if (broken) break;
          from ??= link;
          last = link;
          checked += 1;
        }
        if (broken || batch.length < VERIFY_BATCH) break;
        after = last!.seq;
      }
      if (!broken && (last?.seq !== head.seq || last?.hash !== head.hash)) {
        broken = { id: null, seq: String((last ? BigInt(last.seq) : 0n) + 1n), reason: 'tail', message: `the chain head is entry ${head.seq}, the last entry found is ${last?.seq ?? 'none'}: the newest entries were removed or changed` };
      }
    }
    const ok = !broken;
    await this.audit.record({ actorId: actor.id, actorName: actor.username, action: 'audit.verify', target: 'identity.audit_log', result: 'ok', ip, details: { ok, checked, head: head?.seq ?? null, ...(broken ? { brokenAt: broken.seq, reason: broken.reason } : {}) } });
    return {
      ok,
      checked,
      from: from ? { seq: from.seq, hash: from.hash } : null,
      head: head?.hash ? { seq: head.seq, hash: head.hash } : null,
      firstBroken: broken,
    };
  }
}

const VERIFY_BATCH = 5000;

function onlyAuditor(actor: Actor): void {
  if (actor.role !== Role.Auditor) throw AppError.forbidden('The audit log is the auditor\'s alone (三员分立)');
}

/** Why `link` does not follow `prev` (null: it does). The oldest kept entry is the anchor: entries before it may have been pruned. */
function brokenAt(prev: ChainLink | null, link: ChainLink): AuditBrokenLink | null {
  if (link.hash !== link.recomputed) return { id: link.id, seq: link.seq, reason: 'hash', message: `entry ${link.seq} (id ${link.id}) was changed after it was written` };
  if (!prev) {
    if (link.seq === '1' && link.prev_hash !== null) return { id: link.id, seq: link.seq, reason: 'prev_hash', message: 'the first entry links to an entry before it' };
    return null;
  }
  const expected = String(BigInt(prev.seq) + 1n);
  if (link.seq !== expected) return { id: link.id, seq: expected, reason: 'missing', message: `entries ${expected}–${BigInt(link.seq) - 1n} are missing (removed) before entry ${link.seq}` };
  if (link.prev_hash !== prev.hash) return { id: link.id, seq: link.seq, reason: 'prev_hash', message: `entry ${link.seq} (id ${link.id}) does not link to entry ${prev.seq}` };
  return null;
}

function toView(r: AuditRow): AuditEntryView {
  return {
    id: r.id,
    at: new Date(r.at).toISOString(),
    actorId: r.actor_id,
    actorName: r.actor_name,
    action: r.action,
    target: r.target,
    result: r.result,
    ip: r.ip,
    details: r.details,
  };
}
