import { randomUUID } from 'node:crypto';
import {
  AcceptPetition,
  ClosePetition,
  CloseDispute,
  CommonErrorCode,
  DomainEvent,
  ExtendPetition,
  GetPetition,
  HandoverPetition,
  ListIdentityAudit,
  ListOverduePetitions,
  ListPetitions,
  OfficeEvents,
  OpenDispute,
  PetitionsErrorCode,
  RecordMediationSession,
  RegisterPetition,
  ReplyPetition,
  ReturnDispute,
  RevealPetition,
} from '@grid122/contracts';
import { eventually, serviceUnderTest, TEST_ACTORS, TEST_STREET } from '@grid122/testing';
import { AppModule } from '../src/app.module';
import { dataSourceOptions } from '../src/database/data-source';

jest.setTimeout(120_000);

const G3 = `${TEST_STREET}.c01.g2_01.g3_01`;
const DAY = 86_400_000;

/**
 * The petitions service through its contracts (NATS, signed callers), against real Postgres and
 * NATS: petitions and their time limits, first-inquiry ownership, audited reveals, scope, disputes,
 * and the office's dispatches. The HTTP side (routes, role gates, statuses) is the gateway's
 * petitions spec.
 */
describe('petitions: petitions, disputes, office dispatch', () => {
  const svc = serviceUnderTest({ app: 'petitions', module: () => AppModule.forRoot(), dataSource: dataSourceOptions });

  const petition = (over: object = {}) => ({
    channel: 'visit',
    petitionerKind: 'person',
    petitioner: { name: '王建国', idNumber: '320106198001011234', phone: '13912345678' },
    matter: 'wage_arrears',
    summary: '某装修公司拖欠三个月工资',
    gridPath: G3,
    ...over,
  });
  const register = (over: object = {}, as: 'petitions' | 'commander' = 'petitions') => svc().call(RegisterPetition, petition(over), as);

  it('registers a petition with the receiver as first-inquiry owner, masked, with time limits', async () => {
    const p = await register();
    expect(p).toMatchObject({ state: 'received', channel: 'visit', headcount: 1, collective: false, repeatCount: 1, repeatOfId: null });
    expect(p.ref).toMatch(/^XF\d{10}$/);
    expect(p.owner).toEqual({ id: TEST_ACTORS.petitions.id, name: 'petitions' });
    expect(p.petitioner).toEqual({ name: '王**', idNumber: '320106**********34', phone: '139****5678', masked: true });
    expect(new Date(p.acceptDueAt!).getTime() - new Date(p.receivedAt).getTime()).toBe(15 * DAY);
    const [row] = await svc().ds.query(`SELECT petitioner_name, petitioner_id_number FROM petitions.petitions WHERE id = $1`, [p.id]);
    expect(row.petitioner_name).toMatch(/^v2:demo-petitions:/); // the petitions' own key, named by its id
    expect(row.petitioner_id_number).not.toContain('320106');
  });

  it('refuses naming the field, and refuses a person with a headcount', async () => {
    expect(await svc().invalidField(RegisterPetition, petition({ channel: 'office_dispatch' }), 'petitions')).toBe('channel');
    const hc = await svc().refusal(RegisterPetition, petition({ headcount: 3 }), 'petitions');
    expect(hc.code).toBe(CommonErrorCode.ValidationFailed);
    expect(hc.message).toMatch(/headcount/);
  });

  it('flags a group petition of 5+ as collective and lists it', async () => {
    const big = await register({ petitionerKind: 'group', headcount: 12, matter: 'demolition_compensation', petitioner: { name: '李秀英', phone: '13800001111' } });
    expect(big.collective).toBe(true);
    const small = await register({ petitionerKind: 'group', headcount: 4, matter: 'housing', petitioner: { name: '赵敏', phone: '13800002222' } });
    expect(small.collective).toBe(false);
    const list = await svc().call(ListPetitions, { collective: true }, 'commander');
    expect(list.items.map((p) => p.id)).toEqual([big.id]);
  });

  it('links repeat petitions of the same petitioner on the same matter and shows the count', async () => {
    const who = { name: '陈志强', idNumber: '32010619750505123X', phone: '13700000001' };
    const first = await register({ petitioner: who, matter: 'property_management' });
    // Same person by ID number, different phone and letter-case: still the same petitioner.
    const second = await register({ petitioner: { ...who, idNumber: '32010619750505123x', phone: '13700000002' }, matter: 'property_management', channel: 'letter' });
    const other = await register({ petitioner: who, matter: 'housing' });
    expect(second.repeatOfId).toBe(first.id);
    expect(second.repeatCount).toBe(2);
    expect(second.chain.map((c) => c.id)).toEqual([first.id]);
    expect(other.repeatOfId).toBeNull();
    expect((await svc().call(GetPetition, { id: first.id }, 'petitions')).repeatCount).toBe(2);
    const repeats = await svc().call(ListPetitions, { repeat: true }, 'petitions');
    expect(repeats.items.map((p) => p.id)).toContain(second.id);
  });

  it('runs accept → extend once → reply → close; the owner only, until a hand-over with both names', async () => {
    const p = await register({ petitioner: { name: '周杰', phone: '13600000000' }, matter: 'environment' });
    const acc = await svc().call(AcceptPetition, { id: p.id, note: '符合受理条件' }, 'petitions');
    expect(acc.state).toBe('accepted');
    expect(new Date(acc.replyDueAt!).getTime() - new Date(acc.acceptedAt!).getTime()).toBe(60 * DAY);

    expect(await svc().invalidField(ExtendPetition, { id: p.id, days: 31, reason: '情况复杂需调查' }, 'petitions')).toBe('days');
    const ext = await svc().call(ExtendPetition, { id: p.id, days: 30, reason: '情况复杂需调查' }, 'petitions');
    expect(new Date(ext.replyDueAt!).getTime() - new Date(acc.replyDueAt!).getTime()).toBe(30 * DAY);
    expect((await svc().refusal(ExtendPetition, { id: p.id, days: 5, reason: '再次延期' }, 'petitions')).code).toBe(PetitionsErrorCode.AlreadyExtended);

    // The commander hands it to another member; the old owner may then no longer act.
    const newOwner = randomUUID();
    const ho = await svc().call(HandoverPetition, { id: p.id, toId: newOwner, toName: '刘洋', reason: '调岗，交由刘洋负责' }, 'commander');
    expect(ho.owner).toEqual({ id: newOwner, name: '刘洋' });
    expect(ho.handovers).toEqual([expect.objectContaining({ from: expect.objectContaining({ name: 'petitions' }), to: { id: newOwner, name: '刘洋' }, reason: '调岗，交由刘洋负责' })]);
    expect((await svc().refusal(ReplyPetition, { id: p.id, reply: '经调查，已责令整改' }, 'petitions')).code).toBe(PetitionsErrorCode.NotOwner);

    const rep = await svc().call(ReplyPetition, { id: p.id, reply: '经调查，已责令企业整改' }, 'commander');
    expect(rep).toMatchObject({ state: 'replied', replyOnTime: true });
    expect((await svc().call(ClosePetition, { id: p.id }, 'commander')).state).toBe('closed');
    expect((await svc().refusal(AcceptPetition, { id: p.id }, 'commander')).code).toBe(CommonErrorCode.IllegalTransition);

    const replied = await svc().outbox<{ petitionId: string; onTime: boolean }>('petitions.petition.replied');
    expect(replied.map((e) => e.data)).toContainEqual(expect.objectContaining({ petitionId: p.id, onTime: true }));
  });

  it('lists petitions past their acceptance limit as overdue', async () => {
    const late = await register({ channel: 'letter', petitioner: { name: '孙丽', phone: '13500000000' }, matter: 'social_security', receivedAt: new Date(Date.now() - 20 * DAY).toISOString() });
    const fresh = await register({ petitioner: { name: '钱坤', phone: '13500000001' }, matter: 'social_security' });
    expect(late.overdue).toBe('acceptance');
    const ids = (await svc().call(ListOverduePetitions, {}, 'commander')).items.map((p) => p.id);
    expect(ids).toContain(late.id);
    expect(ids).not.toContain(fresh.id);
    expect((await svc().refusal(RegisterPetition, petition({ receivedAt: new Date(Date.now() + 2 * DAY).toISOString() }), 'petitions')).code).toBe(CommonErrorCode.ValidationFailed);
  });

  it('pages a filtered list by offset: the pages in order make the whole list, each with the total of every row', async () => {
    for (const [name, phone] of [['冯一', '13400000001'], ['陈二', '13400000002'], ['褚三', '13400000003']]) await register({ petitioner: { name, phone }, matter: 'neighbourhood' });
    const whole = await svc().call(ListPetitions, { matter: 'neighbourhood' }, 'commander');
    expect(whole.total).toBe(3);
    const first = await svc().call(ListPetitions, { matter: 'neighbourhood', limit: 2, offset: 0 }, 'commander');
    const second = await svc().call(ListPetitions, { matter: 'neighbourhood', limit: 2, offset: 2 }, 'commander');
    expect([first, second].map((p) => [p.items.length, p.total, p.limit, p.offset])).toEqual([[2, 3, 2, 0], [1, 3, 2, 2]]);
    expect([...first.items, ...second.items].map((p) => p.id)).toEqual(whole.items.map((p) => p.id));
  });

  it('reveals identities only with a reason, audited; masked by default; a grid worker cannot reveal', async () => {
    const p = await register({ petitioner: { name: '吴芳', idNumber: '320106199002023456', phone: '13312345678' }, matter: 'urban_management' });
    expect((await svc().call(GetPetition, { id: p.id }, 'worker')).petitioner).toMatchObject({ name: '吴*', masked: true });
    expect((await svc().refusal(RevealPetition, { id: p.id, reason: '想核实信访人身份' }, 'worker')).code).toBe(PetitionsErrorCode.IdentityNotAllowed);
    expect(await svc().invalidField(RevealPetition, { id: p.id }, 'petitions')).toBe('reason');
    const rev = await svc().call(RevealPetition, { id: p.id, reason: '电话回访信访人' }, 'petitions');
    expect(rev.petitioner).toEqual({ name: '吴芳', idNumber: '320106199002023456', phone: '13312345678', masked: false });
    const audit = await svc().call(ListIdentityAudit, { subjectId: p.id }, 'auditor');
    expect(audit.items).toEqual([expect.objectContaining({ actorName: 'petitions', actorRole: 'unit_member', subjectType: 'petition', reason: '电话回访信访人' })]);
    await expect(svc().ds.query(`DELETE FROM petitions.identity_reveals`)).rejects.toThrow(/append-only/);
  });

  it('scopes reads: another street sees nothing, a social-unit member is refused', async () => {
    const p = await register({ petitioner: { name: '郑和', phone: '13300000009' } });
    expect((await svc().refusal(GetPetition, { id: p.id }, 'other-commander')).code).toBe(PetitionsErrorCode.PetitionNotFound);
    expect((await svc().call(ListPetitions, {}, 'other-commander')).total).toBe(0);
    expect((await svc().refusal(ListPetitions, {}, 'social')).code).toBe(CommonErrorCode.Forbidden);
    expect((await svc().refusal(RegisterPetition, petition({ gridPath: 'nj.gulou.nhj.c01' }), 'petitions')).code).toBe(PetitionsErrorCode.OutOfScope);
  });

  it('runs a dispute through sessions to an agreement settled at the grid', async () => {
    const d = await svc().call(
      OpenDispute,
      {
        type: 'neighbour',
        summary: '楼上漏水致楼下天花板受损',
        gridPath: G3,
        parties: [{ name: '张伟', phone: '13900000001' }, { name: '黄磊', phone: '13900000002', side: 'respondent' }],
        mediators: [{ kind: 'grid_mediator', name: '网格员甲' }],
      },
      'worker',
    );
    expect(d.parties.map((p) => p.identity.name)).toEqual(['张*', '黄*']);
    const one = await svc().call(RecordMediationSession, { id: d.id, heldAt: new Date().toISOString(), mediators: [{ kind: 'police', name: '民警乙' }], summary: '双方各执一词', result: 'continued' }, 'worker');
    expect(one.state).toBe('mediating');
    const missing = await svc().refusal(RecordMediationSession, { id: d.id, heldAt: new Date().toISOString(), mediators: [{ kind: 'judicial_worker', name: '司法所丙' }], summary: '达成一致', result: 'agreement' }, 'worker');
    expect(missing.code).toBe(CommonErrorCode.ValidationFailed);
    expect(missing.message).toMatch(/agreementTerms/);
    const two = await svc().call(
      RecordMediationSession,
      { id: d.id, heldAt: new Date().toISOString(), mediators: [{ kind: 'judicial_worker', name: '司法所丙' }], summary: '达成一致', result: 'agreement', agreementTerms: '楼上住户负责维修并赔偿800元', settledLevel: 'grid' },
      'worker',
    );
    expect(two).toMatchObject({ state: 'settled', settledLevel: 'grid', agreementTerms: '楼上住户负责维修并赔偿800元' });
    expect(two.mediators.map((m) => m.kind)).toEqual(['grid_mediator', 'police', 'judicial_worker']);
    expect(two.sessions).toHaveLength(2);
    const [settled] = await svc().outbox('petitions.dispute.settled');
    expect(settled.data).toMatchObject({ disputeId: d.id, level: 'grid', sessions: 2 });
    expect((await svc().call(CloseDispute, { id: d.id }, 'worker')).state).toBe('closed');
  });

  it('refers a failed dispute and refuses a dispute with one party', async () => {
    expect(await svc().invalidField(OpenDispute, { type: 'labour', summary: '工资结算争议', gridPath: G3, parties: [{ name: '甲' }] }, 'petitions')).toBe('parties');
    const d = await svc().call(OpenDispute, { type: 'labour', summary: '工资结算争议', gridPath: G3, parties: [{ name: '马超' }, { name: '某公司' }] }, 'petitions');
    const failed = await svc().call(
      RecordMediationSession,
      { id: d.id, heldAt: new Date().toISOString(), mediators: [{ kind: 'judicial_worker', name: '司法所丙' }], summary: '企业拒不让步', result: 'failed', failureReason: '双方分歧过大', referredTo: '区劳动人事争议仲裁委员会' },
      'petitions',
    );
    expect(failed).toMatchObject({ state: 'referred', referredTo: '区劳动人事争议仲裁委员会' });
  });

  const dispatched = (incidentId: string, data: Record<string, unknown>): DomainEvent<Record<string, unknown>> => ({
    id: randomUUID(),
    type: OfficeEvents.IncidentDispatched,
    source: 'office',
    occurredAt: new Date().toISOString(),
    gridPath: G3,
    data: { incidentId, gridPath: G3, gridId: null, unit: 'petitions', ...data },
  });
  const casesOf = async (incidentId: string) =>
    (await svc().ds.query(`SELECT type FROM petitions.outbox WHERE event->'data'->>'incidentId' = $1 ORDER BY created_at`, [incidentId])).map((r: { type: string }) => r.type);

  it('opens a petition for a published office.incident.dispatched event and emits petitions.case.opened, once', async () => {
    const incidentId = randomUUID();
    const event = dispatched(incidentId, {
      code: 'BTQ-2025-000101',
      title: '居民反映小区物业长期不作为',
      keyArea: 'petitions_stability',
      category: 'general_complaint',
      state: 'dispatched',
      fromState: 'registered',
      source: 'hotline_12345',
      reportedById: null,
      departmentId: null,
      location: null,
      address: '宝塔桥东街12号',
      deadline: null,
      reportedAt: new Date().toISOString(),
      reworkCount: 0,
    });
    await svc().publish(event);
    // The same incident published again under a new event id (a second dispatch) opens nothing new.
    await svc().publish({ ...event, id: randomUUID() }, randomUUID());
    // Another unit's dispatch is ignored.
    await svc().publish({ ...event, id: randomUUID(), data: { ...event.data, incidentId: randomUUID(), unit: 'social' } }, null);

    const petitionRow = await eventually(async () => {
      const rows = await svc().ds.query(`SELECT id, channel, state, owner_id FROM petitions.petitions WHERE incident_id = $1`, [incidentId]);
      expect(rows).toHaveLength(1);
      return rows[0];
    });
    expect(petitionRow).toMatchObject({ channel: 'office_dispatch', state: 'received', owner_id: null });
    const opened = await eventually(async () => {
      const mine = (await svc().outbox<{ incidentId: string }>('petitions.case.opened')).filter((e) => e.data.incidentId === incidentId);
      expect(mine).toHaveLength(1);
      return mine[0];
    });
    expect(opened.data).toMatchObject({ unit: 'petitions', caseId: petitionRow.id, caseType: 'petition' });
    // ... and it reaches JetStream (the relay published it).
    const jsm = await svc().nats.jetstreamManager();
    const msg = await eventually(() => jsm.streams.getMessage('GRID122_EVENTS', { last_by_subj: 'evt.petitions.case.opened' }));
    expect(JSON.parse(new TextDecoder().decode(msg.data)).data.incidentId).toBe(incidentId);

    // The first member who acts becomes the owner; a reply emits petitions.case.handled.
    const acc = await svc().call(AcceptPetition, { id: petitionRow.id }, 'petitions');
    expect(acc.owner).toMatchObject({ name: 'petitions' });
    await svc().call(ReplyPetition, { id: petitionRow.id, reply: '已约谈物业公司限期整改' }, 'petitions');
    await svc().call(ClosePetition, { id: petitionRow.id }, 'petitions');
    const types = await casesOf(incidentId);
    expect(types).toEqual(expect.arrayContaining(['petitions.petition.received', 'petitions.case.opened', 'petitions.case.handled', 'petitions.petition.replied', 'petitions.case.closed']));
    expect(types.filter((t: string) => t === 'petitions.case.opened')).toHaveLength(1);
  });

  it('opens a dispute case for a dispute category and returns it to the office', async () => {
    const incidentId = randomUUID();
    await svc().publish(dispatched(incidentId, { code: 'BTQ-2025-000102', title: '邻里噪音纠纷', keyArea: 'petitions_stability', category: 'neighbour_dispute', address: null }));
    const d = await eventually(async () => {
      const rows = await svc().ds.query(`SELECT id, type, state FROM petitions.disputes WHERE incident_id = $1`, [incidentId]);
      expect(rows).toHaveLength(1);
      return rows[0];
    });
    expect(d).toMatchObject({ type: 'neighbour', state: 'open' });
    expect((await svc().call(ReturnDispute, { id: d.id, reason: '属物业管理范畴，非纠纷' }, 'petitions')).state).toBe('returned');
    const returned = (await svc().outbox<{ incidentId: string }>('petitions.case.returned')).filter((e) => e.data.incidentId === incidentId);
    expect(returned[0].data).toMatchObject({ caseType: 'dispute', note: '属物业管理范畴，非纠纷' });
  });
});
