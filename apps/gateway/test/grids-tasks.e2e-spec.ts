import { randomUUID } from 'node:crypto';
import { JSONCodec, NatsConnection } from 'nats';
import { DomainEvent, eventSubject, IncidentEventData, IncidentState, KeyArea, OfficeEvents, Unit } from '@grid122/contracts';
import { eventually } from '@grid122/testing';
import { startSuite, STREET, Suite } from './support/suite';

/**
 * The "122" flow into the organisation group: an `office.incident.dispatched` event with
 * unit = organisation opens one organisation task (idempotently), and the group feeds back.
 */
describe('organisation tasks (基层组织建设组任务) from the office dispatch', () => {
  let suite: Suite;
  let nc: NatsConnection;
  const codec = JSONCodec<DomainEvent<IncidentEventData>>();
  const auth = async (user: string) => ({ authorization: `Bearer ${await suite.token(user)}` });

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
  const publish = async (e: DomainEvent<IncidentEventData>, msgID = e.id) => {
    await nc.jetstream().publish(eventSubject(e.type), codec.encode(e), { msgID });
  };
  const tasksOf = async (incidentId: string, user = 'organisation') => {
    const res = await suite.http().get(`/api/v1/organisation-tasks?incidentId=${incidentId}`).set(await auth(user)).expect(200);
    return res.body.items as { id: string; state: string; ref: string; incidentId: string }[];
  };

  beforeAll(async () => {
    suite = await startSuite({ services: ['grid-registry'] });
    nc = await suite.env.connectNats();
  });
  afterAll(async () => {
    await nc?.close();
    await suite?.stop();
  });

  it('opens exactly one task for a dispatched incident, whatever the redeliveries, and emits registry.task.opened', async () => {
    const incidentId = randomUUID();
    const event = dispatched(incidentId, Unit.Organisation);
    await publish(event);
    const [task] = await eventually(async () => {
      const t = await tasksOf(incidentId);
      expect(t).toHaveLength(1);
      return t;
    });
    expect(task.state).toBe('open');
    expect(task.ref).toMatch(/^ZZ\d{4}-\d{6}$/);
    // the same event again (past the JetStream duplicate window: another message id) and a second dispatch of the same incident
    await publish(event, randomUUID());
    await publish(dispatched(incidentId, Unit.Organisation));
    const ds = await suite.dataSource('grid-registry');
    await eventually(async () => {
      const handled = await ds.query(`SELECT count(*)::int AS n FROM registry.inbox WHERE consumer = 'registry-organisation-tasks'`);
      expect(handled[0].n).toBeGreaterThanOrEqual(2);
    });
    expect(await tasksOf(incidentId)).toHaveLength(1);
    await eventually(async () => {
      const rows = await ds.query(`SELECT event FROM registry.outbox WHERE type = 'registry.task.opened' AND published_at IS NOT NULL`);
      const mine = rows.filter((r: { event: DomainEvent<{ incidentId: string }> }) => r.event.data.incidentId === incidentId);
      expect(mine).toHaveLength(1);
      expect(mine[0].event.data).toMatchObject({ unit: 'organisation', caseId: task.id, caseType: 'organisation_task', caseRef: task.ref });
    });
  });

  it('ignores dispatches to other units', async () => {
    const incidentId = randomUUID();
    await publish(dispatched(incidentId, Unit.Enforcement));
    const marker = randomUUID();
    await publish(dispatched(marker, Unit.Organisation));
    await eventually(async () => expect(await tasksOf(marker)).toHaveLength(1));
    expect(await tasksOf(incidentId)).toHaveLength(0);
  });

  it('lets the organisation group handle, then close a task, each with its unit-case event; refuses illegal moves', async () => {
    const incidentId = randomUUID();
    await publish(dispatched(incidentId, Unit.Organisation));
    const [task] = await eventually(async () => {
      const t = await tasksOf(incidentId);
      expect(t).toHaveLength(1);
      return t;
    });
    await suite.http().post(`/api/v1/organisation-tasks/${task.id}/handle`).set(await auth('commander')).send({ note: '已处理' }).expect(403);
    await suite.http().post(`/api/v1/organisation-tasks/${task.id}/handle`).set(await auth('petitions')).send({ note: '已处理' }).expect(403);
    const handled = await suite.http().post(`/api/v1/organisation-tasks/${task.id}/handle`).set(await auth('organisation')).send({ note: '已督促社区党委完成换届选举' }).expect(200);
    expect(handled.body).toMatchObject({ state: 'handled', note: '已督促社区党委完成换届选举', updatedByName: 'organisation' });
    const refused = await suite.http().post(`/api/v1/organisation-tasks/${task.id}/return`).set(await auth('organisation')).send({ reason: '不属于本组' }).expect(409);
    expect(refused.body.code).toBe('ILLEGAL_TRANSITION');
    const missing = await suite.http().post(`/api/v1/organisation-tasks/${task.id}/close`).set(await auth('organisation')).send({}).expect(400);
    expect(missing.body.details.fields[0].field).toBe('closureType');
    const closed = await suite.http().post(`/api/v1/organisation-tasks/${task.id}/close`).set(await auth('organisation')).send({ closureType: 'fixed' }).expect(200);
    expect(closed.body.state).toBe('closed');
    const ds = await suite.dataSource('grid-registry');
    const events = await ds.query(`SELECT type, event FROM registry.outbox WHERE event->'data'->>'caseId' = $1 ORDER BY created_at`, [task.id]);
    expect(events.map((e: { type: string }) => e.type)).toEqual(['registry.task.opened', 'registry.task.handled', 'registry.task.closed']);
    // The event names who closed it by account id only (v2, issue 20 item 8); the task itself names them (updatedByName above).
    const [{ id: organisationId }] = await (await suite.dataSource('gateway')).query(`SELECT id FROM identity.accounts WHERE username = 'organisation'`);
    expect(events[2].event).toMatchObject({ version: 2, data: { incidentId, closureType: 'fixed', byId: organisationId } });
    for (const e of events) expect(Object.keys(e.event.data)).not.toContain('byName');
  });

  it('returns a task to the office with a reason; a re-dispatch then opens a new one', async () => {
    const incidentId = randomUUID();
    await publish(dispatched(incidentId, Unit.Organisation));
    const [task] = await eventually(async () => {
      const t = await tasksOf(incidentId);
      expect(t).toHaveLength(1);
      return t;
    });
    const returned = await suite.http().post(`/api/v1/organisation-tasks/${task.id}/return`).set(await auth('organisation')).send({ reason: '属于综合执法队职责' }).expect(200);
    expect(returned.body).toMatchObject({ state: 'returned', note: '属于综合执法队职责' });
    await publish(dispatched(incidentId, Unit.Organisation));
    await eventually(async () => expect(await tasksOf(incidentId)).toHaveLength(2));
  });

  it('scopes tasks: another street sees none, and a grid worker may not read them', async () => {
    const incidentId = randomUUID();
    await publish(dispatched(incidentId, Unit.Organisation));
    await eventually(async () => expect(await tasksOf(incidentId)).toHaveLength(1));
    expect(await tasksOf(incidentId, 'other-commander')).toHaveLength(0);
    await suite.http().get('/api/v1/organisation-tasks').set(await auth('worker')).expect(403);
  });
});
