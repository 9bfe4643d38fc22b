import { randomUUID } from 'node:crypto';
import { streetToday } from '@grid122/calendar';
import { DataSource } from 'typeorm';
import { startSuite, STREET, Suite } from './support/suite';

const G3 = `${STREET}.c01.g2_01.g3_01`; // inside the community account's 宝塔桥东街社区 (c01)
const G3C = `${STREET}.c02.g2_05.g3_20`; // another community

describe("residents' points (居民积分, #25 item 5) through the gateway", () => {
  let suite: Suite;
  let ds: DataSource;
  const as = async (user: string) => ({ authorization: `Bearer ${await suite.token(user)}` });
  const post = async (user: string, url: string, body: unknown, key?: string) => {
    const req = suite.http().post(url).set(await as(user));
    if (key) req.set('Idempotency-Key', key);
    return req.send(body as object);
  };
  const get = async (user: string, url: string) => suite.http().get(url).set(await as(user));
  const today = () => streetToday();

  beforeAll(async () => {
    suite = await startSuite({ services: ['social-services'] });
    ds = await suite.dataSource('social-services');
  });
  afterAll(async () => {
    await suite?.stop();
  });

  it('lets the community award a resident points for participation (one ledger row per award, idempotent) and exchange them', async () => {
    const r = await post('community', '/api/v1/resident-points', { name: '陈桂兰', phone: '13955556666', gridPath: G3 });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ name: '陈桂兰', phone: '139****6666', gridPath: G3, points: { balance: 0, earned: 0, spent: 0 } });
    const raw = await ds.query(`SELECT phone_enc FROM social.resident_holders WHERE id = $1`, [r.body.id]);
    expect(raw[0].phone_enc).not.toContain('1395555');

    const key = randomUUID();
    const award = { activity: '垃圾分类宣传', activityDate: today(), points: 30 };
    const first = await post('community', `/api/v1/resident-points/${r.body.id}/awards`, award, key);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ residentId: r.body.id, delta: 30, balanceAfter: 30, reason: 'activity', activityDate: today(), note: '垃圾分类宣传', balance: 30 });
    const replay = await post('community', `/api/v1/resident-points/${r.body.id}/awards`, award, key);
    expect(replay.body.id).toBe(first.body.id);
    expect((await ds.query(`SELECT count(*)::int AS n FROM social.points_ledger WHERE resident_id = $1`, [r.body.id]))[0].n).toBe(1);
    expect((await post('social', `/api/v1/resident-points/${r.body.id}/awards`, { activity: '楼道清理', activityDate: today(), points: 20 })).status).toBe(201);

    // the community sees only its own residents; a grid worker cannot award
    const other = await post('social', '/api/v1/resident-points', { name: '外社区居民', gridPath: G3C });
    expect(other.status).toBe(201);
    expect((await post('community', `/api/v1/resident-points/${other.body.id}/awards`, award)).status).toBe(404);
    expect((await post('worker', `/api/v1/resident-points/${r.body.id}/awards`, award)).status).toBe(403);
    expect((await get('district', `/api/v1/resident-points/${r.body.id}`)).body.name).toBe('陈**');

    const item = await post('social', '/api/v1/supermarket/items', { code: 'soap-r', name: '洗衣皂', unit: '块', pointPrice: 15, unitValueCents: 500 });
    await post('social', '/api/v1/supermarket/stock', { itemId: item.body.id, kind: 'purchase', quantity: 10, cashCents: 5000 });
    const ex = await post('social', '/api/v1/supermarket/exchanges', { residentId: r.body.id, itemId: item.body.id, quantity: 2 });
    expect(ex.status).toBe(201);
    expect(ex.body).toMatchObject({ residentId: r.body.id, volunteerId: null, volunteerName: '陈桂兰', points: 30, pointsBalanceAfter: 20, stockAfter: 8 });
    const holder = await get('community', `/api/v1/resident-points/${r.body.id}`);
    expect(holder.status).toBe(200);
    expect(holder.body.points).toEqual({ balance: 20, earned: 50, spent: 30 });
    expect(holder.body.ledger.map((l: { delta: number; reason: string }) => [l.delta, l.reason])).toEqual([[-30, 'exchange'], [20, 'activity'], [30, 'activity']]);
    const listed = await get('social', `/api/v1/supermarket/exchanges?residentId=${r.body.id}`);
    expect(listed.body.items).toHaveLength(1);
    expect(listed.body.items[0]).toMatchObject({ residentId: r.body.id, volunteerName: '陈桂兰', pointsBalanceAfter: 20 });
  });

  it('never oversells stock nor overdraws points under concurrent exchanges by residents', async () => {
    const item = await post('social', '/api/v1/supermarket/items', { code: 'eggs-r', name: '鸡蛋一盒', unit: '盒', pointPrice: 10, unitValueCents: 1500 });
    await post('social', '/api/v1/supermarket/stock', { itemId: item.body.id, kind: 'purchase', quantity: 6, cashCents: 9000 });
    const rich: string[] = [];
    for (let i = 0; i < 2; i++) {
      const r = await post('community', '/api/v1/resident-points', { name: `居民${i}`, gridPath: G3 });
      await post('community', `/api/v1/resident-points/${r.body.id}/awards`, { activity: '志愿巡逻', activityDate: today(), points: 100 });
      rich.push(r.body.id);
    }
    const poor = await post('community', '/api/v1/resident-points', { name: '积分少的居民', gridPath: G3 });
    await post('community', `/api/v1/resident-points/${poor.body.id}/awards`, { activity: '议事会', activityDate: today(), points: 25 });

    const token = await as('social');
    const send = (residentId: string) => suite.http().post('/api/v1/supermarket/exchanges').set(token).send({ residentId, itemId: item.body.id, quantity: 1 });
    // 10 from the poor resident (25 points: at most 2) and 10 from the rich ones, for 6 boxes
    const results = await Promise.all([...Array.from({ length: 10 }, () => send(poor.body.id)), ...Array.from({ length: 10 }, (_, i) => send(rich[i % 2]))]);
    const ok = results.filter((x) => x.status === 201);
    expect(ok).toHaveLength(6);
    expect(results.filter((x) => x.status !== 201).every((x) => x.status === 409 && ['SOCIAL_OUT_OF_STOCK', 'SOCIAL_INSUFFICIENT_POINTS'].includes(x.body.code))).toBe(true);
    expect((await get('social', '/api/v1/supermarket/items')).body.items.find((i: { id: string }) => i.id === item.body.id).stock).toBe(0);
    const poorNow = await get('social', `/api/v1/resident-points/${poor.body.id}`);
    expect(poorNow.body.points.balance).toBeGreaterThanOrEqual(0);
    expect(poorNow.body.points.spent).toBeLessThanOrEqual(20);
    const all = [poor.body.id, ...rich];
    const sums = await ds.query(`SELECT sum(points_spent)::int AS spent, sum(points_balance)::int AS balance, min(points_balance)::int AS min FROM social.resident_holders WHERE id = ANY($1)`, [all]);
    expect(sums[0]).toMatchObject({ spent: 60, balance: 165 });
    expect(sums[0].min).toBeGreaterThanOrEqual(0);
    const ledger = await ds.query(`SELECT sum(delta)::int AS s FROM social.points_ledger WHERE resident_id = ANY($1)`, [all]);
    expect(ledger[0].s).toBe(165);
    const exchanged = await ds.query(`SELECT count(*)::int AS n FROM social.exchanges WHERE item_id = $1`, [item.body.id]);
    expect(exchanged[0].n).toBe(6);
  });

  it('answers a bad request with a 4xx naming the field', async () => {
    const r = await post('community', '/api/v1/resident-points', { name: '王大妈', gridPath: G3 });
    const noPoints = await post('community', `/api/v1/resident-points/${r.body.id}/awards`, { activity: '垃圾分类宣传', activityDate: today(), points: 0 });
    expect(noPoints.status).toBe(400);
    expect(JSON.stringify(noPoints.body)).toContain('points');
    const future = await post('community', `/api/v1/resident-points/${r.body.id}/awards`, { activity: '垃圾分类宣传', activityDate: '2999-01-01', points: 5 });
    expect(future.status).toBe(400);
    expect(JSON.stringify(future.body)).toContain('activityDate');
    const noGrid = await post('community', '/api/v1/resident-points', { name: '无网格' });
    expect(noGrid.status).toBe(400);
    expect(JSON.stringify(noGrid.body)).toContain('gridPath');
    const both = await post('social', '/api/v1/supermarket/exchanges', { residentId: r.body.id, volunteerId: randomUUID(), itemId: randomUUID(), quantity: 1 });
    expect(both.status).toBe(400);
    expect(JSON.stringify(both.body)).toContain('residentId');
    const neither = await post('social', '/api/v1/supermarket/exchanges', { itemId: randomUUID(), quantity: 1 });
    expect(neither.status).toBe(400);
    expect(JSON.stringify(neither.body)).toContain('volunteerId');
  });

  it("puts the residents' points on the board: the hub's social panel counts what the holders' ledgers hold", async () => {
    const COMPOUND = `${STREET}.c03.g2_09`; // a compound no other test awards in
    const item = await post('social', '/api/v1/supermarket/items', { code: 'towel-r', name: '毛巾', unit: '条', pointPrice: 12, unitValueCents: 800 });
    await post('social', '/api/v1/supermarket/stock', { itemId: item.body.id, kind: 'purchase', quantity: 5, cashCents: 4000 });
    const ids: string[] = [];
    for (const [i, points] of [40, 25, 18].entries()) {
      const r = await post('social', '/api/v1/resident-points', { name: `楼道居民${i}`, gridPath: `${COMPOUND}.g3_0${i + 1}` });
      expect(r.status).toBe(201);
      expect((await post('social', `/api/v1/resident-points/${r.body.id}/awards`, { activity: '楼道清理', activityDate: today(), points })).status).toBe(201);
      ids.push(r.body.id);
    }
    expect((await post('social', '/api/v1/supermarket/exchanges', { residentId: ids[0], itemId: item.body.id, quantity: 3 })).status).toBe(201);

    const holders = await Promise.all(ids.map(async (id) => (await get('social', `/api/v1/resident-points/${id}`)).body.points));
    const hub = await get('social', `/api/v1/hub?root=${COMPOUND}&period=today`);
    expect(hub.status).toBe(200);
    expect(hub.body.panels.social.status).toBe('ok');
    expect(hub.body.panels.social.figures).toMatchObject({
      residentHolders: ids.length,
      residentPointsEarned: holders.reduce((s, p) => s + p.earned, 0),
      residentPointsSpent: holders.reduce((s, p) => s + p.spent, 0),
      // the volunteers' points are their own figures
      pointsEarned: 0,
      pointsSpent: 0,
    });
    expect(hub.body.panels.social.figures).toMatchObject({ residentPointsEarned: 83, residentPointsSpent: 36 });
    expect(hub.body.labels.residentPointsEarned).toEqual({ zh: '居民积分发放', en: "Residents' points earned" });
  });
});
