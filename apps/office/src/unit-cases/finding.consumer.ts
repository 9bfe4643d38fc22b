import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import {
  DomainEvent,
  EnforcementEvents,
  FindingReportedData,
  IncidentAction,
  IncidentSource,
  SYSTEM_ACTOR,
  Unit,
  UNIT_LABELS,
} from '@grid122/contracts';
import { EventConsumers } from '@grid122/messaging';
import { EntityManager } from 'typeorm';
import { IncidentClockService } from '../incident/incident-clock.service';
import { IncidentRepository } from '../incident/incident.repository';
import { Doer, IncidentService } from '../incident/incident.service';

/**
 * Keeps the ledger whole (台账完整): a case the enforcement team opens on its own patrol becomes an
 * office incident, already registered, dispatched to and accepted by the team. The incident's
 * source reference is the case id, so the enforcement service links its case to the dispatch
 * instead of opening a second one; later case events find the incident through unit_cases.
 */
@Injectable()
export class FindingConsumer implements OnModuleInit {
  private readonly logger = new Logger(FindingConsumer.name);

  constructor(
    private readonly consumers: EventConsumers,
    private readonly repo: IncidentRepository,
    private readonly incidents: IncidentService,
    private readonly clock: IncidentClockService,
  ) {}

  onModuleInit(): void {
    this.consumers.register({
      name: 'office-findings',
      types: [EnforcementEvents.FindingReported],
      handle: (e, m) => this.apply(e as DomainEvent<FindingReportedData>, m),
    });
  }

  async apply(event: DomainEvent<FindingReportedData>, m: EntityManager): Promise<void> {
    const d = event.data;
    if (await this.repo.incidentOfUnitCase(m, Unit.Enforcement, d.caseId)) return;
    const categories = [...(await this.clock.categories()).values()];
    // The team's 13 target categories are not the office's; take the office category of the same key area.
    const category = categories.find((c) => c.keyArea === d.keyArea) ?? categories[0];
    const actor = { ...SYSTEM_ACTOR, id: d.reportedById, username: d.reportedByName ?? 'enforcement', displayName: d.reportedByName ?? UNIT_LABELS[Unit.Enforcement].zh };
    const view = await this.incidents.createIn(
      m,
      actor,
      {
        title: d.title,
        description: `${d.categoryLabel}：${d.description}`,
        keyArea: d.keyArea,
        category: category.code,
        location: d.location ?? undefined,
        address: d.address ?? undefined,
        gridId: d.gridId ?? undefined,
        gridPath: d.gridPath,
      } as never,
      { category, place: { gridId: d.gridId, gridPath: d.gridPath, located: false } },
      { source: IncidentSource.EnforcementPatrol, sourceRef: d.caseId, reportedAt: new Date(d.foundAt) },
    );
    if (view.duplicateOfId) {
      // The problem is already in the ledger: the new incident is its "me too" follower (carrying
      // the case id as its source reference), and the case follows the existing incident. The
      // duplicate_linked event names the case, so the enforcement service links it there.
      await this.repo.upsertUnitCase(m, { unit: Unit.Enforcement, caseId: d.caseId, incidentId: view.duplicateOfId, caseType: 'enforcement_case', caseRef: d.caseRef, status: 'opened' });
      this.logger.log(`finding ${d.caseRef} is a duplicate (${view.code}) of incident ${view.duplicateOfId}; linked there`);
      return;
    }
    await this.repo.upsertUnitCase(m, { unit: Unit.Enforcement, caseId: d.caseId, incidentId: view.id, caseType: 'enforcement_case', caseRef: d.caseRef, status: 'opened' });
    const doer: Doer = { id: d.reportedById, name: d.reportedByName ?? UNIT_LABELS[Unit.Enforcement].zh, role: `unit_service:${Unit.Enforcement}`, actor: null, unit: Unit.Enforcement };
    let row = (await this.repo.lock(m, view.id))!;
    row = await this.incidents.applyIn(m, row, IncidentAction.Register, { note: `执法队巡查发现 ${d.caseRef}` }, doer);
    row = await this.incidents.applyIn(m, row, IncidentAction.Dispatch, { unit: Unit.Enforcement, note: `已由综合执法队立案 ${d.caseRef}` } as never, doer);
    await this.incidents.applyIn(m, row, IncidentAction.Accept, { note: `立案 enforcement_case ${d.caseRef}` }, doer);
    this.logger.log(`finding ${d.caseRef} taken into the ledger as ${view.code}`);
  }
}
