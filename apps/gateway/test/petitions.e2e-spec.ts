import { randomUUID } from 'node:crypto';
import { headers as natsHeaders, JSONCodec, NatsConnection } from 'nats';
import { DomainEvent, eventSubject, OfficeEvents } from '@grid122/contracts';
import { eventually } from '@grid122/testing';
import { startSuite, STREET, Suite } from './support/suite';

const G3 = `${STREET}.c01.g2_01.g3_01`;
const DAY = 86_400_000;

describe('petitions: petitions, disputes, office dispatch', () => {
  let suite: Suite;
  let nc: NatsConnection;
  const as = async (user: string) => `Bearer ${await suite.token(user)}`;
  const post = async (user: string, url: string, body: object) => suite.http().post(url).set('authorization', await as(user)).send(body);
  const get = async (user: string, url: string) => suite.http().get(url).set('authorization', await as(user));

  const petition = (over: object = {}) => ({
    channel: 'visit',
    petitionerKind: 'person',
    petitioner: { name: '王建国', idNumber: '320106198001011234', phone: '13912345678' },
    matter: 'wage_arrears',
    summary: '某装修公司拖欠三个月工资',
    gridPath: G3,
    ...over,
  });

  beforeAll(async () => {
    suite = await startSuite({ services: ['petitions'] });
    nc = await suite.env.connectNats();
  });
  afterAll(async () => {
    await nc?.close();
    await suite?.stop();
  });

  it('registers a petition with the receiver as first-inquiry owner, masked, with time limits', async () => {
    const res = await post('petitions', '/api/v1/petitions', petition());
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ state: 'received', channel: 'visit', headcount: 1, collective: false, repeatCount: 1, repeatOfId: null });
    expect(res.body.ref).toMatch(/^XF\d{10}$/);
    expect(res.body.owner.name).toBe('petitions');
    expect(res.body.petitioner).toEqual({ name: '王**', idNumber: '320106**********34', phone: '139****5678', masked: true });
    expect(new Date(res.body.acceptDueAt).getTime() - new Date(res.body.receivedAt).getTime()).toBe(15 * DAY);
    const ds = await suite.dataSource('petitions');
    const [row] = await ds.query(`SELECT petitioner_name, petitioner_id_number FROM petitions.petitions WHERE id = $1`, [res.body.id]);
    expect(row.petitioner_name).toMatch(/^v2:demo-petitions:/); // the petitions' own key, named by its id
    expect(row.petitioner_id_number).not.toContain('320106');
  });

  it('answers 400 naming the field, and refuses a person with a headcount', async () => {
    const bad = await post('petitions', '/api/v1/petitions', petition({ channel: 'office_dispatch' }));
    expect(bad.status).toBe(400);
    expect(bad.body.details.fields[0].field).toBe('channel');
    const hc = await post('petitions', '/api/v1/petitions', petition({ headcount: 3 }));
    expect(hc.status).toBe(400);
    expect(hc.body.message).toMatch(/headcount/);
  });

  it('flags a group petition of 5+ as collective and lists it', async () => {
    const res = await post('petitions', '/api/v1/petitions', petition({ petitionerKind: 'group', headcount: 12, matter: 'demolition_compensation', petitioner: { name: '李秀英', phone: '13800001111' } }));
    expect(res.status).toBe(201);
    expect(res.body.collective).toBe(true);
    const small = await post('petitions', '/api/v1/petitions', petition({ petitionerKind: 'group', headcount: 4, matter: 'housing', petitioner: { name: '赵敏', phone: '13800002222' } }));
    expect(small.body.collective).toBe(false);
    const list = await get('commander', '/api/v1/petitions?collective=true');
    expect(list.body.items.map((p: { id: string }) => p.id)).toEqual([res.body.id]);
  });

  it('links repeat petitions of the same petitioner on the same matter and shows the count', async () => {
    const who = { name: '陈志强', idNumber: '32010619750505123X', phone: '13700000001' };
    const first = await post('petitions', '/api/v1/petitions', petition({ petitioner: who, matter: 'property_management' }));
    // Same person by ID number, different phone and letter-case: still the same petitioner.
    const second = await post('petitions', '/api/v1/petitions', petition({ petitioner: { ...who, idNumber: '32010619750505123x', phone: '13700000002' }, matter: 'property_management', channel: 'letter' }));
    const other = await post('petitions', '/api/v1/petitions', petition({ petitioner: who, matter: 'housing' }));
    expect(second.body.repeatOfId).toBe(first.body.id);
    expect(second.body.repeatCount).toBe(2);
    expect(second.body.chain.map((c: { id: string }) => c.id)).toEqual([first.body.id]);
    expect(other.body.repeatOfId).toBeNull();
    const again = await get('petitions', `/api/v1/petitions/${first.body.id}`);
    expect(again.body.repeatCount).toBe(2);
    const repeats = await get('petitions', '/api/v1/petitions?repeat=true');
    expect(repeats.body.items.map((p: { id: string }) => p.id)).toContain(second.body.id);
  });

  it('runs accept → extend once → reply → close; the owner only, until a hand-over with both names', async () => {
    const p = (await post('petitions', '/api/v1/petitions', petition({ petitioner: { name: '周杰', phone: '13600000000' }, matter: 'environment' }))).body;
    const acc = await post('petitions', `/api/v1/petitions/${p.id}/accept`, { note: '符合受理条件' });
    expect(acc.status).toBe(200);
    expect(acc.body.state).toBe('accepted');
    expect(new Date(acc.body.replyDueAt).getTime() - new Date(acc.body.acceptedAt).getTime()).toBe(60 * DAY);

    const tooLong = await post('petitions', `/api/v1/petitions/${p.id}/extend`, { days: 31, reason: '情况复杂需调查' });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.details.fields[0].field).toBe('days');
    const ext = await post('petitions', `/api/v1/petitions/${p.id}/extend`, { days: 30, reason: '情况复杂需调查' });
    expect(ext.status).toBe(200);
    expect(new Date(ext.body.replyDueAt).getTime() - new Date(acc.body.replyDueAt).getTime()).toBe(30 * DAY);
    const twice = await post('petitions', `/api/v1/petitions/${p.id}/extend`, { days: 5, reason: '再次延期' });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('PETITIONS_ALREADY_EXTENDED');

    // The commander hands it to another member; the old owner may then no longer act.
    const newOwner = randomUUID();
    const ho = await post('commander', `/api/v1/petitions/${p.id}/handover`, { toId: newOwner, toName: '刘洋', reason: '调岗，交由刘洋负责' });
    expect(ho.status).toBe(200);
    expect(ho.body.owner).toEqual({ id: newOwner, name: '刘洋' });
    expect(ho.body.handovers).toEqual([expect.objectContaining({ from: expect.objectContaining({ name: 'petitions' }), to: { id: newOwner, name: '刘洋' }, reason: '调岗，交由刘洋负责' })]);
    const notOwner = await post('petitions', `/api/v1/petitions/${p.id}/reply`, { reply: '经调查，已责令整改' });
    expect(notOwner.status).toBe(403);
    expect(notOwner.body.code).toBe('PETITIONS_NOT_OWNER');

    const rep = await post('commander', `/api/v1/petitions/${p.id}/reply`, { reply: '经调查，已责令企业整改' });
    expect(rep.body).toMatchObject({ state: 'replied', replyOnTime: true });
    const closed = await post('commander', `/api/v1/petitions/${p.id}/close`, {});
    expect(closed.body.state).toBe('closed');
    const illegal = await post('commander', `/api/v1/petitions/${p.id}/accept`, {});
    expect(illegal.status).toBe(409);
    expect(illegal.body.code).toBe('ILLEGAL_TRANSITION');

    const ds = await suite.dataSource('petitions');
    const events = await ds.query(`SELECT type, event FROM petitions.outbox WHERE type = 'petitions.petition.replied'`);
    expect(events.map((e: { event: DomainEvent<{ petitionId: string; onTime: boolean }> }) => e.event.data)).toContainEqual(expect.objectContaining({ petitionId: p.id, onTime: true }));
  });

  it('lists petitions past their acceptance limit as overdue', async () => {
    const late = await post('petitions', '/api/v1/petitions', petition({ channel: 'letter', petitioner: { name: '孙丽', phone: '13500000000' }, matter: 'social_security', receivedAt: new Date(Date.now() - 20 * DAY).toISOString() }));
    const fresh = await post('petitions', '/api/v1/petitions', petition({ petitioner: { name: '钱坤', phone: '13500000001' }, matter: 'social_security' }));
    expect(late.body.overdue).toBe('acceptance');
    const list = await get('commander', '/api/v1/petitions/overdue');
    const ids = list.body.items.map((p: { id: string }) => p.id);
    expect(ids).toContain(late.body.id);
    expect(ids).not.toContain(fresh.body.id);
    const future = await post('petitions', '/api/v1/petitions', petition({ receivedAt: new Date(Date.now() + 2 * DAY).toISOString() }));
    expect(future.status).toBe(400);
  });

  it('reveals identities only with a reason, audited; masked by default; a grid worker cannot reveal', async () => {
    const p = (await post('petitions', '/api/v1/petitions', petition({ petitioner: { name: '吴芳', idNumber: '320106199002023456', phone: '13312345678' }, matter: 'urban_management' }))).body;
    const workerView = await get('worker', `/api/v1/petitions/${p.id}`);
    expect(workerView.status).toBe(200);
    expect(workerView.body.petitioner).toMatchObject({ name: '吴*', masked: true });
    const workerReveal = await post('worker', `/api/v1/petitions/${p.id}/reveal`, { reason: '想看看' });
    expect(workerReveal.status).toBe(403);
    const noReason = await post('petitions', `/api/v1/petitions/${p.id}/reveal`, {});
    expect(noReason.status).toBe(400);
    const rev = await post('petitions', `/api/v1/petitions/${p.id}/reveal`, { reason: '电话回访信访人' });
    expect(rev.status).toBe(200);
    expect(rev.body.petitioner).toEqual({ name: '吴芳', idNumber: '320106199002023456', phone: '13312345678', masked: false });
    const audit = await get('auditor', `/api/v1/petitions/identity-audit?subjectId=${p.id}`);
    expect(audit.status).toBe(200);
    expect(audit.body.items).toEqual([expect.objectContaining({ actorName: 'petitions', actorRole: 'unit_member', subjectType: 'petition', reason: '电话回访信访人' })]);
    const ds = await suite.dataSource('petitions');
    await expect(ds.query(`DELETE FROM petitions.identity_reveals`)).rejects.toThrow(/append-only/);
  });

  it('scopes reads: another street sees nothing, a social-unit member is refused', async () => {
    const p = (await post('petitions', '/api/v1/petitions', petition({ petitioner: { name: '郑和', phone: '13300000009' } }))).body;
    expect((await get('other-commander', `/api/v1/petitions/${p.id}`)).status).toBe(404);
    expect((await get('other-commander', '/api/v1/petitions')).body.total).toBe(0);
    expect((await get('social', '/api/v1/petitions')).status).toBe(403);
    const out = await post('petitions', '/api/v1/petitions', petition({ gridPath: 'nj.gulou.nhj.c01' }));
    expect(out.status).toBe(403);
    expect(out.body.code).toBe('PETITIONS_OUT_OF_SCOPE');
  });

  it('runs a dispute through sessions to an agreement settled at the grid', async () => {
    const d = await post('worker', '/api/v1/disputes', {
      type: 'neighbour',
      summary: '楼上漏水致楼下天花板受损',
      gridPath: G3,
      parties: [{ name: '张伟', phone: '13900000001' }, { name: '黄磊', phone: '13900000002', side: 'respondent' }],
      mediators: [{ kind: 'grid_mediator', name: '网格员甲' }],
    });
    expect(d.status).toBe(201);
    expect(d.body.parties.map((p: { identity: { name: string } }) => p.identity.name)).toEqual(['张*', '黄*']);
    const one = await post('worker', `/api/v1/disputes/${d.body.id}/sessions`, { heldAt: new Date().toISOString(), mediators: [{ kind: 'police', name: '民警乙' }], summary: '双方各执一词', result: 'continued' });
    expect(one.body.state).toBe('mediating');
    const missing = await post('worker', `/api/v1/disputes/${d.body.id}/sessions`, { heldAt: new Date().toISOString(), mediators: [{ kind: 'judicial_worker', name: '司法所丙' }], summary: '达成一致', result: 'agreement' });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toMatch(/agreementTerms/);
    const two = await post('worker', `/api/v1/disputes/${d.body.id}/sessions`, {
      heldAt: new Date().toISOString(),
      mediators: [{ kind: 'judicial_worker', name: '司法所丙' }],
      summary: '达成一致',
      result: 'agreement',
      agreementTerms: '楼上住户负责维修并赔偿800元',
      settledLevel: 'grid',
    });
    expect(two.body).toMatchObject({ state: 'settled', settledLevel: 'grid', agreementTerms: '楼上住户负责维修并赔偿800元' });
    expect(two.body.mediators.map((m: { kind: string }) => m.kind)).toEqual(['grid_mediator', 'police', 'judicial_worker']);
    expect(two.body.sessions).toHaveLength(2);
    const ds = await suite.dataSource('petitions');
    const [ev] = await ds.query(`SELECT event FROM petitions.outbox WHERE type = 'petitions.dispute.settled'`);
    expect(ev.event.data).toMatchObject({ disputeId: d.body.id, level: 'grid', sessions: 2 });
    expect((await post('worker', `/api/v1/disputes/${d.body.id}/close`, {})).body.state).toBe('closed');
  });

  it('refers a failed dispute and refuses a dispute with one party', async () => {
    const one = await post('petitions', '/api/v1/disputes', { type: 'labour', summary: '工资结算争议', gridPath: G3, parties: [{ name: '甲' }] });
    expect(one.status).toBe(400);
    expect(one.body.details.fields[0].field).toBe('parties');
    const d = (await post('petitions', '/api/v1/disputes', { type: 'labour', summary: '工资结算争议', gridPath: G3, parties: [{ name: '马超' }, { name: '某公司' }] })).body;
    const failed = await post('petitions', `/api/v1/disputes/${d.id}/sessions`, {
      heldAt: new Date().toISOString(),
      mediators: [{ kind: 'judicial_worker', name: '司法所丙' }],
      summary: '企业拒不让步',
      result: 'failed',
      failureReason: '双方分歧过大',
      referredTo: '区劳动人事争议仲裁委员会',
    });
    expect(failed.body).toMatchObject({ state: 'referred', referredTo: '区劳动人事争议仲裁委员会' });
  });

  it('opens a petition for a published office.incident.dispatched event and emits petitions.case.opened, once', async () => {
    const incidentId = randomUUID();
    const event: DomainEvent<Record<string, unknown>> = {
      id: randomUUID(),
      type: OfficeEvents.IncidentDispatched,
      source: 'office',
      occurredAt: new Date().toISOString(),
      gridPath: G3,
      data: {
        incidentId,
        code: 'BTQ-2025-000101',
        title: '居民反映小区物业长期不作为',
        keyArea: 'petitions_stability',
        category: 'general_complaint',
        gridPath: G3,
        gridId: null,
        state: 'dispatched',
        fromState: 'registered',
        source: 'hotline_12345',
        reportedById: null,
        unit: 'petitions',
        departmentId: null,
        location: null,
        address: '宝塔桥东街12号',
        deadline: null,
        reportedAt: new Date().toISOString(),
        reworkCount: 0,
      },
    };
    const js = nc.jetstream();
    const codec = JSONCodec();
    await js.publish(eventSubject(event.type), codec.encode(event), { msgID: event.id });
    // The same incident published again under a new event id (a second dispatch) opens nothing new.
    await js.publish(eventSubject(event.type), codec.encode({ ...event, id: randomUUID() }), { msgID: randomUUID() });
    // Another unit's dispatch is ignored.
    await js.publish(eventSubject(event.type), codec.encode({ ...event, id: randomUUID(), data: { ...event.data, incidentId: randomUUID(), unit: 'social' } }));

    const ds = await suite.dataSource('petitions');
    const petitionRow = await eventually(async () => {
      const rows = await ds.query(`SELECT id, channel, state, owner_id FROM petitions.petitions WHERE incident_id = $1`, [incidentId]);
      expect(rows).toHaveLength(1);
      return rows[0];
    });
    expect(petitionRow).toMatchObject({ channel: 'office_dispatch', state: 'received', owner_id: null });
    const opened = await eventually(async () => {
      const rows = await ds.query(`SELECT event FROM petitions.outbox WHERE type = 'petitions.case.opened'`);
      const mine = rows.filter((r: { event: DomainEvent<{ incidentId: string }> }) => r.event.data.incidentId === incidentId);
      expect(mine).toHaveLength(1);
      return mine[0].event;
    });
    expect(opened.data).toMatchObject({ unit: 'petitions', caseId: petitionRow.id, caseType: 'petition' });
    // ... and it reaches JetStream (the relay published it).
    const jsm = await nc.jetstreamManager();
    const msg = await eventually(() => jsm.streams.getMessage('GRID122_EVENTS', { last_by_subj: 'evt.petitions.case.opened' }));
    expect(JSON.parse(new TextDecoder().decode(msg.data)).data.incidentId).toBe(incidentId);

    // The first member who acts becomes the owner; a reply emits petitions.case.handled.
    const acc = await post('petitions', `/api/v1/petitions/${petitionRow.id}/accept`, {});
    expect(acc.body.owner.name).toBe('petitions');
    await post('petitions', `/api/v1/petitions/${petitionRow.id}/reply`, { reply: '已约谈物业公司限期整改' });
    await post('petitions', `/api/v1/petitions/${petitionRow.id}/close`, {});
    const types = (await ds.query(`SELECT type FROM petitions.outbox WHERE event->'data'->>'incidentId' = $1 ORDER BY created_at`, [incidentId])).map((r: { type: string }) => r.type);
    expect(types).toEqual(expect.arrayContaining(['petitions.petition.received', 'petitions.case.opened', 'petitions.case.handled', 'petitions.petition.replied', 'petitions.case.closed']));
    expect(types.filter((t: string) => t === 'petitions.case.opened')).toHaveLength(1);
  });

  it('opens a dispute case for a dispute category and returns it to the office', async () => {
    const incidentId = randomUUID();
    const h = natsHeaders();
    const event = {
      id: randomUUID(),
      type: OfficeEvents.IncidentDispatched,
      source: 'office',
      occurredAt: new Date().toISOString(),
      gridPath: G3,
      data: { incidentId, code: 'BTQ-2025-000102', title: '邻里噪音纠纷', keyArea: 'petitions_stability', category: 'neighbour_dispute', gridPath: G3, gridId: null, unit: 'petitions', address: null },
    };
    await nc.jetstream().publish(eventSubject(event.type), JSONCodec().encode(event), { msgID: event.id, headers: h });
    const ds = await suite.dataSource('petitions');
    const d = await eventually(async () => {
      const rows = await ds.query(`SELECT id, type, state FROM petitions.disputes WHERE incident_id = $1`, [incidentId]);
      expect(rows).toHaveLength(1);
      return rows[0];
    });
    expect(d).toMatchObject({ type: 'neighbour', state: 'open' });
    const ret = await post('petitions', `/api/v1/disputes/${d.id}/return`, { reason: '属物业管理范畴，非纠纷' });
    expect(ret.body.state).toBe('returned');
    const [ev] = await ds.query(`SELECT event FROM petitions.outbox WHERE type = 'petitions.case.returned' AND event->'data'->>'incidentId' = $1`, [incidentId]);
    expect(ev.event.data).toMatchObject({ caseType: 'dispute', note: '属物业管理范畴，非纠纷' });
  });
});
