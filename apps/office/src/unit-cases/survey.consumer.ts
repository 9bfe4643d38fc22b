import { Injectable, OnModuleInit } from '@nestjs/common';
import { AppraisalEvents, DomainEvent, IncidentAction, IncidentState, SurveyNotFixedData } from '@grid122/contracts';
import { EventConsumers } from '@grid122/messaging';
import { EntityManager } from 'typeorm';
import { OfficeEnv } from '../config/office.env';
import { IncidentRepository } from '../incident/incident.repository';
import { IncidentWorkflowService } from '../incident/incident-workflow.service';
import { Doer } from '../incident/incident-access';

/**
 * 回访: when the reporter answers the return-visit survey "not fixed", the incident is reopened
 * (counted as rework) — within the reopen window; otherwise the answer is only recorded.
 */
@Injectable()
export class SurveyConsumer implements OnModuleInit {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly repo: IncidentRepository,
    private readonly workflow: IncidentWorkflowService,
    private readonly env: OfficeEnv,
  ) {}

  onModuleInit(): void {
    this.consumers.consumer('office-surveys').on(AppraisalEvents.SurveyNotFixed, (_d, m, e) => this.apply(e, m));
  }

  async apply(event: DomainEvent<SurveyNotFixedData>, m: EntityManager): Promise<void> {
    const d = event.data;
    const row = await this.repo.lock(m, d.incidentId);
    if (!row) return;
    const doer: Doer = { id: d.byId, name: '回访 return visit', role: 'unit_service:appraisal', actor: null };
    const note = `回访：未解决 not fixed (满意度 ${d.rating}/5)${d.comment ? `：${d.comment}` : ''}`;
    const closedAt = row.closed_at ? new Date(row.closed_at).getTime() : 0;
    const withinWindow = Date.now() - closedAt <= this.env.OFFICE_REOPEN_DAYS * 86_400_000;
    if (row.state === IncidentState.Closed && withinWindow) {
      await this.workflow.applyIn(m, row, IncidentAction.Reopen, { note, reason: note } as never, doer);
      return;
    }
    await this.workflow.noteIn(m, row, 'survey_not_fixed', doer, `${note} — not reopened (state ${row.state}${withinWindow ? '' : ', reopen window passed'})`);
  }
}
