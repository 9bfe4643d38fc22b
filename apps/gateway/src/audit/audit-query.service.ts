import { Injectable } from '@nestjs/common';
import { Actor } from '@grid122/contracts';
import { AuditEntryDto, AuditPageDto, AuditQueryDto } from './audit.dto';
import { AuditRepository, AuditRow } from './audit.repository';
import { AuditService } from './audit.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The auditor's view of the gateway's audit log (审计员查询); every query is itself audited. */
@Injectable()
export class AuditQueryService {
  constructor(
    private readonly repo: AuditRepository,
    private readonly audit: AuditService,
  ) {}

  async query(actor: Actor, q: AuditQueryDto, ip?: string): Promise<AuditPageDto> {
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
    await this.audit.record({ actorId: actor.id, actorName: actor.username, action: 'audit.read', target: 'gateway.audit_log', result: 'ok', ip, details: { ...q } });
    const page = rows.slice(0, limit);
    return { items: page.map(toDto), nextCursor: rows.length > limit ? page[page.length - 1].id : null };
  }
}

function toDto(r: AuditRow): AuditEntryDto {
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
