import { Injectable, OnModuleInit } from '@nestjs/common';
import { OfficeEvents } from '@grid122/contracts';
import { EventConsumers } from '@grid122/messaging';
import { CaseIntakeService, dispatchedToEnforcement, duplicateOfPatrolFinding } from './case-intake.service';

/**
 * Opens a case for every incident the office dispatches to the enforcement team, and links a
 * patrol case whose finding the office took in as a duplicate to the existing incident (durable,
 * idempotent).
 */
@Injectable()
export class IncidentIntakeConsumer implements OnModuleInit {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly cases: CaseIntakeService,
  ) {}

  onModuleInit(): void {
    this.consumers
      .consumer('enforcement')
      // The office's every dispatch and every duplicate come here; those that are not the team's
      // (`when`, the handlers' own first test) are acknowledged without a transaction.
      .on(OfficeEvents.IncidentDispatched, (_data, m, event) => this.cases.openFromIncident(event, m), { when: dispatchedToEnforcement })
      .on(OfficeEvents.IncidentDuplicateLinked, (_data, m, event) => this.cases.linkDuplicateFinding(event, m), { when: duplicateOfPatrolFinding });
  }
}
