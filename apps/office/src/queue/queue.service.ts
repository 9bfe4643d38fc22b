import { Injectable } from '@nestjs/common';
import { Actor, IncidentState, MyQueue, QUEUE_ACTION_LABELS, QueueAction, Role } from '@grid122/contracts';
import { AppError } from '@grid122/messaging';
import { decodeCursor, keysetPage } from '@grid122/persistence';
import { PiiCipher } from '@grid122/privacy';
import { IncidentClockService } from '../incident/incident-clock.service';
import { IncidentMapper } from '../incident/incident.mapper';
import { QueueRepository, QueueScope } from './queue.repository';

const S = IncidentState;
/** What waits for whom: the assignee accepts and handles, the grid verifies, the centre registers, dispatches and closes. */
const ASSIGNEE: Partial<Record<IncidentState, QueueAction>> = { [S.Dispatched]: 'accept', [S.Accepted]: 'handle', [S.InProgress]: 'handle' };
const GRID_WORKER: Partial<Record<IncidentState, QueueAction>> = { [S.Handled]: 'verify' };
const COMMANDER: Partial<Record<IncidentState, QueueAction>> = { [S.Reported]: 'register', [S.Registered]: 'dispatch', [S.Verified]: 'close' };

/** 我的待办: each account's work queue, most urgent first. */
@Injectable()
export class QueueService {
  private readonly mapper: IncidentMapper;

  constructor(
    private readonly repo: QueueRepository,
    private readonly clock: IncidentClockService,
    pii: PiiCipher,
  ) {
    this.mapper = new IncidentMapper(clock, pii);
  }

  async mine(actor: Actor, req: MyQueue.Request): Promise<MyQueue.Reply> {
    const { q, owner } = this.queueOf(actor);
    const now = new Date();
    const limit = req.limit ?? 50;
    const after = req.cursor ? decodeCursor(req.cursor, ['timeOrInfinity', 'uuid']) : null;
    const [rows, counts, cats] = await Promise.all([
      this.repo.page(q, { light: req.light, action: req.action, after: after && { deadline: after[0], id: after[1] }, limit: limit + 1, now }),
      this.repo.counts(q, req.action, now),
      this.clock.categories(),
    ]);
    const page = keysetPage(
      rows,
      limit,
      (r) => ({ ...this.mapper.toView(r, cats.get(r.category), now, actor), waitingFor: { action: r.waiting_for, label: QUEUE_ACTION_LABELS[r.waiting_for], ...(r.part ? { part: r.part } : {}) } }),
      (r) => [r.deadline ? new Date(r.deadline).toISOString() : 'infinity', r.id],
    );
    return { owner, ...page, counts };
  }

  private queueOf(actor: Actor): { q: QueueScope; owner: MyQueue.Reply['owner'] } {
    switch (actor.role) {
      case Role.UnitMember:
        if (!actor.unit) break;
        return { q: { scope: actor.scope, owner: { column: 'unit', value: actor.unit }, states: ASSIGNEE }, owner: { kind: 'unit', ref: actor.unit } };
      case Role.DepartmentLiaison:
        if (!actor.departmentId) break;
        return { q: { scope: actor.scope, owner: { column: 'department', value: actor.departmentId }, states: ASSIGNEE }, owner: { kind: 'department', ref: actor.departmentId } };
      case Role.GridWorker:
        return { q: { scope: actor.scope, owner: null, states: GRID_WORKER }, owner: { kind: 'grid_worker', ref: actor.scope } };
      case Role.StreetCommander:
        return { q: { scope: actor.scope, owner: null, states: COMMANDER }, owner: { kind: 'commander', ref: actor.scope } };
    }
    throw AppError.forbidden(`Role ${actor.role} has no work queue`);
  }
}
