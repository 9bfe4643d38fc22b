import { Injectable } from '@nestjs/common';
import { Actor, IncidentAction, IncidentState, OfficeEvents } from '@grid122/contracts';
import { AppError } from '@grid122/messaging';
import { DataSource, EntityManager } from 'typeorm';
import { doerOf, visibleOr404 } from '../incident-access';
import { IncidentClockService } from '../incident-clock.service';
import { IncidentEventBuilder } from '../incident-events';
import { IncidentRepository } from '../incident.repository';
import { IncidentPatch, IncidentRow } from '../incident.row';
import { IncidentStepWriter, Step } from './incident-step';

/** 上报区级: a case sent up to the district, and the district's word back — its decision, a handed-down task's due date (docs/federation.md). */
@Injectable()
export class EscalationSteps {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: IncidentRepository,
    private readonly clock: IncidentClockService,
    private readonly events: IncidentEventBuilder,
    private readonly writer: IncidentStepWriter,
  ) {}

  readonly steps = {
    [IncidentAction.Escalate]: async ({ m, row, body, now }) => ({
      // While the district holds it the street's clock stands (docs/office.md, the loop upward);
      // a case escalated from a suspension keeps its open suspension.
      patch: { escalated_ever: true, ...(row.suspensions.some((s) => !s.to) ? {} : { suspensions: [...row.suspensions, { from: now.toISOString(), to: null }] }) },
      // The district's case file: the history up to and with this entry.
      after: async (updated: IncidentRow) => ({ escalation: this.events.escalation(updated, await this.repo.history(updated.id, m), body.reason!) }),
    }),
  } satisfies Partial<Record<IncidentAction, Step>>;

  /**
   * 区级处理上报件, at the street (docs/federation.md): the district's decision on a case it holds,
   * taken from the federation link. `accept` is recorded and the clock stays suspended; `answer`
   * (with the reply, shown on the incident as districtReply) and `return` (with the reason) bring
   * the case back to the street's desk (registered) and end the suspension, so the street's clock
   * runs again. In the caller's transaction; a case no longer escalated is an illegal transition.
   */
  async districtDecisionIn(m: EntityManager, actor: Actor, incidentId: string, decision: 'accept' | 'answer' | 'return', text: string | null): Promise<IncidentRow> {
    const row = visibleOr404(actor, await this.repo.lock(m, incidentId), incidentId);
    const action = `district_${decision}`;
    if (row.state !== IncidentState.Escalated) throw AppError.illegalTransition('incident', row.state, action);
    const now = new Date();
    const note = { accept: '区级已受理', answer: '区级已答复', return: '区级退回' }[decision] + (text ? `：${text}` : '');
    const back = decision !== 'accept';
    const patch: IncidentPatch | undefined = back
      ? {
          state: IncidentState.Registered,
          suspended_from: null,
          suspensions: row.suspensions.map((s) => (s.to ? s : { ...s, to: now.toISOString() })),
          ...(decision === 'answer' ? { district_reply: text } : {}),
        }
      : undefined;
    return this.writer.write(m, row, doerOf(actor), {
      action,
      event: OfficeEvents.IncidentDistrictDecided,
      to: back ? IncidentState.Registered : row.state,
      patch,
      clock: back ? (await this.clock.category(row.category))! : undefined,
      note,
      data: text ? { decision, text } : { decision },
      now,
    });
  }

  /** 办结时限 of a task the district handed down, set once the intake made its incident. */
  async setDistrictDueAt(incidentId: string, dueAt: string): Promise<void> {
    await this.ds.transaction((m) => this.repo.update(m, incidentId, { district_due_at: new Date(dueAt) }));
  }
}
