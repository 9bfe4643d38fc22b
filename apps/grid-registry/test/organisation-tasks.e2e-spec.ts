import { randomUUID } from 'node:crypto';
import {
  CloseOrganisationTask,
  CommonErrorCode,
  DomainEvent,
  HandleOrganisationTask,
  IncidentEventData,
  IncidentState,
  KeyArea,
  ListOrganisationTasks,
  OfficeEvents,
  ReturnOrganisationTask,
  Unit,
} from '@grid122/contracts';
import { eventually, serviceUnderTest, TEST_ACTORS, TEST_STREET as STREET, TestActorName } from '@grid122/testing';
import { AppModule } from '../src/app.module';
import { dataSourceOptions } from '../src/database/data-source';

jest.setTimeout(120_000);

/**
 * The "122" flow into the organisation group (基层组织建设组任务), through the registry's contracts
 * and JetStream: an `office.incident.dispatched` event with unit = organisation opens one
 * organisation task (idempotently), and the group feeds back, each step with its unit-case event.
 * The HTTP side (routes, role gates, statuses) is the gateway's grids spec.
 */
describe('grid registry: organisation tasks from the office dispatch', () => {
  const svc = serviceUnderTest({ app: 'grid-registry', module: () => AppModule.forRoot(), dataSource: dataSourceOptions });

  const dispatched = (incidentId: string, unit: Unit, over: Partial<IncidentEventData> = {}): DomainEvent<IncidentEventData> => ({
    id: randomUUID(),
    type: OfficeEvents.IncidentDispatched,
    source: 'office',
    occurredAt: new Date().toISOString(),
    gridPath: `${STREET}.c01.g2_02`,
    data: {
      incidentId,
      code: `SJ2014-${incidentId.slice(0, 6)}`,
      title: '网格党支部换届未按期完成',
      keyArea: KeyArea.GrassrootsOrganisation,
      category: 'party_branch',
      gridPath: `${STREET}.c01.g2_02`,
      gridId: null,
      state: IncidentState.Dispatched,
      fromState: IncidentState.Registered,
      source: 'patrol',
      reportedById: null,
      unit,
      departmentId: null,
      location: null,
      address: '宝塔桥东街12号',
      deadline: new Date(Date.now() + 3 * 86400_000).toISOString(),
      reportedAt: new Date().toISOString(),
      reworkCount: 0,
      ...over,
    },
  });
  const tasksOf = async (incidentId: string, as: TestActorName = 'organisation') => (await svc().call(ListOrganisationTasks, { incidentId }, as)).items;
  /** Publishes a dispatch to the organisation group and waits for its one task. */
  const taskFor = async (incidentId: string) => {
    await svc().publish(dispatched(incidentId, Unit.Organisation));
    const [task] = await eventually(async () => {
      const t = await tasksOf(incidentId);
      expect(t).toHaveLength(1);
      return t;
    });
    return task;
  };

  it('opens exactly one task for a dispatched incident, whatever the redeliveries, and emits registry.task.opened', async () => {
    const incidentId = randomUUID();
    const event = dispatched(incidentId, Unit.Organisation);
    await svc().publish(event);
    const [task] = await eventually(async () => {
      const t = await tasksOf(incidentId);
      expect(t).toHaveLength(1);
      return t;
    });
    expect(task.state).toBe('open');
    expect(task.ref).toMatch(/^ZZ\d{4}-\d{6}$/);
    // the same event again (past the JetStream duplicate window: another message id) and a second dispatch of the same incident
    await svc().publish(event, randomUUID());
    await svc().publish(dispatched(incidentId, Unit.Organisation));
    await eventually(async () => {
      const handled = await svc().ds.query(`SELECT count(*)::int AS n FROM registry.inbox WHERE consumer = 'registry-organisation-tasks'`);
      expect(handled[0].n).toBeGreaterThanOrEqual(2);
    });
    expect(await tasksOf(incidentId)).toHaveLength(1);
    await eventually(async () => {
      const rows = await svc().ds.query(`SELECT event FROM registry.outbox WHERE type = 'registry.task.opened' AND published_at IS NOT NULL`);
      const mine = rows.filter((r: { event: DomainEvent<{ incidentId: string }> }) => r.event.data.incidentId === incidentId);
      expect(mine).toHaveLength(1);
      expect(mine[0].event.data).toMatchObject({ unit: 'organisation', caseId: task.id, caseType: 'organisation_task', caseRef: task.ref });
    });
  });

  it('ignores dispatches to other units', async () => {
    const incidentId = randomUUID();
    await svc().publish(dispatched(incidentId, Unit.Enforcement));
    await taskFor(randomUUID()); // a later dispatch to the group has arrived, so the earlier one was read
    expect(await tasksOf(incidentId)).toHaveLength(0);
  });

  it('lets the organisation group handle, then close a task, each with its unit-case event; refuses illegal moves', async () => {
    const incidentId = randomUUID();
    const task = await taskFor(incidentId);
    expect((await svc().refusal(HandleOrganisationTask, { id: task.id, note: '已处理' }, 'commander')).code).toBe(CommonErrorCode.Forbidden);
    expect((await svc().refusal(HandleOrganisationTask, { id: task.id, note: '已处理' }, 'petitions')).code).toBe(CommonErrorCode.Forbidden);
    const handled = await svc().call(HandleOrganisationTask, { id: task.id, note: '已督促社区党委完成换届选举' }, 'organisation');
    expect(handled).toMatchObject({ state: 'handled', note: '已督促社区党委完成换届选举', updatedByName: 'organisation' });
    expect((await svc().refusal(ReturnOrganisationTask, { id: task.id, reason: '不属于本组' }, 'organisation')).code).toBe(CommonErrorCode.IllegalTransition);
    expect(await svc().invalidField(CloseOrganisationTask, { id: task.id }, 'organisation')).toBe('closureType');
    expect((await svc().call(CloseOrganisationTask, { id: task.id, closureType: 'fixed' }, 'organisation')).state).toBe('closed');
    const events = await svc().ds.query(`SELECT type, event FROM registry.outbox WHERE event->'data'->>'caseId' = $1 ORDER BY created_at`, [task.id]);
    expect(events.map((e: { type: string }) => e.type)).toEqual(['registry.task.opened', 'registry.task.handled', 'registry.task.closed']);
    // The event names who closed it by account id only (v2, issue 20 item 8); the task itself names them (updatedByName above).
    expect(events[2].event).toMatchObject({ version: 2, data: { incidentId, closureType: 'fixed', byId: TEST_ACTORS.organisation.id } });
    for (const e of events) expect(Object.keys(e.event.data)).not.toContain('byName');
  });

  it('returns a task to the office with a reason; a re-dispatch then opens a new one', async () => {
    const incidentId = randomUUID();
    const task = await taskFor(incidentId);
    expect(await svc().call(ReturnOrganisationTask, { id: task.id, reason: '属于综合执法队职责' }, 'organisation')).toMatchObject({ state: 'returned', note: '属于综合执法队职责' });
    await svc().publish(dispatched(incidentId, Unit.Organisation));
    await eventually(async () => expect(await tasksOf(incidentId)).toHaveLength(2));
  });

  it('pages the task list one at a time without losing tasks opened in the same millisecond', async () => {
    const tasks = [];
    for (let i = 0; i < 3; i++) tasks.push(await taskFor(randomUUID()));
    // Three tasks in one millisecond, apart by microseconds (the column's precision), newest last.
    await svc().ds.query(
      `UPDATE registry.organisation_tasks SET opened_at = now() + interval '1 day' + (array_position($1::uuid[], id) || ' microseconds')::interval WHERE id = ANY ($1::uuid[])`,
      [tasks.map((t) => t.id)],
    );
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let n = 0; n < 3; n++) {
      const page: ListOrganisationTasks.Reply = await svc().call(ListOrganisationTasks, { limit: 1, ...(cursor ? { cursor } : {}) }, 'organisation');
      seen.push(...page.items.map((t) => t.id));
      cursor = page.nextCursor ?? undefined;
    }
    expect(seen).toEqual(tasks.map((t) => t.id).reverse());
  });

  it('scopes tasks: another street sees none, and a grid worker may not read them', async () => {
    const incidentId = randomUUID();
    await taskFor(incidentId);
    expect(await tasksOf(incidentId, 'other-commander')).toHaveLength(0);
    expect((await svc().refusal(ListOrganisationTasks, {}, 'worker')).code).toBe(CommonErrorCode.Forbidden);
  });
});
