import { randomUUID } from 'node:crypto';
import { streetCalendar, streetToday } from '@grid122/calendar';
import {
  AwardResidentPoints, CommonErrorCode, CreateSupermarketItem, ExchangePoints, GetResidentHolder, HUB_FIGURE_LABELS, ListPointExchanges, ListSupermarketItems,
  MoveSupermarketStock, RegisterResidentHolder, SocialErrorCode, SocialHub,
} from '@grid122/contracts';
import { serviceUnderTest, TEST_STREET } from '@grid122/testing';
import { AppModule } from '../src/app.module';
import { dataSourceOptions } from '../src/database/data-source';

jest.setTimeout(120_000);

const G3 = `${TEST_STREET}.c01.g2_01.g3_01`; // inside the community actor's 宝塔桥东街社区 (c01)
const G3C = `${TEST_STREET}.c02.g2_05.g3_20`; // another community

/**
 * Residents' points (居民积分, #25 item 5) through the social service's contracts: the community
 * awards points for participation (one ledger row per award, the Idempotency-Key's first answer
 * replayed), residents spend them at the love supermarket (爱心超市) without overselling or
 * overdrawing, and the hub's social panel counts what the ledgers hold. The routes (roles at the
 * edge, statuses, the Idempotency-Key header) are the gateway's social spec.
 */
describe("residents' points (居民积分) service", () => {
  const svc = serviceUnderTest({ app: 'social-services', module: () => AppModule.forRoot(), dataSource: dataSourceOptions });
  const today = () => streetToday();
  const stockedItem = async (code: string, name: string, pointPrice: number, quantity: number) => {
    const item = await svc().call(CreateSupermarketItem, { code, name, unit: '件', pointPrice, unitValueCents: 500 }, 'social');
    await svc().call(MoveSupermarketStock, { itemId: item.id, kind: 'purchase', quantity, cashCents: quantity * 500 }, 'social');
    return item;
  };

  it('lets the community award a resident points for participation (one ledger row per award, idempotent) and exchange them', async () => {
    const r = await svc().call(RegisterResidentHolder, { name: '陈桂兰', phone: '13955556666', gridPath: G3 }, 'community');
    expect(r).toMatchObject({ name: '陈桂兰', phone: '139****6666', gridPath: G3, points: { balance: 0, earned: 0, spent: 0 } });
    const raw = await svc().ds.query(`SELECT phone_enc FROM social.resident_holders WHERE id = $1`, [r.id]);
    expect(raw[0].phone_enc).not.toContain('1395555');

    const key = randomUUID();
    const award = { residentId: r.id, activity: '垃圾分类宣传', activityDate: today(), points: 30 };
    const first = await svc().call(AwardResidentPoints, award, 'community', { idempotencyKey: key });
    expect(first).toMatchObject({ residentId: r.id, delta: 30, balanceAfter: 30, reason: 'activity', activityDate: today(), note: '垃圾分类宣传', balance: 30 });
    const replay = await svc().call(AwardResidentPoints, award, 'community', { idempotencyKey: key });
    expect(replay.id).toBe(first.id);
    expect((await svc().ds.query(`SELECT count(*)::int AS n FROM social.points_ledger WHERE resident_id = $1`, [r.id]))[0].n).toBe(1);
    // the same key with another body is refused, not answered from the first
    expect((await svc().refusal(AwardResidentPoints, { ...award, points: 31 }, 'community', { idempotencyKey: key })).code).toBe(CommonErrorCode.IdempotencyKeyReused);
    expect((await svc().call(AwardResidentPoints, { residentId: r.id, activity: '楼道清理', activityDate: today(), points: 20 }, 'social')).balance).toBe(50);

    // the community sees only its own residents; a grid worker cannot award
    const other = await svc().call(RegisterResidentHolder, { name: '外社区居民', gridPath: G3C }, 'social');
    expect((await svc().refusal(AwardResidentPoints, { ...award, residentId: other.id }, 'community')).code).toBe(SocialErrorCode.ResidentNotFound);
    expect((await svc().refusal(RegisterResidentHolder, { name: '外社区居民', gridPath: G3C }, 'community')).code).toBe(CommonErrorCode.Forbidden);
    expect((await svc().refusal(AwardResidentPoints, award, 'worker')).code).toBe(CommonErrorCode.Forbidden);
    expect((await svc().call(GetResidentHolder, { id: r.id }, 'district')).name).toBe('陈**');

    const item = await stockedItem('soap-r', '洗衣皂', 15, 10);
    const ex = await svc().call(ExchangePoints, { residentId: r.id, itemId: item.id, quantity: 2 }, 'social');
    expect(ex).toMatchObject({ residentId: r.id, volunteerId: null, volunteerName: '陈桂兰', points: 30, pointsBalanceAfter: 20, stockAfter: 8 });
    const holder = await svc().call(GetResidentHolder, { id: r.id }, 'community');
    expect(holder.points).toEqual({ balance: 20, earned: 50, spent: 30 });
    expect(holder.ledger.map((l) => [l.delta, l.reason])).toEqual([[-30, 'exchange'], [20, 'activity'], [30, 'activity']]);
    const listed = await svc().call(ListPointExchanges, { residentId: r.id }, 'social');
    expect(listed.items).toHaveLength(1);
    expect(listed.items[0]).toMatchObject({ residentId: r.id, volunteerName: '陈桂兰', pointsBalanceAfter: 20 });
  });

  it('never oversells stock nor overdraws points under concurrent exchanges by residents', async () => {
    const item = await stockedItem('eggs-r', '鸡蛋一盒', 10, 6);
    const rich: string[] = [];
    for (let i = 0; i < 2; i++) {
      const r = await svc().call(RegisterResidentHolder, { name: `居民${i}`, gridPath: G3 }, 'community');
      await svc().call(AwardResidentPoints, { residentId: r.id, activity: '志愿巡逻', activityDate: today(), points: 100 }, 'community');
      rich.push(r.id);
    }
    const poor = await svc().call(RegisterResidentHolder, { name: '积分少的居民', gridPath: G3 }, 'community');
    await svc().call(AwardResidentPoints, { residentId: poor.id, activity: '议事会', activityDate: today(), points: 25 }, 'community');

    const send = (residentId: string) => svc().call(ExchangePoints, { residentId, itemId: item.id, quantity: 1 }, 'social').then((x) => ({ x }), (e: { code?: string }) => ({ e }));
    // 10 from the poor resident (25 points: at most 2) and 10 from the rich ones, for 6 boxes
    const results = await Promise.all([...Array.from({ length: 10 }, () => send(poor.id)), ...Array.from({ length: 10 }, (_, i) => send(rich[i % 2]))]);
    expect(results.filter((r) => 'x' in r)).toHaveLength(6);
    const refused = results.flatMap((r) => ('e' in r ? [r.e.code] : []));
    expect(refused).toHaveLength(14);
    expect(refused.every((c) => c === SocialErrorCode.OutOfStock || c === SocialErrorCode.InsufficientPoints)).toBe(true);
    expect((await svc().call(ListSupermarketItems, {}, 'social')).items.find((i) => i.id === item.id)!.stock).toBe(0);
    const poorNow = await svc().call(GetResidentHolder, { id: poor.id }, 'social');
    expect(poorNow.points.balance).toBeGreaterThanOrEqual(0);
    expect(poorNow.points.spent).toBeLessThanOrEqual(20);
    const all = [poor.id, ...rich];
    const sums = await svc().ds.query(`SELECT sum(points_spent)::int AS spent, sum(points_balance)::int AS balance, min(points_balance)::int AS min FROM social.resident_holders WHERE id = ANY($1)`, [all]);
    expect(sums[0]).toMatchObject({ spent: 60, balance: 165 });
    expect(sums[0].min).toBeGreaterThanOrEqual(0);
    const ledger = await svc().ds.query(`SELECT sum(delta)::int AS s FROM social.points_ledger WHERE resident_id = ANY($1)`, [all]);
    expect(ledger[0].s).toBe(165);
    const exchanged = await svc().ds.query(`SELECT count(*)::int AS n FROM social.exchanges WHERE item_id = $1`, [item.id]);
    expect(exchanged[0].n).toBe(6);
  });

  it('refuses a bad request with VALIDATION_FAILED naming the field', async () => {
    const r = await svc().call(RegisterResidentHolder, { name: '王大妈', gridPath: G3 }, 'community');
    expect(await svc().invalidField(AwardResidentPoints, { residentId: r.id, activity: '垃圾分类宣传', activityDate: today(), points: 0 }, 'community')).toBe('points');
    expect(await svc().invalidField(AwardResidentPoints, { residentId: r.id, activity: '垃圾分类宣传', activityDate: '2999-01-01', points: 5 }, 'community')).toBe('activityDate');
    expect(await svc().invalidField(RegisterResidentHolder, { name: '无网格' }, 'community')).toBe('gridPath');
    expect(await svc().invalidField(ExchangePoints, { residentId: r.id, volunteerId: randomUUID(), itemId: randomUUID(), quantity: 1 }, 'social')).toBe('residentId');
    expect(await svc().invalidField(ExchangePoints, { itemId: randomUUID(), quantity: 1 }, 'social')).toBe('volunteerId');
    // nothing was written for the refused awards
    expect((await svc().call(GetResidentHolder, { id: r.id }, 'community')).ledger).toEqual([]);
  });

  it("puts the residents' points on the board: the social panel's figures count what the holders' ledgers hold", async () => {
    const COMPOUND = `${TEST_STREET}.c03.g2_09`; // a compound no other test awards in
    const item = await stockedItem('towel-r', '毛巾', 12, 5);
    const ids: string[] = [];
    for (const [i, points] of [40, 25, 18].entries()) {
      const r = await svc().call(RegisterResidentHolder, { name: `楼道居民${i}`, gridPath: `${COMPOUND}.g3_0${i + 1}` }, 'social');
      await svc().call(AwardResidentPoints, { residentId: r.id, activity: '楼道清理', activityDate: today(), points }, 'social');
      ids.push(r.id);
    }
    await svc().call(ExchangePoints, { residentId: ids[0], itemId: item.id, quantity: 3 }, 'social');

    const holders = await Promise.all(ids.map(async (id) => (await svc().call(GetResidentHolder, { id }, 'social')).points));
    const { from, to } = streetCalendar().period('today');
    const { figures } = await svc().call(SocialHub, { scope: COMPOUND, from, to }, 'social');
    expect(figures).toMatchObject({
      residentHolders: ids.length,
      residentPointsEarned: holders.reduce((s, p) => s + p.earned, 0),
      residentPointsSpent: holders.reduce((s, p) => s + p.spent, 0),
      // the volunteers' points are their own figures
      pointsEarned: 0,
      pointsSpent: 0,
    });
    expect(figures).toMatchObject({ residentPointsEarned: 83, residentPointsSpent: 36 });
    expect(HUB_FIGURE_LABELS.residentPointsEarned).toEqual({ zh: '居民积分发放', en: "Residents' points earned" });
    // the panel is the caller's scope's only
    expect((await svc().refusal(SocialHub, { scope: TEST_STREET, from, to }, 'community')).code).toBe(CommonErrorCode.Forbidden);
  });
});
