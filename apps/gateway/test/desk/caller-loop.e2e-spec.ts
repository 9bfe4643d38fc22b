import { hashApiKey } from '../../../identity/src/account/account.repository';
import { Desk, scope, startDesk } from './desk-support';

/**
 * The loop to the caller (issue 23 item 6) with the demo street's accounts against the real office
 * and registry: the satisfaction route (edge role, 400 naming the field, 409), and end to end
 * through Open311 — the completion reply (办结回复) in `status_notes` and the update feed, the
 * resident's 不满意 as attribute[satisfaction] reopening the case, an update replayed once. The
 * office's rules of the reply and the answer (once per closure, 不满意 as rework, the composed
 * reply) are tested in its folder: apps/office/test/desk/caller-loop.ts.
 */
const KEY = 'desk-hotline-platform-key';

describe('desk: the loop to the caller (办结回复, 满意度)', () => {
  let desk: Desk;
  let n = 0;
  const get = async (id: string, who = 'commander') => (await desk.suite.http().get(`/api/v1/incidents/${id}`).set(await desk.login(who)).expect(200)).body;
  /** A report by the grid worker in its own grid, taken to verified at the action paths. */
  const toVerified = async () => {
    n += 1;
    const i = await desk.report('worker', { source: 'grid_patrol', title: `井盖破损 ${n}`, keyArea: 'other', category: 'exposed_rubbish', location: desk.pointIn(scope.gridWorker.path) });
    const steps: [string, string, Record<string, unknown>?][] = [['register', 'commander'], ['dispatch', 'commander', { unit: 'enforcement' }], ['accept', 'enforcement'], ['handle', 'enforcement', { result: '已更换井盖' }], ['verify', 'worker']];
    for (const [action, who, body] of steps) await desk.act(i.id, action, who, body);
    return i;
  };
  const rate = async (id: string, who: string, body: Record<string, unknown>, status = 200) => {
    const res = await desk.suite.http().post(`/api/v1/incidents/${id}/satisfaction`).set(await desk.login(who)).set('idempotency-key', `rate-${id}-${Math.random()}`).send(body);
    if (res.status !== status) throw new Error(`satisfaction by ${who}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };

  beforeAll(async () => {
    desk = await startDesk();
    const ds = await desk.suite.dataSource('gateway');
    await ds.query(`INSERT INTO identity.api_keys (name, key_hash, scope) VALUES ('12345热线平台', $1, $2)`, [hashApiKey(KEY), scope.streetPath]);
  }, 240_000);
  afterAll(() => desk?.suite.stop());

  it('the satisfaction route: the reporter answers once at its path; a unit is refused; 400 naming the field, 409 from the code', async () => {
    const i = await toVerified();
    const closed = await desk.act(i.id, 'close', 'commander', { closureType: 'fixed', reply: '您反映的井盖破损问题已于今日更换新井盖，感谢您的反映！' });
    expect(closed).toMatchObject({ state: 'closed', completionReply: '您反映的井盖破损问题已于今日更换新井盖，感谢您的反映！', satisfaction: null });
    // The worker's phone reads the reply on the incident it reported.
    expect((await get(i.id, 'worker')).completionReply).toBe('您反映的井盖破损问题已于今日更换新井盖，感谢您的反映！');

    await rate(i.id, 'enforcement', { answer: 'satisfied' }, 403);
    const bad = await rate(i.id, 'worker', { answer: '还行' }, 400);
    expect(JSON.stringify(bad)).toContain('answer');
    await rate('not-a-uuid', 'worker', { answer: 'satisfied' }, 400);
    const answered = await rate(i.id, 'worker', { answer: 'satisfied', comment: '很及时' });
    expect(answered).toMatchObject({ id: i.id, state: 'closed', satisfaction: 'satisfied', satisfactionLabel: { zh: '满意' }, reopened: false });
    const again = await rate(i.id, 'worker', { answer: 'dissatisfied' }, 409);
    expect(again).toMatchObject({ code: 'OFFICE_SATISFACTION_ANSWERED' });
  });

  it('Open311: status_notes and the update feed carry the reply; the resident answers 不满意 with attribute[satisfaction], which reopens', async () => {
    const start = new Date(Date.now() - 1000).toISOString();
    const posted = await desk.suite
      .http()
      .post('/open311/v2/requests.json')
      .type('form')
      .send({ api_key: KEY, service_code: 'exposed_rubbish', ...(() => { const p = desk.pointIn(scope.gridWorker.path); return { lat: String(p.lat), long: String(p.lng) }; })(), description: '路灯下垃圾堆放', first_name: '王', last_name: '阿姨' })
      .expect(201);
    const id = posted.body[0].service_request_id;
    await desk.act(id, 'register', 'commander');
    await desk.act(id, 'dispatch', 'commander', { unit: 'enforcement' });
    await desk.act(id, 'accept', 'enforcement');
    await desk.act(id, 'handle', 'enforcement', { result: '垃圾已清运' });
    await desk.act(id, 'verify', 'commander');
    await desk.act(id, 'close', 'commander', { closureType: 'fixed', reply: '王阿姨您好，路灯下的垃圾已清运完毕，并安排保洁每日巡查。' });

    const request = (await desk.suite.http().get(`/open311/v2/requests/${id}.json?api_key=${KEY}`).expect(200)).body[0];
    expect(request).toMatchObject({ status: 'closed', status_notes: '王阿姨您好，路灯下的垃圾已清运完毕，并安排保洁每日巡查。' });
    const updates = (await desk.suite.http().get(`/open311/v2/servicerequestupdates.json?api_key=${KEY}&start_date=${encodeURIComponent(start)}`).expect(200)).body;
    const closing = updates.filter((u: { service_request_id: string; status: string }) => u.service_request_id === id && u.status === 'fixed');
    expect(closing.map((u: { description: string }) => u.description)).toContain('王阿姨您好，路灯下的垃圾已清运完毕，并安排保洁每日巡查。');

    const bad = await desk.suite.http().post('/open311/v2/servicerequestupdates.json').type('form').send({ api_key: KEY, service_request_id: id, update_id: 'fms-1', status: 'CLOSED', 'attribute[satisfaction]': '一般' }).expect(400);
    expect(JSON.stringify(bad.body)).toContain('attribute[satisfaction]');
    await desk.suite
      .http()
      .post('/open311/v2/servicerequestupdates.json')
      .type('form')
      .send({ api_key: KEY, service_request_id: id, update_id: 'fms-2', status: 'CLOSED', description: '垃圾又堆起来了', 'attribute[satisfaction]': '不满意' })
      .expect(201);
    const after = await get(id);
    expect(after).toMatchObject({ state: 'in_progress', reworkCount: 1, satisfaction: null });
    expect(after.history.map((h: { action: string; byRole: string }) => `${h.action}:${h.byRole}`)).toEqual(expect.arrayContaining(['comment:resident', 'satisfaction:resident', 'reopen:resident']));
    // The same update again answers the first, with no second answer.
    await desk.suite.http().post('/open311/v2/servicerequestupdates.json').type('form').send({ api_key: KEY, service_request_id: id, update_id: 'fms-2', status: 'CLOSED', description: '垃圾又堆起来了', 'attribute[satisfaction]': '不满意' }).expect((r) => expect(r.status).toBeLessThan(300));
    expect((await get(id)).history.filter((h: { action: string }) => h.action === 'satisfaction')).toHaveLength(1);
  });
});
