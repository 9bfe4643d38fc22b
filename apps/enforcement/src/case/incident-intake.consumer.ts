import { Injectable, OnModuleInit } from '@nestjs/common';
import { DomainEvent, IncidentEventData, OfficeEvents } from '@grid122/contracts';
import { EventConsumers } from '@grid122/messaging';
import { CaseService } from './case.service';

/** Opens a case for every incident the office dispatches to the enforcement team (durable, idempotent). */
@Injectable()
export class IncidentIntakeConsumer implements OnModuleInit {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly cases: CaseService,
  ) {}

  onModuleInit(): void {
    this.consumers.register({
      name: 'enforcement',
      types: [OfficeEvents.IncidentDispatched],
      handle: (event, m) => this.cases.openFromIncident(event as DomainEvent<IncidentEventData>, m),
    });
  }
}
