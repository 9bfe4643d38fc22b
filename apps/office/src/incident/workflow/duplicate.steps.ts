import { Injectable } from '@nestjs/common';
import { IncidentAction, IncidentState, OfficeErrorCode } from '@grid122/contracts';
import { AppError } from '@grid122/messaging';
import { EntityManager } from 'typeorm';
import { byDoer, Doer, isVisible } from '../incident-access';
import { IncidentRepository } from '../incident.repository';
import { IncidentRow } from '../incident.row';
import { Step, StepContext, StepChange } from './incident-step';

/**
 * 合并重复件: the desk's hand on "me too" — a report merged into its original and unmerged — and
 * duplicates following their original's closure and reopening.
 */
@Injectable()
export class DuplicateSteps {
  constructor(private readonly repo: IncidentRepository) {}

  readonly steps = {
    [IncidentAction.Merge]: (c) => this.merge(c),
    [IncidentAction.Unmerge]: (c) => this.unmerge(c),
  } satisfies Partial<Record<IncidentAction, Step>>;

  /** A follower is not a problem of its own: out of found, into duplicates (its cohort's day). */
  private async merge({ m, row, body, doer, now }: StepContext): Promise<StepChange> {
    const original = await this.mergeTarget(m, row, body.originalId!, doer);
    await this.linkFollower(m, original, row, doer, 1, now);
    return {
      patch: { duplicate_of: original.id, deadline: null, yellow_at: null },
      deltas: { found: -1, duplicates: 1 },
      extra: { duplicateOfId: original.id },
      note: [`合并到 ${original.code} merged into the original`, body.reason ?? body.note].filter(Boolean).join('; '),
    };
  }

  private async unmerge({ m, row, body, doer, now }: StepContext): Promise<StepChange> {
    const original = row.duplicate_of ? await this.repo.lock(m, row.duplicate_of) : undefined;
    if (original) await this.linkFollower(m, original, row, doer, -1, now);
    return {
      patch: { duplicate_of: null, closure_type: null, responsible_party: null, closed_at: null },
      deltas: { found: 1, duplicates: -1 },
      extra: { duplicateOfId: original?.id ?? null },
      note: [`撤销合并 ${original ? original.code : ''} unmerged`.trim(), body.reason].filter(Boolean).join('; '),
    };
  }

  /**
   * Duplicates follow their original (docs/metrics.md): closing the original gives each follower
   * the same outcome (closure type, responsible party, closing time) and a history entry, so its
   * reporter (Open311 included) learns it when the problem was settled, not before; reopening the
   * original takes the outcome back. A follower stays `duplicate`: it is not a problem of its own
   * and never enters found, closed or solved.
   */
  async followOriginal(m: EntityManager, original: IncidentRow, action: IncidentAction.Close | IncidentAction.Reopen, doer: Doer, now: Date): Promise<void> {
    for (const f of await this.repo.lockFollowers(m, original.id)) {
      const closing = action === IncidentAction.Close;
      if (closing === !!f.closed_at) continue;
      await this.repo.update(m, f.id, closing
        ? { closure_type: original.closure_type, responsible_party: original.responsible_party, closed_at: now }
        : { closure_type: null, responsible_party: null, closed_at: null });
      await this.repo.appendHistory(m, f.id, {
        action: closing ? 'closed_with_original' : 'reopened_with_original',
        from_state: f.state,
        to_state: f.state,
        ...byDoer(doer),
        note: closing ? `随原件 ${original.code} 结案 closed with the original: ${original.closure_type}` : `原件 ${original.code} 重新办理 the original was reopened`,
        at: now,
      });
    }
  }

  /** The original a report is merged into: visible, open, not a follower itself, not the report. */
  private async mergeTarget(m: EntityManager, row: IncidentRow, originalId: string, doer: Doer): Promise<IncidentRow> {
    const original = originalId === row.id ? undefined : await this.repo.lock(m, originalId);
    if (!original || (doer.actor && !isVisible(doer.actor, original))) {
      throw new AppError(OfficeErrorCode.IncidentNotFound, `Incident ${originalId} not found`, { field: 'originalId' });
    }
    if (original.state === IncidentState.Duplicate || original.state === IncidentState.Rejected || original.state === IncidentState.Closed) {
      throw AppError.validation([{ field: 'originalId', messages: [`the original must be an open incident of its own, not ${original.state} (${original.code})`] }]);
    }
    return original;
  }

  /** Counts a follower on (or off) its original, with a history entry there. */
  private async linkFollower(m: EntityManager, original: IncidentRow, follower: IncidentRow, doer: Doer, sign: 1 | -1, now: Date): Promise<void> {
    await this.repo.update(m, original.id, { priority: Math.max(0, original.priority + sign), duplicate_count: Math.max(0, original.duplicate_count + sign) });
    await this.repo.appendHistory(m, original.id, {
      action: sign > 0 ? 'duplicate_linked' : 'duplicate_unlinked',
      from_state: original.state,
      to_state: original.state,
      ...byDoer(doer),
      note: sign > 0 ? `人工合并 merged by the desk: ${follower.code}` : `撤销合并 unmerged by the desk: ${follower.code}`,
      at: now,
    });
  }
}
