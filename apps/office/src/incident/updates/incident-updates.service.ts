import { Injectable } from '@nestjs/common';
import {
  Actor,
  CommentOnIncident,
  IncidentAction,
  IncidentState,
  IncidentUpdate,
  ListIncidentUpdates,
} from '@grid122/contracts';
import { AppError } from '@grid122/messaging';
import { PiiCipher } from '@grid122/privacy';
import { decodeCursor, encodeCursor, transactionWithRetry } from '@grid122/persistence';
import { DataSource } from 'typeorm';
import { OfficeEnv } from '../../config/office.env';
import { IncidentRepository } from '../incident.repository';
import { SatisfactionService } from '../../satisfaction/satisfaction.service';
import { IncidentWorkflowService } from '../incident-workflow.service';
import { Doer, visibleOr404 } from '../incident-access';
import { IncidentUpdatesRepository, UpdateCursor, UpdateRow } from './incident-updates.repository';

/**
 * What a resident-facing client (Open311 `servicerequestupdates`) reads and writes of an incident's
 * history: the public update feed, and residents' comments (with the street's reopen rule).
 */
@Injectable()
export class IncidentUpdatesService {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: IncidentUpdatesRepository,
    private readonly incidents: IncidentRepository,
    private readonly workflow: IncidentWorkflowService,
    private readonly env: OfficeEnv,
    private readonly pii: PiiCipher,
    private readonly satisfaction: SatisfactionService,
  ) {}

  async list(actor: Actor, req: ListIncidentUpdates.Request): Promise<ListIncidentUpdates.Reply> {
    const from = new Date(req.from);
    const to = new Date(req.to);
    if (from > to) throw AppError.validation([{ field: 'from', messages: ['from must not be after to'] }]);
    const limit = req.limit ?? 1000;
    const after = req.cursor ? cursorOf(decodeCursor(req.cursor, ['time', 'uuid', 'int', 'uuid'])) : null;
    const rows = await this.repo.page(actor, { from, to, root: req.root, incidentIds: req.incidentIds }, after, limit + 1);
    // A NATS message is at most 1 MB: a page also ends once its updates fill PAGE_BYTES (long notes).
    const page: UpdateRow[] = [];
    let bytes = 0;
    for (const r of rows.slice(0, limit)) {
      bytes += 300 + Buffer.byteLength(r.note ?? '') + Buffer.byteLength(r.media_url ?? '');
      if (page.length > 0 && bytes > PAGE_BYTES) break;
      page.push(r);
    }
    const last = page.at(-1);
    return {
      items: page.map(toUpdate),
      nextCursor: rows.length > page.length && last ? encodeCursor([last.at_text, last.src_id, Number(last.seq), last.out_id]) : null,
    };
  }

  /** A resident's comment: once per (client, externalUpdateId); `open` on a closed case reopens it within the street's window. */
  async comment(actor: Actor, req: CommentOnIncident.Request): Promise<CommentOnIncident.Reply> {
    return transactionWithRetry(this.ds, async (m) => {
      const row = visibleOr404(actor, await this.incidents.lock(m, req.incidentId), req.incidentId);
      const seen = await this.repo.findComment(m, row.id, actor.id, req.externalUpdateId);
      if (seen) {
        return { updateId: `${row.id}:${seen.seq}`, incidentId: row.id, seq: seen.seq, created: false, reopened: false, notReopenedBecause: null, state: row.state };
      }
      const text = req.text?.trim() || null;
      const doer: Doer = { id: actor.id, name: req.authorName?.trim() || actor.displayName || actor.username, role: 'resident', actor: null };
      await this.incidents.appendHistory(m, row.id, {
        action: 'comment',
        from_state: row.state,
        to_state: row.state,
        by_id: doer.id,
        by_name: doer.name,
        by_role: doer.role,
        note: text,
        data: {
          client: actor.id,
          externalUpdateId: req.externalUpdateId,
          writtenAt: req.writtenAt ?? null,
          mediaUrl: req.mediaUrl ?? null,
          // The resident's address is personal data: kept protected, for a call back only.
          email: req.email ? this.pii.encrypt(req.email) : null,
        },
      });
      const seq = await this.repo.lastSeq(m, row.id);
      let state = row.state;
      let reopened = false;
      let notReopenedBecause: string | null = null;
      if (req.satisfaction) {
        // The resident's answer on the closed case (办结满意度): 不满意 reopens it within the window.
        const outcome = await this.satisfaction.answerIn(m, row, req.satisfaction, text, doer, 'open311');
        ({ reopened, notReopenedBecause } = outcome);
        state = outcome.row.state;
      } else if (req.status === 'open' && row.state !== IncidentState.Closed && FINAL.includes(row.state)) {
        notReopenedBecause = row.state === IncidentState.Duplicate ? '重复上报随原案办理 / a duplicate follows its original' : '不予立案的报告不能重开 / a rejected report cannot be reopened';
      } else if (req.status === 'open' && row.state === IncidentState.Closed) {
        const closedAt = row.closed_at ? new Date(row.closed_at).getTime() : 0;
        if (Date.now() - closedAt > this.env.OFFICE_REOPEN_DAYS * 86_400_000) {
          notReopenedBecause = `结案已超过 ${this.env.OFFICE_REOPEN_DAYS} 天，请重新上报 / closed more than ${this.env.OFFICE_REOPEN_DAYS} days ago: report it again`;
        } else {
          const reason = `居民反馈问题仍未解决${text ? `：${text}` : ''}`.slice(0, 2000);
          state = (await this.workflow.applyIn(m, row, IncidentAction.Reopen, { reason }, doer)).state;
          reopened = true;
        }
      } else {
        await this.incidents.update(m, row.id, {}); // updated_at: a platform's incremental sync sees the comment
      }
      return { updateId: `${row.id}:${seq}`, incidentId: row.id, seq, created: true, reopened, notReopenedBecause, state };
    });
  }
}

/** Well under NATS's 1 MB max_payload for one reply. */
const PAGE_BYTES = 512 * 1024;

const FINAL: readonly IncidentState[] = [IncidentState.Closed, IncidentState.Rejected, IncidentState.Duplicate];

function toUpdate(r: UpdateRow): IncidentUpdate {
  return {
    updateId: r.via_id ? `${r.out_id}:${r.via_id}:${r.seq}` : `${r.out_id}:${r.seq}`,
    incidentId: r.out_id,
    viaOriginalId: r.via_id,
    viaOriginalCode: r.via_code,
    seq: Number(r.seq),
    action: r.action,
    state: r.to_state,
    closureType: r.closure_type,
    note: r.note,
    byRole: r.by_role,
    at: r.at_text.replace(/(\.\d{3})\d*Z$/, '$1Z'),
    mediaUrl: r.media_url,
    reply: r.reply ?? null,
  };
}

const cursorOf = ([at, srcId, seq, outId]: readonly [string, string, number, string]): UpdateCursor => ({ at, srcId, seq, outId });
