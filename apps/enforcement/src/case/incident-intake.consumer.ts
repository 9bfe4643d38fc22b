import { Injectable, OnModuleInit } from '@nestjs/common';
import { DomainEvent, IncidentEventData, OfficeEvents } from '@grid122/contracts';
import { EventConsumers } from '@grid122/messaging';
import { CaseService } from './case.service';

/**
 * Opens a case for every incident the office dispatches to the enforcement team, and links a
 * patrol case whose finding the office took in as a duplicate to the existing incident (durable,
 * idempotent).
 */
@Injectable()
export class IncidentIntakeConsumer implements OnModuleInit {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly cases: CaseService,
  ) {}

  onModuleInit(): void {
    this.consumers.register({
      name: 'enforcement',
      types: [OfficeEvents.IncidentDispatched, OfficeEvents.IncidentDuplicateLinked],
      handle: (event, m) =>
        event.type === OfficeEvents.IncidentDuplicateLinked
          ? this.cases.linkDuplicateFinding(event as DomainEvent<IncidentEventData>, m)
          : this.cases.openFromIncident(event as DomainEvent<IncidentEventData>, m),
    });
  }
}
