import { Injectable } from '@nestjs/common';
import { IncidentAction, IncidentActionBody, IncidentEventData, IncidentState, OfficeEvents } from '@grid122/contracts';
import { OutboxWriter } from '@grid122/messaging';
import { EntityManager } from 'typeorm';
import { CategoryDefinition } from '../../category/category.defaults';
import { CounterDeltas, StatsRepository } from '../../stats/stats.repository';
import { byDoer, Doer } from '../incident-access';
import { IncidentClockService } from '../incident-clock.service';
import { IncidentEventBuilder } from '../incident-events';
import { IncidentRepository } from '../incident.repository';
import { IncidentPatch, IncidentRow } from '../incident.row';

/** The event each action of the state machine writes. */
export const EVENT_OF = {
  [IncidentAction.Register]: OfficeEvents.IncidentRegistered,
  [IncidentAction.Reject]: OfficeEvents.IncidentRejected,
  [IncidentAction.Dispatch]: OfficeEvents.IncidentDispatched,
  [IncidentAction.Accept]: OfficeEvents.IncidentAccepted,
  [IncidentAction.Return]: OfficeEvents.IncidentReturned,
  [IncidentAction.Suspend]: OfficeEvents.IncidentSuspended,
  [IncidentAction.Resume]: OfficeEvents.IncidentResumed,
  [IncidentAction.Extend]: OfficeEvents.IncidentExtended,
  [IncidentAction.Handle]: OfficeEvents.IncidentHandled,
  [IncidentAction.Verify]: OfficeEvents.IncidentVerified,
  [IncidentAction.Rework]: OfficeEvents.IncidentReworked,
  [IncidentAction.Close]: OfficeEvents.IncidentClosed,
  [IncidentAction.Escalate]: OfficeEvents.IncidentEscalated,
  [IncidentAction.Reopen]: OfficeEvents.IncidentReopened,
  [IncidentAction.Merge]: OfficeEvents.IncidentMerged,
  [IncidentAction.Unmerge]: OfficeEvents.IncidentUnmerged,
} as const satisfies Record<IncidentAction, string>;

/** The events a step on the ledger writes: an action's, an assist's (协办) own, the district's decision. */
export type IncidentStepEvent = (typeof EVENT_OF)[IncidentAction] | typeof OfficeEvents.IncidentAssisted | typeof OfficeEvents.IncidentDistrictDecided;

/** The events of a fact noted on the history, the state unchanged: 督办, 催办, its acknowledgement and its rise. */
export type IncidentNoteEvent = typeof OfficeEvents.IncidentSupervised | typeof OfficeEvents.IncidentUrged | typeof OfficeEvents.UrgingAcknowledged | typeof OfficeEvents.UrgingRaised;

/** What one action of the state machine starts from: the locked row, the request, who, when, the category and where the table leads. */
export interface StepContext {
  m: EntityManager;
  row: IncidentRow;
  body: IncidentActionBody;
  doer: Doer;
  now: Date;
  category: CategoryDefinition;
  /** Where the state machine leads (decide()). */
  to: IncidentState;
  /** The history note unless the step writes its own: the body's reason, else its note. */
  note: string | null;
}

/** What one action changes; everything left out stays as the state machine and the request have it. */
export interface StepChange {
  patch?: IncidentPatch;
  deltas?: CounterDeltas;
  /** Another state than the table's (a second assignee joining a joint case stays where it is). */
  to?: IncidentState;
  note?: string | null;
  /** The history entry's data (photos of a round, a closure's type and reply). */
  data?: unknown;
  extra?: Partial<IncidentEventData>;
  /** Run once the row, counters and history are written (followers, the escalation's dossier); what it returns joins the event. */
  after?: (updated: IncidentRow) => Promise<Partial<IncidentEventData> | void>;
}

/** One action's rule: what it changes, given the locked row (who may and from which state are checked before). */
export type Step = (c: StepContext) => Promise<StepChange>;

/** A step's writes, for IncidentStepWriter. */
export interface IncidentWrite {
  /** The history entry's action, and the event's. */
  action: string;
  event: IncidentStepEvent;
  to: IncidentState;
  /** The row's new columns; left out, the row is not written. */
  patch?: IncidentPatch;
  /** The category whose limits give the deadline and yellow light again from the patched row. */
  clock?: CategoryDefinition;
  deltas?: CounterDeltas;
  note: string | null;
  data?: unknown;
  extra?: Partial<IncidentEventData>;
  after?: StepChange['after'];
  now: Date;
}

/**
 * The one transactional write of a step on a locked incident, in the caller's transaction: the row
 * (with its clock columns), the counters, the history entry and the event, in that order. Every
 * action, an assist's own step and the district's decision write through it.
 */
@Injectable()
export class IncidentStepWriter {
  constructor(
    private readonly repo: IncidentRepository,
    private readonly stats: StatsRepository,
    private readonly clock: IncidentClockService,
    private readonly outbox: OutboxWriter,
    private readonly events: IncidentEventBuilder,
  ) {}

  async write(m: EntityManager, row: IncidentRow, doer: Doer, w: IncidentWrite): Promise<IncidentRow> {
    if (w.patch) {
      const patch = w.clock ? { ...w.patch, ...this.clock.columns({ ...row, ...w.patch } as IncidentRow, w.clock, w.now) } : w.patch;
      await this.repo.update(m, row.id, patch);
    }
    if (w.deltas) await this.stats.bump(m, { day: row.stats_day, gridPath: row.grid_path, keyArea: row.key_area }, w.deltas);
    await this.repo.appendHistory(m, row.id, { action: w.action, from_state: row.state, to_state: w.to, ...byDoer(doer), note: w.note, at: w.now, data: w.data });
    const updated = (await this.repo.get(row.id, m))!;
    const later = w.after ? await w.after(updated) : undefined;
    await this.outbox.add(m, { type: w.event, gridPath: row.grid_path, actorId: doer.id, data: this.events.eventData(updated, row.state, doer, { ...w.extra, ...later, action: w.action, note: w.note }) });
    return updated;
  }

  /**
   * Notes a fact on the history without changing the state (supervision, an urging, a unit's case
   * closed); with `event`, its event too (the history's note unless `extra` says another).
   */
  async noteIn(m: EntityManager, row: IncidentRow, action: string, doer: Doer, note: string, event?: { type: IncidentNoteEvent; extra?: Partial<IncidentEventData> }): Promise<void> {
    await this.repo.appendHistory(m, row.id, { action, from_state: row.state, to_state: row.state, ...byDoer(doer), note });
    if (event) await this.outbox.add(m, { type: event.type, gridPath: row.grid_path, actorId: doer.id, data: this.events.eventData(row, row.state, doer, { action, note, ...event.extra }) });
  }
}
