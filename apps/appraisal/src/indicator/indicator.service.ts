import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { EventFilter, Indicator, OfficeEvents, RegistryEvents, Role, TypedEvent } from '@grid122/contracts';
import { EventConsumers } from '@grid122/messaging';
import { EntityManager } from 'typeorm';
import { ancestorAt, GRID_L3_DEPTH } from './paths';
import { FactRow, HandlerCandidate, IndicatorRepository, outranks } from './indicator.repository';
import { MAPPED_EVENT_TYPES, MappedEvent, MappedEventType, mapEvent } from './fact-mapper';
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
  /** Each open transaction's events, noted by their handlers and written at its flush. */
  private readonly staged = new WeakMap<EntityManager, { event: TypedEvent<MappedEventType>; mapped: MappedEvent }[]>();

  constructor(
    private readonly consumers: EventConsumers,
    private readonly repo: IndicatorRepository,
    private readonly surveys: SurveyRepository,
  ) {}

  onModuleInit(): void {
    // Events at hand are applied in one transaction: each handler only notes its event's facts;
    // the flush writes the batch's facts, surveys, enrolments and indicator additions in a
    // constant number of statements (applyFacts, flushValues).
    // Ordered: an incident's facts in the order of its transitions (a later fact takes its handler
    // from the earlier ones, lastHandlers), even when a redelivery or a replica overtakes (#22 item 2).
    this.consumers
      .consumer(CONSUMER, { filters: CONSUMED_TYPES, flush: (m) => this.flush(m), ordered: true })
      .on(MAPPED_EVENT_TYPES, async (_data, m, event) => this.apply(event, m))
      .on(RegistryEvents.MeetingHeld, async (data, m) => {
        // 民主评议 held as a meeting of 三会一评: its verdict is the grid's democratic appraisal for the half-year (one already entered is kept).
        await this.surveys.recordDemocraticMeeting(m, data);
      });
  }

  /**
   * Notes one event inside the consumer's transaction (the inbox row is written by the caller):
   * its facts, survey and enrolments are written with the batch's at the flush (applyFacts), its
   * indicator values after them (constant work per event: no rescan of the month).
   */
  apply(event: TypedEvent<MappedEventType>, m: EntityManager): void {
    const mapped = mapEvent(event);
    if (!mapped) return;
    const staged = this.staged.get(m) ?? [];
    staged.push({ event, mapped });
    this.staged.set(m, staged);
  }

  /** The transaction's noted events written (applyFacts), then the indicator additions and enrolments. */
  async flush(m: EntityManager): Promise<void> {
    await this.applyFacts(m);
    await this.repo.flushValues(m);
  }

  /**
   * The noted events' facts, as when each event was applied in turn, in one statement each:
   * - a closure's handler (handlerFromRef) is the incident's last handler as the facts stored
   *   before the batch hold it (one lookup for the batch's incidents), overtaken by the handlings
   *   and acceptances of the batch's earlier events, in their order;
   * - the facts inserted together (an event whose facts were all stored already counts nothing,
   *   enrols no one and opens no survey, as before);
   * - the enrolments in the events' order (a person's first is kept), the return visits of the
   *   closures in one insert.
   */
  async applyFacts(m: EntityManager): Promise<void> {
    const staged = this.staged.get(m);
    this.staged.delete(m);
    if (!staged?.length) return;
    const refs = staged.flatMap(({ mapped }) => mapped.facts.filter((f) => f.handlerFromRef && f.refId).map((f) => f.refId!));
    const last = await this.repo.lastHandlers(m, refs);
    const drafts = staged.map(({ event, mapped }) => {
      const rows: FactRow[] = mapped.facts.map((f) => {
        const handlerId = f.handlerFromRef && f.refId ? (last.get(f.refId)?.handlerId ?? null) : f.handlerId;
        return { ...f, handlerId, eventId: event.id, eventType: event.type, month: mapped.month, occurredAt: event.occurredAt };
      });
      // What a later event of the batch reads as the incident's last handler.
      for (const r of rows) {
        if (!r.refId || !r.handlerId || (r.indicator !== Indicator.IncidentsHandled && r.indicator !== Indicator.IncidentsAccepted)) continue;
        const c: HandlerCandidate = { handlerId: r.handlerId, handled: r.indicator === Indicator.IncidentsHandled, atUs: Date.parse(r.occurredAt) * 1000 };
        if (outranks(c, last.get(r.refId))) last.set(r.refId, c);
      }
      return { event, mapped, rows };
    });
    const inserted = await this.repo.insertFacts(m, drafts.flatMap((d) => d.rows));
    const closed: Parameters<SurveyRepository['openReturnVisits']>[1] = [];
    for (const { event, mapped, rows } of drafts) {
      if (!inserted.get(event.id.toLowerCase())) continue;
      for (const r of rows) {
        if (!r.gridPath) continue;
        if (r.personId) this.repo.enrol(m, { personId: r.personId, kind: 'grid_worker', gridPath: ancestorAt(r.gridPath, GRID_L3_DEPTH) ?? r.gridPath, departmentId: null });
        if (r.handlerId && mapped.actingRole === Role.DepartmentLiaison) {
          this.repo.enrol(m, { personId: r.handlerId, kind: 'seconded', gridPath: r.gridPath, departmentId: r.departmentId });
        }
      }
      // 回访: every closed incident gets a return-visit survey for its reporter.
      if (event.type === OfficeEvents.IncidentClosed) closed.push({ event: event as TypedEvent<typeof OfficeEvents.IncidentClosed>, fact: rows[0] });
    }
    await this.surveys.openReturnVisits(m, closed);
    this.logger.debug(`${staged.length} events: ${[...inserted.values()].reduce((a, b) => a + b, 0)} facts`);
  }
}
