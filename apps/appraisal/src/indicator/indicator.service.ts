import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { EventFilter, OfficeEvents, RegistryEvents, Role, TypedEvent } from '@grid122/contracts';
import { EventConsumers } from '@grid122/messaging';
import { EntityManager } from 'typeorm';
import { ancestorAt, GRID_L3_DEPTH } from './paths';
import { FactRow, IndicatorRepository } from './indicator.repository';
import { MAPPED_EVENT_TYPES, MappedEventType, mapEvent } from './fact-mapper';
import { SurveyRepository } from '../survey/survey.repository';

/** The consumer name: its inbox rows make every event count once. */
export const CONSUMER = 'appraisal';
/**
 * What appraisal's durables subscribe to: every other service's events (its durables were made
 * so; the types it handles are MAPPED_EVENT_TYPES and the meeting held, the rest are acknowledged).
 */
export const CONSUMED_TYPES: EventFilter[] = ['office.>', 'petitions.>', 'social.>', 'enforcement.>', 'registry.>'];

/** Feeds the indicator read model from domain events (idempotent: inbox + fact keys). */
@Injectable()
export class IndicatorService implements OnModuleInit {
  private readonly logger = new Logger(IndicatorService.name);

  constructor(
    private readonly consumers: EventConsumers,
    private readonly repo: IndicatorRepository,
    private readonly surveys: SurveyRepository,
  ) {}

  onModuleInit(): void {
    // Events at hand are applied in one transaction (the indicator additions summed once per batch).
    // Ordered: an incident's facts in the order of its transitions (a later fact takes its handler
    // from the earlier ones, lastHandler), even when a redelivery or a replica overtakes (#22 item 2).
    this.consumers
      .consumer(CONSUMER, { filters: CONSUMED_TYPES, flush: (m) => this.repo.flushValues(m), ordered: true })
      .on(MAPPED_EVENT_TYPES, (_data, m, event) => this.apply(event, m))
      .on(RegistryEvents.MeetingHeld, async (data, m) => {
        // 民主评议 held as a meeting of 三会一评: its verdict is the grid's democratic appraisal for the half-year (one already entered is kept).
        await this.surveys.recordDemocraticMeeting(m, data);
      });
  }

  /**
   * Applies one event inside the consumer's transaction (the inbox row is written by the caller):
   * its facts and survey; its enrolments and the indicator values follow at the flush, once per
   * batch (constant work per event: no rescan of the month).
   */
  async apply(event: TypedEvent<MappedEventType>, m: EntityManager): Promise<void> {
    const mapped = mapEvent(event);
    if (!mapped) return;
    const rows: FactRow[] = [];
    for (const f of mapped.facts) {
      const handlerId = f.handlerFromRef && f.refId ? await this.repo.lastHandler(m, f.refId) : f.handlerId;
      rows.push({ ...f, handlerId, eventId: event.id, eventType: event.type, month: mapped.month, occurredAt: event.occurredAt });
    }
    const inserted = await this.repo.insertFacts(m, rows);
    if (inserted === 0) return;
    for (const r of rows) {
      if (!r.gridPath) continue;
      if (r.personId) this.repo.enrol(m, { personId: r.personId, kind: 'grid_worker', gridPath: ancestorAt(r.gridPath, GRID_L3_DEPTH) ?? r.gridPath, departmentId: null });
      if (r.handlerId && mapped.actingRole === Role.DepartmentLiaison) {
        this.repo.enrol(m, { personId: r.handlerId, kind: 'seconded', gridPath: r.gridPath, departmentId: r.departmentId });
      }
    }
    // 回访: every closed incident gets a return-visit survey for its reporter.
    if (event.type === OfficeEvents.IncidentClosed) await this.surveys.openReturnVisit(m, event, rows[0]);
    this.logger.debug(`${event.type} ${event.id}: ${inserted} facts`);
  }
}
