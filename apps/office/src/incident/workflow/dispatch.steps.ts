import { Injectable } from '@nestjs/common';
import { IncidentAction, IncidentActionBody, IncidentState, OfficeEvents, UNIT_LABELS } from '@grid122/contracts';
import { AppError } from '@grid122/messaging';
import { EntityManager } from 'typeorm';
import { JointDispatchService, Party, partyName } from '../../joint/joint-dispatch.service';
import { assigneeOf, Doer } from '../incident-access';
import { IncidentPatch, IncidentRow } from '../incident.row';
import { IncidentStepWriter, Step, StepContext, StepChange } from './incident-step';

/** The actions an assist (协办) takes as its own step while the lead's move the case. */
export const ASSIST_ACTIONS: readonly IncidentAction[] = [IncidentAction.Accept, IncidentAction.Handle, IncidentAction.Return];

/** An assist works while the case is out with the units, and may still report until closure. */
const ASSIST_OPEN: readonly IncidentState[] = [IncidentState.Dispatched, IncidentState.Accepted, IncidentState.InProgress, IncidentState.Handled, IncidentState.Verified];

/** 派遣, 签收 and 退回: the case out to a unit or department (a joint case: a lead and assists, 主办/协办) and back. */
@Injectable()
export class DispatchSteps {
  constructor(
    private readonly joint: JointDispatchService,
    private readonly writer: IncidentStepWriter,
  ) {}

  readonly steps = {
    [IncidentAction.Dispatch]: (c) => this.dispatch(c),
    [IncidentAction.Accept]: (c) => this.accept(c),
    [IncidentAction.Return]: async ({ m, row }) => ({
      patch: { ...(await this.joint.dispatchReturned(m, row)), unit: null, department_id: null, lead_unit: null, lead_department_id: null },
    }),
  } satisfies Partial<Record<IncidentAction, Step>>;

  private async dispatch({ m, row, body, now }: StepContext): Promise<StepChange> {
    const parties = this.joint.partiesOf(body);
    const patch: IncidentPatch = { ...(await this.joint.recordDispatch(m, row.id, parties, now)) };
    patch.unit = body.unit ?? null;
    patch.department_id = body.departmentId ?? null;
    patch.lead_unit = null;
    patch.lead_department_id = null;
    patch.dispatched_at = row.dispatched_at ?? now;
    const assistNames = parties.assists.map(partyName);
    const note = [
      body.unit ? `派遣 ${UNIT_LABELS[body.unit].zh}` : null,
      body.departmentId ? `派遣部门 ${body.departmentId}` : null,
      assistNames.length ? `主办 ${partyName(parties.leads[0])}，协办 ${assistNames.join('、')}` : null,
      body.note,
    ].filter(Boolean).join('; ');
    return { patch, note };
  }

  private async accept({ m, row, doer, now, note }: StepContext): Promise<StepChange> {
    const self = assigneeOf(doer, row);
    const hasLead = row.lead_unit || row.lead_department_id;
    const isLead = (self.unit && row.lead_unit === self.unit) || (self.departmentId && row.lead_department_id === self.departmentId);
    if (isLead) throw AppError.illegalTransition('incident', row.state, IncidentAction.Accept);
    // joins the joint case; the first to accept stays the lead (首问负责)
    if (hasLead) return { to: row.state, note: `联合办理 joined the joint case${note ? `; ${note}` : ''}` };
    const patch: IncidentPatch = { lead_unit: self.unit ?? null, lead_department_id: self.departmentId ?? null, ...(await this.joint.leadAccepted(m, row, self, now)) };
    if (row.assist_units.length || row.assist_department_ids.length || patch.assist_units?.length || patch.assist_department_ids?.length) {
      return { patch, note: [`主办 ${partyName(self)} 已签收`, note].filter(Boolean).join('; ') };
    }
    return { patch };
  }

  /** The party a doer acts for when it is an assist of the case (not its lead), else null. */
  assistOf(doer: Doer, row: IncidentRow): Party | null {
    const self = assigneeOf(doer, row);
    return this.joint.isAssist(row, self) ? self : null;
  }

  /** An assist's (协办) own accept, feedback or return: its party, a history entry and an event; the state stays. */
  async assistIn(m: EntityManager, row: IncidentRow, action: IncidentAction, body: IncidentActionBody, doer: Doer, self: Party, now: Date): Promise<IncidentRow> {
    if (!ASSIST_OPEN.includes(row.state)) throw AppError.illegalTransition('incident', row.state, action);
    const { note, patch } = await this.joint.assistAct(m, row, action, body, self, now);
    return this.writer.write(m, row, doer, {
      action: `assist_${action}`,
      event: OfficeEvents.IncidentAssisted,
      to: row.state,
      patch,
      note,
      extra: action === IncidentAction.Handle ? { photos: body.photos ?? [] } : {},
      now,
    });
  }
}
