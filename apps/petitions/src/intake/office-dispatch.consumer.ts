import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DISPUTE_CATEGORIES, DomainEvent, IncidentEventData, IncidentSource, OfficeEvents, Unit } from '@grid122/contracts';
import { EventConsumers } from '@grid122/messaging';
import { DisputeService } from '../dispute/dispute.service';
import { PetitionService } from '../petition/petition.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The office dispatches problems to the group by event (`office.incident.dispatched`, unit
 * petitions). A dispute category opens a dispute case, anything else a petition (channel
 * office_dispatch). The inbox makes a redelivery harmless; the open-case check makes a second
 * dispatch of the same incident harmless too. The office's incident for the group's own petition or
 * dispute (source petitions_intake, sourceRef = the case id) links that case instead of opening a
 * second one: the ledger counts it once.
 */
@Injectable()
export class OfficeDispatchConsumer implements OnModuleInit {
  private readonly logger = new Logger(OfficeDispatchConsumer.name);

  constructor(
    private readonly consumers: EventConsumers,
    private readonly petitions: PetitionService,
    private readonly disputes: DisputeService,
  ) {}

  onModuleInit(): void {
    // Every dispatch comes here; the others' (`when`) are acknowledged without a transaction.
    this.consumers.consumer('petitions').on(OfficeEvents.IncidentDispatched, (_d, m, e) => this.apply(e, m), { when: dispatchedToPetitions });
  }

  async apply(event: DomainEvent<IncidentEventData>, m: EntityManager): Promise<void> {
    const d = event.data;
    if (!dispatchedToPetitions(d)) return;
    if (!d.incidentId || !d.gridPath) {
      this.logger.warn(`ignoring ${event.type} ${event.id}: no incident id or grid path`);
      return;
    }
    if (d.source === IncidentSource.PetitionsIntake && d.sourceRef && UUID.test(d.sourceRef)) {
      if (await this.petitions.linkIncident(m, d.sourceRef, d.incidentId)) return;
      if (await this.disputes.linkIncident(m, d.sourceRef, d.incidentId)) return;
    }
    const disputeType = DISPUTE_CATEGORIES[d.category];
    if (disputeType) await this.disputes.openFromIncident(m, d, disputeType, event.actorId ?? null);
    else await this.petitions.openFromIncident(m, d, event.actorId ?? null);
  }
}

/** An incident dispatched to the petitions group (综合信访稳定组): the others are none of its business. */
export function dispatchedToPetitions(d: IncidentEventData | undefined): boolean {
  return d?.unit === Unit.Petitions;
}
