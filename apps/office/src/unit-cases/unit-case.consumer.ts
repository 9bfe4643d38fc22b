import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DomainEvent, IncidentAction, IncidentState, UNIT_CASE_EVENTS, UNIT_LABELS, Unit, UnitCaseEventData } from '@grid122/contracts';
import { EventConsumers } from '@grid122/messaging';
import { EntityManager } from 'typeorm';
import { IncidentRepository } from '../incident/incident.repository';
import { Doer, IncidentService } from '../incident/incident.service';

type Kind = 'opened' | 'handled' | 'returned' | 'closed';

/**
 * Follows the units' own cases back (两组两队 → 一办): opened → accepted, handled → handled,
 * returned → back to dispatch, closed → recorded. Runs in the inbox transaction, so a redelivered
 * event has no second effect; an event the incident's state no longer fits is recorded and skipped.
 */
@Injectable()
export class UnitCaseConsumer implements OnModuleInit {
  private readonly logger = new Logger(UnitCaseConsumer.name);
  private readonly kindOf = new Map<string, { unit: Unit; kind: Kind }>();

  constructor(
    private readonly consumers: EventConsumers,
    private readonly repo: IncidentRepository,
    private readonly incidents: IncidentService,
  ) {
    for (const [unit, types] of Object.entries(UNIT_CASE_EVENTS) as [Unit, Record<Kind, string>][]) {
      for (const kind of ['opened', 'handled', 'returned', 'closed'] as Kind[]) this.kindOf.set(types[kind], { unit, kind });
    }
  }

  onModuleInit(): void {
    this.consumers.register({ name: 'office', types: [...this.kindOf.keys()], handle: (e, m) => this.apply(e as DomainEvent<UnitCaseEventData>, m) });
  }

  async apply(event: DomainEvent<UnitCaseEventData>, m: EntityManager): Promise<void> {
    const k = this.kindOf.get(event.type);
    const d = event.data;
    if (!k || !d?.caseId) return;
    // A unit's own case (incidentId null) is followed by its case id once the office took it in.
    const incidentId = d.incidentId ?? (await this.repo.incidentOfUnitCase(m, k.unit, d.caseId));
    if (!incidentId) return;
    const row = await this.repo.lock(m, incidentId);
    if (!row) return this.logger.warn(`${event.type}: incident ${incidentId} not found`);
    await this.repo.upsertUnitCase(m, { unit: k.unit, caseId: d.caseId, incidentId: row.id, caseType: d.caseType, caseRef: d.caseRef, status: k.kind });
    const doer: Doer = { id: d.byId ?? null, name: d.byName ?? UNIT_LABELS[k.unit].zh, role: `unit_service:${k.unit}`, actor: null, unit: k.unit };
    if (row.unit !== k.unit && row.lead_unit !== k.unit) {
      return this.incidents.noteIn(m, row, `unit_case_${k.kind}`, doer, `${d.caseRef}: not dispatched to ${k.unit}, ignored`);
    }
    const ref = `${d.caseType} ${d.caseRef}`;
    switch (k.kind) {
      case 'opened':
        if (row.state === IncidentState.Dispatched) {
          await this.incidents.applyIn(m, row, IncidentAction.Accept, { note: `立案 ${ref}` }, doer);
          return;
        }
        break;
      case 'handled': {
        let current = row;
        if (current.state === IncidentState.Dispatched) current = await this.incidents.applyIn(m, current, IncidentAction.Accept, { note: `立案 ${ref}` }, doer);
        if (current.state === IncidentState.Accepted || current.state === IncidentState.InProgress) {
          await this.incidents.applyIn(m, current, IncidentAction.Handle, { result: d.note || `${ref} 办结`, photos: d.photos ?? [] }, doer);
          return;
        }
        break;
      }
      case 'returned':
        if ([IncidentState.Dispatched, IncidentState.Accepted, IncidentState.InProgress].includes(row.state)) {
          await this.incidents.applyIn(m, row, IncidentAction.Return, { reason: d.note || `${ref} 退回` }, doer);
          return;
        }
        break;
      case 'closed':
        return this.incidents.noteIn(m, row, 'unit_case_closed', doer, `${ref} closed${d.closureType ? ` (${d.closureType})` : ''}${d.note ? `: ${d.note}` : ''}`);
    }
    await this.incidents.noteIn(m, row, `unit_case_${k.kind}`, doer, `${ref}: ${k.kind} while the incident is ${row.state}, recorded only`);
  }
}
