import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ClosureType, IncidentAction, IncidentSource, IncidentState, ResolutionLevel, TypedEvent, UNIT_CASE_EVENTS, UNIT_LABELS, Unit, UnitCaseEventData, UnitCaseEventType } from '@grid122/contracts';
import { EventConsumers } from '@grid122/messaging';
import { EntityManager } from 'typeorm';
import { decide } from '../incident/incident-state-machine';
import { IncidentRepository } from '../incident/incident.repository';
import { IncidentRow } from '../incident/incident.row';
import { IncidentWorkflowService } from '../incident/incident-workflow.service';
import { Doer } from '../incident/incident-access';
import { StaffDirectory } from './staff-directory';

type Kind = 'opened' | 'handled' | 'returned' | 'closed';
const UNIT_CASE_EVENT_TYPES: UnitCaseEventType[] = Object.values(UNIT_CASE_EVENTS).flatMap((k) => Object.values(k));

/**
 * Follows the units' own cases back (两组两队 → 一办): opened → accepted, handled → handled,
 * returned → back to dispatch, closed → recorded (a unit's own case: closed, see closeOwnIntake). Runs in the inbox transaction, so a redelivered
 * event has no second effect; an event the incident's state no longer fits is recorded and skipped.
 */
@Injectable()
export class UnitCaseConsumer implements OnModuleInit {
  private readonly logger = new Logger(UnitCaseConsumer.name);
  private readonly kindOf = new Map<string, { unit: Unit; kind: Kind }>();

  constructor(
    private readonly consumers: EventConsumers,
    private readonly repo: IncidentRepository,
    private readonly workflow: IncidentWorkflowService,
    private readonly names: StaffDirectory,
  ) {
    for (const [unit, types] of Object.entries(UNIT_CASE_EVENTS) as [Unit, Record<Kind, UnitCaseEventType>][]) {
      for (const kind of ['opened', 'handled', 'returned', 'closed'] as Kind[]) this.kindOf.set(types[kind], { unit, kind });
    }
  }

  onModuleInit(): void {
    // Ordered: a unit's case events (one durable per type, so side by side) move the incident in
    // the order the unit wrote them: opened before handled before closed (#22 item 2).
    this.consumers.consumer('office', { ordered: true }).on(UNIT_CASE_EVENT_TYPES, (_d, m, e) => this.apply(e, m));
  }

  async apply(event: TypedEvent<UnitCaseEventType>, m: EntityManager): Promise<void> {
    const k = this.kindOf.get(event.type);
    const d = event.data;
    if (!k || !d?.caseId) return;
    // A unit's own case (incidentId null) is followed by its case id once the office took it in.
    const incidentId = d.incidentId ?? (await this.repo.incidentOfUnitCase(m, k.unit, d.caseId));
    if (!incidentId) return;
    const row = await this.repo.lock(m, incidentId);
    if (!row) return this.logger.warn(`${event.type}: incident ${incidentId} not found`);
    await this.repo.upsertUnitCase(m, { unit: k.unit, caseId: d.caseId, incidentId: row.id, caseType: d.caseType, caseRef: d.caseRef, status: k.kind });
    // The event names the person by id only (v2): the history names them from the registry, else by the unit.
    const doer: Doer = { id: d.byId ?? null, name: (await this.names.nameOf(d.byId)) ?? UNIT_LABELS[k.unit].zh, role: `unit_service:${k.unit}`, actor: null, unit: k.unit };
    if (row.unit !== k.unit && row.lead_unit !== k.unit) {
      return this.workflow.noteIn(m, row, `unit_case_${k.kind}`, doer, `${d.caseRef}: not dispatched to ${k.unit}, ignored`);
    }
    const ref = `${d.caseType} ${d.caseRef}`;
    switch (k.kind) {
      case 'opened':
        if (row.state === IncidentState.Dispatched) {
          await this.workflow.applyIn(m, row, IncidentAction.Accept, { note: `立案 ${ref}` }, doer);
          return;
        }
        break;
      case 'handled': {
        let current = row;
        if (current.state === IncidentState.Dispatched) current = await this.workflow.applyIn(m, current, IncidentAction.Accept, { note: `立案 ${ref}` }, doer);
        if (current.state === IncidentState.Accepted || current.state === IncidentState.InProgress) {
          await this.workflow.applyIn(m, current, IncidentAction.Handle, { result: d.note || `${ref} 办结`, photos: d.photos ?? [] }, doer);
          return;
        }
        break;
      }
      case 'returned':
        if ([IncidentState.Dispatched, IncidentState.Accepted, IncidentState.InProgress].includes(row.state)) {
          await this.workflow.applyIn(m, row, IncidentAction.Return, { reason: d.note || `${ref} 退回` }, doer);
          return;
        }
        break;
      case 'closed':
        if (isOwnIntake(row, d.caseId) && (await this.closeOwnIntake(m, row, d, doer, ref))) return;
        return this.workflow.noteIn(m, row, 'unit_case_closed', doer, `${ref} closed${d.closureType ? ` (${d.closureType})` : ''}${d.note ? `: ${d.note}` : ''}`);
    }
    await this.workflow.noteIn(m, row, `unit_case_${k.kind}`, doer, `${ref}: ${k.kind} while the incident is ${row.state}, recorded only`);
  }

  /**
   * A unit's own case (a petition or dispute taken in at the petitions group, the team's own
   * finding) has nobody at the office to verify it: the unit's closure is the case's conclusion, so
   * it closes the ledger's incident with the unit's closure type (docs/metrics.md: only `fixed`
   * solves; the unit's closing confirms its own result, recorded as the verification). A case the
   * office dispatched is verified and closed by the office (核查 → 结案), as before. Answers false
   * when the incident's state does not allow it (recorded only).
   */
  private async closeOwnIntake(m: EntityManager, row: IncidentRow, d: UnitCaseEventData, doer: Doer, ref: string): Promise<boolean> {
    const closureType = (Object.values(ClosureType) as string[]).includes(d.closureType ?? '') ? (d.closureType as ClosureType) : ClosureType.ClosedNotFixed;
    let current = row;
    if (current.state === IncidentState.Dispatched) current = await this.workflow.applyIn(m, current, IncidentAction.Accept, { note: `立案 ${ref}` }, doer);
    if (closureType === ClosureType.Fixed) {
      // fixed is closed only from a verified result: the unit's result first, then its confirmation
      if (current.state === IncidentState.Accepted || current.state === IncidentState.InProgress) {
        current = await this.workflow.applyIn(m, current, IncidentAction.Handle, { result: d.note || `${ref} 办结`, photos: d.photos ?? [] }, doer);
      }
      if (current.state === IncidentState.Handled) current = await this.workflow.applyIn(m, current, IncidentAction.Verify, { note: `${ref} 由${doer.name}结案确认` }, doer);
    }
    if (!decide(current.state, IncidentAction.Close, { closureType }).ok) return false;
    const level = closureType === ClosureType.Fixed && d.resolutionLevel && (Object.values(ResolutionLevel) as string[]).includes(d.resolutionLevel) ? (d.resolutionLevel as ResolutionLevel) : undefined;
    // not ours (e.g. a petition not accepted, 不予受理): whose it is, in the unit's words
    const responsibleParty = closureType === ClosureType.NotResponsible ? d.note || `${doer.name}：非本街道职责` : undefined;
    await this.workflow.applyIn(m, current, IncidentAction.Close, { closureType, resolutionLevel: level, responsibleParty, note: `${ref} 结案${d.note ? `：${d.note}` : ''}` }, doer);
    return true;
  }
}

/** The incident the office opened for this very unit case (its source reference is the case id). */
function isOwnIntake(row: IncidentRow, caseId: string): boolean {
  return (row.source === IncidentSource.PetitionsIntake || row.source === IncidentSource.EnforcementPatrol) && row.source_ref === caseId;
}
