import { randomUUID } from 'node:crypto';
import { binaryBody, startSuite, STREET, Suite } from './support/suite';

const G3 = `${STREET}.c01.g2_01.g3_01`;

/**
 * The petitions group's routes as the gateway serves them: who may call which (roles at the edge),
 * the input validated at the edge naming the field, the service's codes as HTTP statuses, path
 * parameters into the request, query flags read as booleans, the caller the gateway vouches for
 * (its display name) and the XLSX download. One smoke per route group; the petitions service's own
 * rules are tested in apps/petitions/test (petitions.e2e-spec.ts, registers.e2e-spec.ts).
 */
describe('petitions routes (gateway)', () => {
  let suite: Suite;
  const as = async (user: string) => `Bearer ${await suite.token(user)}`;
  const post = async (user: string, url: string, body: object) => suite.http().post(url).set('authorization', await as(user)).send(body);
  const get = async (user: string, url: string) => suite.http().get(url).set('authorization', await as(user));
  const who = { name: '王建国', idNumber: '320106198001011234', phone: '13912345678' };
  const petition = (over: object = {}) => ({ channel: 'visit', petitionerKind: 'person', petitioner: who, matter: 'wage_arrears', summary: '某装修公司拖欠三个月工资', gridPath: G3, ...over });

  beforeAll(async () => {
    suite = await startSuite({ services: ['petitions'] });
  });
  afterAll(async () => {
    await suite?.stop();
  });

  it('registers (201) as the logged-in member, masked; 400 names the field before the service is asked', async () => {
    const res = await post('petitions', '/api/v1/petitions', petition());
    expect(res.status).toBe(201);
    expect(res.body.owner.name).toBe('petitions');
    expect(res.body.petitioner).toMatchObject({ name: '王**', masked: true });
    const bad = await post('petitions', '/api/v1/petitions', petition({ channel: 'office_dispatch' }));
    expect(bad.status).toBe(400);
    expect(bad.body.details.fields[0].field).toBe('channel');
  });

  it('answers the :id routes with the service codes as statuses', async () => {
    const p = (await post('petitions', '/api/v1/petitions', petition({ petitioner: { name: '周杰', phone: '13600000000' }, matter: 'environment' }))).body;
    expect((await post('petitions', `/api/v1/petitions/${p.id}/accept`, { note: '符合受理条件' })).status).toBe(200);
    expect((await post('petitions', `/api/v1/petitions/${p.id}/extend`, { days: 31, reason: '情况复杂需调查' })).status).toBe(400);
    expect((await post('petitions', `/api/v1/petitions/${p.id}/extend`, { days: 30, reason: '情况复杂需调查' })).status).toBe(200);
    const twice = await post('petitions', `/api/v1/petitions/${p.id}/extend`, { days: 5, reason: '再次延期' });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('PETITIONS_ALREADY_EXTENDED');
  });

  it('gates reveals and the audit by role, and answers scope as 404 and 403', async () => {
    const p = (await post('petitions', '/api/v1/petitions', petition({ petitioner: { name: '吴芳', idNumber: '320106199002023456', phone: '13312345678' }, matter: 'urban_management' }))).body;
    expect((await get('worker', `/api/v1/petitions/${p.id}`)).status).toBe(200);
    expect((await post('worker', `/api/v1/petitions/${p.id}/reveal`, { reason: '想看看' })).status).toBe(403);
    expect((await post('petitions', `/api/v1/petitions/${p.id}/reveal`, {})).status).toBe(400);
    expect((await post('petitions', `/api/v1/petitions/${p.id}/reveal`, { reason: '电话回访信访人' })).body.petitioner.masked).toBe(false);
    const audit = await get('auditor', `/api/v1/petitions/identity-audit?subjectId=${p.id}`);
    expect(audit.status).toBe(200);
    expect(audit.body.items).toHaveLength(1);
    expect((await get('other-commander', `/api/v1/petitions/${p.id}`)).status).toBe(404);
    const out = await post('petitions', '/api/v1/petitions', petition({ gridPath: 'nj.gulou.nhj.c01' }));
    expect(out.status).toBe(403);
    expect(out.body.code).toBe('PETITIONS_OUT_OF_SCOPE');
  });

  it('lists with query flags read as booleans, and takes disputes through their routes', async () => {
    const big = (await post('petitions', '/api/v1/petitions', petition({ petitionerKind: 'group', headcount: 12, matter: 'demolition_compensation', petitioner: { name: '李秀英', phone: '13800001111' } }))).body;
    expect((await get('commander', '/api/v1/petitions?collective=true')).body.items.map((p: { id: string }) => p.id)).toEqual([big.id]);
    expect((await get('commander', '/api/v1/petitions/overdue')).status).toBe(200);
    const one = await post('petitions', '/api/v1/disputes', { type: 'labour', summary: '工资结算争议', gridPath: G3, parties: [{ name: '甲' }] });
    expect(one.status).toBe(400);
    expect(one.body.details.fields[0].field).toBe('parties');
    const d = await post('worker', '/api/v1/disputes', { type: 'neighbour', summary: '楼上漏水致楼下天花板受损', gridPath: G3, parties: [{ name: '张伟' }, { name: '黄磊', side: 'respondent' }] });
    expect(d.status).toBe(201);
    const s = await post('worker', `/api/v1/disputes/${d.body.id}/sessions`, { heldAt: new Date().toISOString(), mediators: [{ kind: 'police', name: '民警乙' }], summary: '双方各执一词', result: 'continued' });
    expect(s.body.state).toBe('mediating');
  });

  it('serves the registers: receptions by :id/slots/:slotId, special populations with the XLSX, floating population, warnings, meetings, figures', async () => {
    const p = (await post('petitions', '/api/v1/petitions', petition({ petitioner: { name: '林涛', phone: '13811110001' } }))).body;
    const startsAt = new Date(Date.now() + 3 * 86_400_000);
    const reception = { kind: 'appointment', leaderName: '分管副主任', leaderTitle: 'member_in_charge', topic: '住房保障专题预约接访', gridPath: STREET, startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 3600_000).toISOString(), slotMinutes: 30, publish: true };
    const rec = await post('petitions', '/api/v1/receptions', reception);
    expect(rec.status).toBe(201);
    const booked = await post('petitions', `/api/v1/receptions/${rec.body.id}/slots/${rec.body.slots[0].id}/book`, { petitionId: p.id });
    expect(booked.status).toBe(200);
    expect(booked.body.slots[0].petitionId).toBe(p.id);
    expect((await get('commander', '/api/v1/receptions?upcoming=true')).body.items.map((r: { id: string }) => r.id)).toContain(rec.body.id);

    const person = await post('petitions', '/api/v1/special-populations', { category: 'community_corrections', identity: { name: '郭明', phone: '13922223333' }, gridPath: G3, riskLevel: 'high', registeredAt: new Date(Date.now() - 10 * 86_400_000).toISOString() });
    expect(person.status).toBe(201);
    expect((await get('worker', '/api/v1/special-populations/overdue')).body.items.map((x: { id: string }) => x.id)).toEqual([person.body.id]);
    expect((await post('worker', `/api/v1/special-populations/${person.body.id}/reveal`, { reason: '入户走访需要核对身份' })).status).toBe(403);
    expect((await post('petitions', '/api/v1/special-populations/export', {})).status).toBe(400);
    const xlsx = await suite.http().post('/api/v1/special-populations/export').set('authorization', await as('petitions')).send({ reason: '报送区综治中心季度核查' }).buffer(true).parse(binaryBody);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['content-type']).toMatch(/spreadsheetml/);
    expect((xlsx.body as Buffer).subarray(0, 2).toString()).toBe('PK');

    const floating = await post('worker', '/api/v1/floating-population', { identity: { name: '韦小宝' }, buildingId: randomUUID(), gridPath: G3, arrivedOn: '2025-03-01' });
    expect(floating.status).toBe(201);
    expect((await post('worker', `/api/v1/floating-population/${floating.body.id}/leave`, { leftOn: '2025-06-30' })).status).toBe(200);
    expect((await get('worker', `/api/v1/floating-population?buildingId=${floating.body.buildingId}&present=false`)).body.total).toBe(1);

    const warning = { level: 1, reasonKind: 'holiday', reason: '春节期间', startsAt: new Date().toISOString(), endsAt: new Date(Date.now() + 86_400_000).toISOString(), gridPaths: [G3] };
    expect((await post('worker', '/api/v1/stability-warnings', warning)).status).toBe(403);
    expect((await post('commander', '/api/v1/stability-warnings', warning)).status).toBe(201);
    expect((await get('worker', '/api/v1/stability-warnings/current')).body.highestLevel).toBe(1);
    // the warned grids acknowledge: the community workstation's route for the grid under its community
    const warned = (await get('commander', '/api/v1/stability-warnings/current')).body.items[0];
    expect((await post('community', `/api/v1/stability-warnings/${warned.id}/acknowledge`, { note: '社区已部署排查' })).body.unacknowledged).toBe(0);
    const meeting = await post('petitions', '/api/v1/stability-meetings', { heldOn: '2025-01-06', gridPath: STREET, chair: 'x', attendees: [{ name: 'a', role: 'b' }], topics: '研判', decisions: [] });
    expect(meeting.status).toBe(400);
    expect(meeting.body.details.fields[0].field).toBe('attendees');
    const figures = await get('commander', '/api/v1/petitions/figures?from=2025-13');
    expect(figures.status).toBe(400);
    expect(figures.body.details.fields[0].field).toBe('from');
  });
});
