import { Injectable } from '@nestjs/common';
import { ClosureType, IncidentAction, OfficeErrorCode, ResolutionLevel } from '@grid122/contracts';
import { AppError } from '@grid122/messaging';
import { isSolvedClosure, reopenIsRework } from '@grid122/metrics';
import { OfficeEnv } from '../../config/office.env';
import { completionReply } from '../../satisfaction/completion-reply';
import { CounterDeltas } from '../../stats/stats.repository';
import { IncidentClockService } from '../incident-clock.service';
import { IncidentPatch, IncidentRow } from '../incident.row';
import { DuplicateSteps } from './duplicate.steps';
import { Step, StepContext, StepChange } from './incident-step';

const RESOLUTION_COUNTER = {
  [ResolutionLevel.Grid]: 'res_grid',
  [ResolutionLevel.Community]: 'res_community',
  [ResolutionLevel.Street]: 'res_street',
  [ResolutionLevel.District]: 'res_district',
} as const;

/** 结案 and 重新办理: the outcome, its counters and reply, and taking them back; duplicates follow their original. */
@Injectable()
export class ClosureSteps {
  constructor(
    private readonly clock: IncidentClockService,
    private readonly env: OfficeEnv,
    private readonly duplicates: DuplicateSteps,
  ) {}

  readonly steps = {
    [IncidentAction.Close]: (c) => this.close(c),
    [IncidentAction.Reopen]: (c) => this.reopen(c),
  } satisfies Partial<Record<IncidentAction, Step>>;

  private async close({ m, row, body, doer, now, category }: StepContext): Promise<StepChange> {
    // A resolution level only for a solved case: a closure as not ours or not fixable settled nothing (docs/metrics.md).
    const solved = isSolvedClosure(body.closureType!);
    const level = solved ? (body.resolutionLevel ?? resolutionLevelOf(row)) : null;
    const onTime = this.clock.onTime(row, category, now);
    const patch: IncidentPatch = {
      closure_type: body.closureType!,
      responsible_party: body.responsibleParty ?? null,
      resolution_level: level,
      on_time: onTime,
      closed_at: now,
      // 办结回复: written by the commander, or composed from the closure and the result (docs/office.md).
      completion_reply: completionReply({ closureType: body.closureType!, result: row.result, responsibleParty: body.responsibleParty, note: body.note ?? body.reason, reply: body.reply }),
      satisfaction: null,
    };
    const deltas: CounterDeltas = { closed: 1 };
    if (level) deltas[RESOLUTION_COUNTER[level]] = 1;
    if (solved) deltas.solved = 1;
    if (onTime) deltas.closed_on_time = 1;
    if (body.closureType === ClosureType.NotResponsible) deltas.misregistered = 1;
    return {
      patch,
      deltas,
      note: [`结案 ${body.closureType}`, body.responsibleParty ? `责任方 ${body.responsibleParty}` : null, body.note ?? body.reason].filter(Boolean).join('; '),
      // A close keeps its closure type in the entry: the public update feed reports it honestly even after a reopening.
      data: { closureType: body.closureType, reply: patch.completion_reply },
      after: (updated) => this.duplicates.followOriginal(m, updated, IncidentAction.Close, doer, now),
    };
  }

  private async reopen({ m, row, doer, now }: StepContext): Promise<StepChange> {
    const closedAt = row.closed_at ? new Date(row.closed_at).getTime() : 0;
    if (now.getTime() - closedAt > this.env.OFFICE_REOPEN_DAYS * 86_400_000) {
      throw new AppError(OfficeErrorCode.ReopenWindowPassed, `Incident ${row.code} was closed more than ${this.env.OFFICE_REOPEN_DAYS} days ago`, { closedAt: row.closed_at });
    }
    const patch: IncidentPatch = {};
    const deltas: CounterDeltas = {};
    // Reopening a fixed case is rework (the fix did not hold); reopening a case closed as not
    // ours or not fixable is not: nothing had been handled wrong (docs/metrics.md, 返工率).
    if (reopenIsRework(row.closure_type)) {
      patch.rework_count = row.rework_count + 1;
      if (row.rework_count === 0) deltas.reworked = 1;
    }
    deltas.closed = -1;
    if (row.resolution_level) deltas[RESOLUTION_COUNTER[row.resolution_level]] = -1;
    if (row.closure_type === ClosureType.Fixed) deltas.solved = -1;
    if (row.on_time) deltas.closed_on_time = -1;
    if (row.closure_type === ClosureType.NotResponsible) deltas.misregistered = -1;
    Object.assign(patch, { closure_type: null, responsible_party: null, resolution_level: null, on_time: null, closed_at: null, handled_at: null, completion_reply: null, satisfaction: null });
    return { patch, deltas, after: (updated) => this.duplicates.followOriginal(m, updated, IncidentAction.Reopen, doer, now) };
  }
}

/** Where a case was settled, from its history: the district if escalated, the street's units, the community's departments, else the grid. */
function resolutionLevelOf(row: IncidentRow): ResolutionLevel {
  if (row.escalated_ever) return ResolutionLevel.District;
  if (row.lead_unit || row.unit) return ResolutionLevel.Street;
  if (row.lead_department_id || row.department_id) return ResolutionLevel.Community;
  return ResolutionLevel.Grid;
}
