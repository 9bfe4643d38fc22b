import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import {
  Actor,
  CloseOrganisationTask,
  DomainEvent,
  HandleOrganisationTask,
  IncidentEventData,
  ListOrganisationTasks,
  OfficeEvents,
  OrganisationTaskView,
  RegistryEvents,
  ReturnOrganisationTask,
  TASK_STATE_LABELS,
  TaskState,
  Unit,
  UnitCaseEventData,
  UnitCaseEventType,
} from '@grid122/contracts';
import { AppError, EventConsumers, OutboxWriter } from '@grid122/messaging';
import { decodeCursor, keysetPage } from '@grid122/persistence';
import { DataSource, EntityManager } from 'typeorm';
import { assertCanReadTasks, assertOrganisationUnit, scopeParam } from '../shared/access';
import { TaskRepository, TaskRow } from './task.repository';

const CASE_TYPE = 'organisation_task';

const toView = (r: TaskRow): OrganisationTaskView => ({
  id: r.id,
  ref: r.ref,
  incidentId: r.incident_id,
  incidentCode: r.incident_code,
  title: r.title,
  keyArea: r.key_area,
  category: r.category,
  gridId: r.grid_id,
  gridPath: r.grid_path,
  address: r.address,
  state: r.state as TaskState,
  stateLabel: TASK_STATE_LABELS[r.state as TaskState],
  deadline: r.deadline?.toISOString() ?? null,
  note: r.note,
  closureType: r.closure_type,
  photos: r.photos,
  openedAt: r.opened_at.toISOString(),
  handledAt: r.handled_at?.toISOString() ?? null,
  closedAt: r.closed_at?.toISOString() ?? null,
  returnedAt: r.returned_at?.toISOString() ?? null,
  updatedByName: r.updated_by_name,
});

/** Which states each action may start from: open → handled → closed; open → returned; open → closed. */
const FROM: Record<'handle' | 'close' | 'return', TaskState[]> = {
  handle: [TaskState.Open],
  close: [TaskState.Open, TaskState.Handled],
  return: [TaskState.Open],
};

/**
 * Organisation tasks (基层组织建设组任务): the office dispatches an incident to the organisation
 * unit; this opens a task (idempotently: inbox + one live task per incident), and the group
 * feeds back handled / closed / returned, each with its unit-case event for the office.
 */
@Injectable()
export class TaskService implements OnModuleInit {
  private readonly logger = new Logger(TaskService.name);

  constructor(
    private readonly ds: DataSource,
    private readonly tasks: TaskRepository,
    private readonly outbox: OutboxWriter,
    private readonly consumers: EventConsumers,
  ) {}

  onModuleInit(): void {
    // Every dispatch comes here; the others' (`when`) are acknowledged without a transaction.
    this.consumers.consumer('registry-organisation-tasks').on(OfficeEvents.IncidentDispatched, (_d, m, e) => this.onDispatched(e, m), { when: dispatchedToOrganisation });
  }

  /** Runs in the consumer's transaction (with the inbox row): all writes through `m`. */
  async onDispatched(event: DomainEvent<IncidentEventData>, m: EntityManager): Promise<void> {
    const d = event.data;
    if (!dispatchedToOrganisation(d)) return;
    if (!d.incidentId || !d.gridPath) {
      this.logger.warn(`ignoring ${event.type} ${event.id}: no incidentId or gridPath`);
      return;
    }
    const task = await this.tasks.openIfNone(m, {
      incidentId: d.incidentId,
      incidentCode: d.code ?? null,
      sourceEventId: event.id,
      title: d.title ?? d.code ?? 'Organisation task',
      keyArea: d.keyArea ?? 'grassroots_organisation',
      category: d.category ?? null,
      gridId: d.gridId ?? null,
      gridPath: d.gridPath,
      address: d.address ?? null,
      deadline: d.deadline ?? null,
    });
    if (!task) return; // a live task exists for this incident already
    await this.outbox.add(m, {
      type: RegistryEvents.TaskOpened,
      gridPath: task.grid_path,
      actorId: null,
      data: { unit: Unit.Organisation, incidentId: task.incident_id, caseId: task.id, caseType: CASE_TYPE, caseRef: task.ref, byId: null, note: null },
    });
  }

  async list(actor: Actor, req: ListOrganisationTasks.Request): Promise<ListOrganisationTasks.Reply> {
    assertCanReadTasks(actor);
    const limit = req.limit ?? 50;
    const after = req.cursor ? decodeCursor(req.cursor, ['time', 'uuid']) : undefined;
    const rows = await this.tasks.list({ scope: scopeParam(actor), state: req.state, incidentId: req.incidentId, after, limit: limit + 1 });
    return keysetPage(rows, limit, toView, (r) => [r.ck, r.id]);
  }

  async get(actor: Actor, id: string): Promise<OrganisationTaskView> {
    assertCanReadTasks(actor);
    const row = await this.tasks.get(id, scopeParam(actor));
    if (!row) throw AppError.notFound('Organisation task', id);
    return toView(row);
  }

  handle(actor: Actor, req: HandleOrganisationTask.Request) {
    return this.move(actor, req.id, 'handle', TaskState.Handled, RegistryEvents.TaskHandled, { note: req.note, photos: req.photos });
  }

  close(actor: Actor, req: CloseOrganisationTask.Request) {
    return this.move(actor, req.id, 'close', TaskState.Closed, RegistryEvents.TaskClosed, { note: req.note ?? null, closureType: req.closureType });
  }

  return(actor: Actor, req: ReturnOrganisationTask.Request) {
    return this.move(actor, req.id, 'return', TaskState.Returned, RegistryEvents.TaskReturned, { note: req.reason });
  }

  private async move(actor: Actor, id: string, action: keyof typeof FROM, to: TaskState, type: UnitCaseEventType<typeof Unit.Organisation>, f: { note?: string | null; closureType?: string | null; photos?: string[] }): Promise<OrganisationTaskView> {
    assertOrganisationUnit(actor);
    return this.ds.transaction(async (m) => {
      const task = await this.tasks.get(id, scopeParam(actor), m, true);
      if (!task) throw AppError.notFound('Organisation task', id);
      if (!FROM[action].includes(task.state as TaskState)) throw AppError.illegalTransition('organisation task', task.state, action);
      const byName = actor.displayName ?? actor.username;
      await this.tasks.transition(m, task.id, to, { ...f, byId: actor.id, byName });
      await this.outbox.add(m, {
        type,
        gridPath: task.grid_path,
        data: {
          unit: Unit.Organisation,
          incidentId: task.incident_id,
          caseId: task.id,
          caseType: CASE_TYPE,
          caseRef: task.ref,
          byId: actor.id,
          note: f.note ?? null,
          closureType: f.closureType ?? null,
          photos: f.photos ?? [],
        },
      });
      return toView((await this.tasks.get(task.id, '', m))!);
    });
  }
}

/** An incident dispatched to the grassroots-organisation group (基层组织建设组): the others are none of its business. */
export function dispatchedToOrganisation(d: IncidentEventData | undefined): boolean {
  return d?.unit === Unit.Organisation;
}
