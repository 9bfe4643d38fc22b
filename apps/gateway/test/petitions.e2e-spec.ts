import { randomUUID } from 'node:crypto';
import { startSuite, STREET, Suite } from './support/suite';

const G3 = `${STREET}.c01.g2_01.g3_01`;

/**
 * The petitions routes as the gateway serves them: who may call which (roles at the edge), the
 * input validated at the edge naming the field, the service's codes as HTTP statuses, path
 * parameters into the request, and the caller the gateway vouches for (its display name). The
 * petitions service's own behaviour is tested in apps/petitions/test/petitions.e2e-spec.ts.
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

  it('runs accept → extend → reply → close through the :id routes, with the service codes as statuses', async () => {
    const p = (await post('petitions', '/api/v1/petitions', petition({ petitioner: { name: '周杰', phone: '13600000000' }, matter: 'environment' }))).body;
    expect((await post('petitions', `/api/v1/petitions/${p.id}/accept`, { note: '符合受理条件' })).status).toBe(200);
    expect((await post('petitions', `/api/v1/petitions/${p.id}/extend`, { days: 31, reason: '情况复杂需调查' })).status).toBe(400);
    expect((await post('petitions', `/api/v1/petitions/${p.id}/extend`, { days: 30, reason: '情况复杂需调查' })).status).toBe(200);
    const twice = await post('petitions', `/api/v1/petitions/${p.id}/extend`, { days: 5, reason: '再次延期' });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('PETITIONS_ALREADY_EXTENDED');
    const newOwner = randomUUID();
    expect((await post('commander', `/api/v1/petitions/${p.id}/handover`, { toId: newOwner, toName: '刘洋', reason: '调岗，交由刘洋负责' })).status).toBe(200);
    const notOwner = await post('petitions', `/api/v1/petitions/${p.id}/reply`, { reply: '经调查，已责令整改' });
    expect(notOwner.status).toBe(403);
    expect(notOwner.body.code).toBe('PETITIONS_NOT_OWNER');
    expect((await post('commander', `/api/v1/petitions/${p.id}/reply`, { reply: '经调查，已责令企业整改' })).body.state).toBe('replied');
    expect((await post('commander', `/api/v1/petitions/${p.id}/close`, {})).body.state).toBe('closed');
    const illegal = await post('commander', `/api/v1/petitions/${p.id}/accept`, {});
    expect(illegal.status).toBe(409);
    expect(illegal.body.code).toBe('ILLEGAL_TRANSITION');
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
    expect((await get('social', '/api/v1/petitions')).status).toBe(403);
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
});
