import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import {
  DISPUTE_CATEGORIES,
  DISPUTE_TYPE_LABELS,
  EnforcementEvents,
  IncidentAction,
  IncidentSource,
  KeyArea,
  PETITION_MATTER_LABELS,
  PetitionsEvents,
  SYSTEM_ACTOR,
  TypedEvent,
  Unit,
  UNIT_LABELS,
  labelOr,
} from '@grid122/contracts';
import { EventConsumers } from '@grid122/messaging';
import { EntityManager } from 'typeorm';
import { IncidentClockService } from '../incident/incident-clock.service';
import { IncidentRepository } from '../incident/incident.repository';
import { IncidentIntakeService } from '../incident/incident-intake.service';
import { IncidentWorkflowService } from '../incident/incident-workflow.service';
import { Doer } from '../incident/incident-access';
import { StaffDirectory } from './staff-directory';

/** A unit's own case, as the office takes it into its ledger. */
interface Intake {
  unit: Unit;
  source: IncidentSource;
  caseId: string;
  caseType: string;
  caseRef: string;
  title: string;
  description: string;
  keyArea: string;
  /** the office category to file it under, when the unit's case names one */
  category?: string;
  gridPath: string;
  gridId: string | null;
  location?: { lng: number; lat: number } | null;
  address?: string | null;
  /** who took it in: an account id (the event carries no name, issue 20 item 8) */
  byId: string | null;
  at: string;
  /** the history notes of register / dispatch */
  registerNote: string;
  dispatchNote: string;
}

/**
 * Keeps the ledger whole (台账完整): a case a unit opens on its own — the enforcement team's patrol
 * finding (also a joint operation's finding, which the team opens as a case), a petition or a
 * dispute taken in at the petitions group — becomes an office incident, already registered,
 * dispatched to and accepted by that unit. The incident's source reference is the case id, so the
 * unit links its case to the dispatch instead of opening a second one; later case events find the
 * incident through unit_cases. A case that came from an office dispatch (incidentId set) is
 * already in the ledger and is skipped.
 */
const FINDING_TYPES = [EnforcementEvents.FindingReported, PetitionsEvents.PetitionReceived, PetitionsEvents.DisputeOpened] as const;
type FindingType = (typeof FINDING_TYPES)[number];

@Injectable()
export class FindingConsumer implements OnModuleInit {
  private readonly logger = new Logger(FindingConsumer.name);

  constructor(
    private readonly consumers: EventConsumers,
    private readonly repo: IncidentRepository,
    private readonly intake: IncidentIntakeService,
    private readonly workflow: IncidentWorkflowService,
    private readonly clock: IncidentClockService,
    private readonly names: StaffDirectory,
  ) {}

  onModuleInit(): void {
    this.consumers.consumer('office-findings').on(FINDING_TYPES, (_d, m, e) => this.apply(e, m));
  }

  async apply(event: TypedEvent<FindingType>, m: EntityManager): Promise<void> {
    const intake = this.intakeOf(event);
    if (intake) await this.takeIn(m, intake);
  }

  private intakeOf(event: TypedEvent<FindingType>): Intake | null {
    switch (event.type) {
      case EnforcementEvents.FindingReported: {
        const d = event.data;
        return {
          unit: Unit.Enforcement, source: IncidentSource.EnforcementPatrol, caseId: d.caseId, caseType: 'enforcement_case', caseRef: d.caseRef,
          title: d.title, description: `${d.categoryLabel}：${d.description}`, keyArea: d.keyArea,
          gridPath: d.gridPath, gridId: d.gridId, location: d.location, address: d.address,
          byId: d.reportedById, at: d.foundAt,
          registerNote: d.operation ? `联合执法 ${d.operation.ref}（${d.operation.name}）发现 ${d.caseRef}` : `执法队巡查发现 ${d.caseRef}`,
          dispatchNote: `已由综合执法队立案 ${d.caseRef}`,
        };
      }
      case PetitionsEvents.PetitionReceived: {
        const d = event.data;
        if (d.incidentId || !d.gridPath) return null; // came from the office's own dispatch: already in the ledger
        // No personal data travels: the incident names the petition and its matter only.
        const matter = labelOr(PETITION_MATTER_LABELS, d.matter).zh;
        return {
          unit: Unit.Petitions, source: IncidentSource.PetitionsIntake, caseId: d.petitionId, caseType: 'petition', caseRef: d.ref,
          title: `信访件 ${d.ref}：${matter}${d.collective ? '（集体访）' : ''}`, description: `信访组受理信访件 ${d.ref}（${matter}，${d.headcount} 人）`,
          keyArea: d.keyArea || KeyArea.PetitionsStability, gridPath: d.gridPath, gridId: d.gridId ?? null,
          byId: d.receivedById ?? d.ownerId, at: d.receivedAt,
          registerNote: `信访组受理 ${d.ref}`, dispatchNote: `已由信访组登记 ${d.ref}`,
        };
      }
      case PetitionsEvents.DisputeOpened: {
        const d = event.data;
        if (d.incidentId || !d.gridPath) return null;
        const type = labelOr(DISPUTE_TYPE_LABELS, d.type).zh;
        return {
          unit: Unit.Petitions, source: IncidentSource.PetitionsIntake, caseId: d.disputeId, caseType: 'dispute', caseRef: d.ref,
          title: `矛盾纠纷 ${d.ref}：${type}`, description: `信访组受理矛盾纠纷 ${d.ref}（${type}）`,
          keyArea: KeyArea.PetitionsStability, category: Object.entries(DISPUTE_CATEGORIES).find(([, t]) => t === d.type)?.[0],
          gridPath: d.gridPath, gridId: d.gridId, byId: d.openedById, at: d.openedAt,
          registerNote: `信访组受理纠纷 ${d.ref}`, dispatchNote: `已由信访组调处 ${d.ref}`,
        };
      }
    }
    return null;
  }

  async takeIn(m: EntityManager, d: Intake): Promise<void> {
    if (await this.repo.incidentOfUnitCase(m, d.unit, d.caseId)) return;
    const categories = [...(await this.clock.categories()).values()];
    // A unit's own categories are not the office's; take the named one, else one of the same key area.
    const category = categories.find((c) => c.code === d.category) ?? categories.find((c) => c.keyArea === d.keyArea) ?? categories[0];
    const unitName = UNIT_LABELS[d.unit].zh;
    // Named from the registry's directory by the account id, else by the unit (综合执法队), never by the id.
    const name = (await this.names.nameOf(d.byId)) ?? unitName;
    const actor = { ...SYSTEM_ACTOR, id: d.byId ?? SYSTEM_ACTOR.id, username: d.unit, displayName: name };
    const view = await this.intake.createIn(
      m,
      actor,
      {
        title: d.title,
        description: d.description,
        keyArea: d.keyArea,
        category: category.code,
        location: d.location ?? undefined,
        address: d.address ?? undefined,
        gridId: d.gridId ?? undefined,
        gridPath: d.gridPath,
      } as never,
      { category, place: { gridId: d.gridId, gridPath: d.gridPath, located: false } },
      { source: d.source, sourceRef: d.caseId, reportedAt: new Date(d.at) },
    );
    const link = { unit: d.unit, caseId: d.caseId, caseType: d.caseType, caseRef: d.caseRef, status: 'opened' as const };
    if (view.duplicateOfId) {
      // The problem is already in the ledger: the new incident is its "me too" follower (carrying
      // the case id as its source reference), and the case follows the existing incident. The
      // duplicate_linked event names the case, so the unit links it there.
      await this.repo.upsertUnitCase(m, { ...link, incidentId: view.duplicateOfId });
      this.logger.log(`${d.caseType} ${d.caseRef} is a duplicate (${view.code}) of incident ${view.duplicateOfId}; linked there`);
      return;
    }
    await this.repo.upsertUnitCase(m, { ...link, incidentId: view.id });
    const doer: Doer = { id: d.byId, name, role: `unit_service:${d.unit}`, actor: null, unit: d.unit };
    let row = (await this.repo.lock(m, view.id))!;
    row = await this.workflow.applyIn(m, row, IncidentAction.Register, { note: d.registerNote }, doer);
    row = await this.workflow.applyIn(m, row, IncidentAction.Dispatch, { unit: d.unit, note: d.dispatchNote } as never, doer);
    await this.workflow.applyIn(m, row, IncidentAction.Accept, { note: `立案 ${d.caseType} ${d.caseRef}` }, doer);
    this.logger.log(`${d.caseType} ${d.caseRef} taken into the ledger as ${view.code}`);
  }
}
