import { randomUUID } from 'node:crypto';
import { addMonths, streetCalendar } from '@grid122/calendar';
import { JSONCodec, NatsConnection } from 'nats';
import { DataSource } from 'typeorm';
import { DomainEvent, eventSubject, IncidentEventData, IncidentState, KeyArea, OfficeEvents, SERVICE_POINT_TYPES, Unit } from '@grid122/contracts';
import { PiiCipher } from '@grid122/privacy';
import { eventually } from '@grid122/testing';
import { loadSocialServicesEnv } from '../../social-services/src/config/social-services.env';
import { protectPlainCategories } from '../../social-services/src/recipients/recipient-categories';
import { startSuite, STREET, Suite } from './support/suite';

const G3 = `${STREET}.c01.g2_01.g3_01`; // the worker's grid
const G3B = `${STREET}.c01.g2_01.g3_02`;
const G3C = `${STREET}.c02.g2_05.g3_20`;
const ID_NUMBER = '32010619480312123X';
const PHONE = '13912345678';

describe('social services (社会服务队) through the gateway', () => {
  let suite: Suite;
  let ds: DataSource;
  let nc: NatsConnection;
  const as = async (user: string) => ({ authorization: `Bearer ${await suite.token(user)}` });
  const post = async (user: string, url: string, body: unknown) => suite.http().post(url).set(await as(user)).send(body as object);
  const get = async (user: string, url: string) => suite.http().get(url).set(await as(user));
  const outboxTypes = async () => (await ds.query(`SELECT type, event FROM social.outbox ORDER BY created_at`)) as { type: string; event: DomainEvent<Record<string, unknown>> }[];

  let volunteerId: string;

  beforeAll(async () => {
    suite = await startSuite({ services: ['social-services'] });
    ds = await suite.dataSource('social-services');
    nc = await suite.env.connectNats();
    const v = await post('social', '/api/v1/volunteers', { name: '王志愿', gridPath: G3, phone: '13800001111', yRole: 'party_volunteer' });
    expect(v.status).toBe(201);
    volunteerId = v.body.id;
  });
  afterAll(async () => {
    await nc?.close();
    await suite?.stop();
  });

  it('documents every social resource in the OpenAPI document', async () => {
    const paths = Object.keys((await suite.http().get('/api/docs-json').expect(200)).body.paths);
    for (const r of ['care-recipients', 'service-requests', 'visits', 'volunteers', 'volunteer-teams', 'points', 'supermarket/items', 'supermarket/stock', 'supermarket/exchanges', 'supermarket/donations', 'service-points', 'service-circle']) {
      expect(paths).toContain(`/api/v1/${r}`);
    }
  });

  describe('care recipients', () => {
    it('registers with protected identifiers, shows them masked, reveals them only to the team with an audited reason', async () => {
      const res = await post('social', '/api/v1/care-recipients', {
        name: '李秀英', gender: 'female', birthDate: '1948-03-12', idNumber: ID_NUMBER, phone: PHONE, categories: ['elderly', 'living_alone'], gridPath: G3,
        buildingName: '3幢', address: '宝塔桥西街3幢2单元301', supports: [{ kind: 'breakfast_voucher', monthlyAmountCents: 3000 }, { kind: 'alarm_device' }],
        pairHelperVolunteerId: volunteerId,
      });
      expect(res.status).toBe(201);
      expect(res.body.idNumber).toBe('320106**********3X');
      expect(res.body.phone).toBe('139****5678');
      expect(res.body.pairHelper).toEqual({ volunteerId, name: '王志愿' });
      expect(res.body.categories.map((c: { code: string }) => c.code)).toEqual(['elderly', 'living_alone']);
      expect(res.body.categories[1].label.zh).toBe('独居老人');
      const raw = await ds.query(`SELECT id_number_enc, phone_enc FROM social.care_recipients WHERE id = $1`, [res.body.id]);
      expect(raw[0].id_number_enc).not.toContain('320106');
      expect(raw[0].phone_enc).not.toContain('1391234');

      const district = await get('district', `/api/v1/care-recipients/${res.body.id}`);
      expect(district.status).toBe(200);
      expect(district.body.name).toBe('李**');
      expect(district.body.address).toBeNull();

      const denied = await post('commander', `/api/v1/care-recipients/${res.body.id}/identity`, { reason: '核对' });
      expect(denied.status).toBe(403);
      // 三员分立: neither the system admin nor the auditor sees an identity; another unit neither
      for (const who of ['admin', 'auditor', 'enforcement']) {
        expect([who, (await post(who, `/api/v1/care-recipients/${res.body.id}/identity`, { reason: '核对' })).status]).toEqual([who, 403]);
      }
      const shown = await post('social', `/api/v1/care-recipients/${res.body.id}/identity`, { reason: '办理低保复核' });
      expect(shown.status).toBe(200);
      expect(shown.body).toMatchObject({ idNumber: ID_NUMBER, phone: PHONE });
      const audit = await ds.query(`SELECT actor_name, reason FROM social.identity_reads WHERE recipient_id = $1`, [res.body.id]);
      expect(audit).toEqual([{ actor_name: 'social', reason: '办理低保复核' }]);
    });

    it('hides people with mental illness from roles that do not need them', async () => {
      const res = await post('social', '/api/v1/care-recipients', { name: '赵某', categories: ['mental_illness'], gridPath: G3 });
      expect(res.status).toBe(201);
      expect((await get('worker', `/api/v1/care-recipients/${res.body.id}`)).status).toBe(404);
      const list = await get('worker', '/api/v1/care-recipients?limit=200');
      expect(list.body.items.map((r: { id: string }) => r.id)).not.toContain(res.body.id);
      const petitions = await get('petitions', `/api/v1/care-recipients/${res.body.id}`);
      expect(petitions.status).toBe(200);
      const figures = await get('commander', '/api/v1/care-recipients/figures');
      expect(figures.body.sensitiveHidden).toBe(true);
      expect(figures.body.byCategory.map((c: { code: string }) => c.code)).not.toContain('mental_illness');
      // a commander may not put anyone in a sensitive category
      expect((await post('commander', '/api/v1/care-recipients', { name: '钱某', categories: ['mental_illness'], gridPath: G3 })).status).toBe(403);
    });

    it('keeps categories encrypted at rest (blind index for filter and figures); the figures equal a recount of what the views show; a row written in clear is protected by the re-runnable pass', async () => {
      const a = await post('social', '/api/v1/care-recipients', { name: '周某', categories: ['low_income', 'disabled'], disabilityCategory: 'physical', disabilityGrade: 2, gridPath: G3B });
      expect(a.status).toBe(201);
      const row = async (id: string) => (await ds.query(`SELECT categories, categories_enc, category_index FROM social.care_recipients WHERE id = $1`, [id]))[0];
      const stored = await row(a.body.id);
      expect(stored.categories).toEqual([]);
      expect(stored.categories_enc).toMatch(/^v2:[A-Za-z0-9_-]+:/);
      expect(stored.category_index).toHaveLength(2);
      expect(JSON.stringify(stored)).not.toMatch(/low_income|disabled/);
      expect(a.body.categories.map((c: { code: string }) => c.code)).toEqual(['low_income', 'disabled']);

      // a row written in clear (before the protection, or by an older replica during the rolling update)
      const [legacy] = await ds.query(`INSERT INTO social.care_recipients (name, categories, grid_path) VALUES ('吴某', ARRAY['low_income', 'elderly'], $1::ltree) RETURNING id`, [G3C]);
      expect((await get('social', `/api/v1/care-recipients/${legacy.id}`)).body.categories.map((c: { code: string }) => c.code)).toEqual(['low_income', 'elderly']);
      const cipher = new PiiCipher(loadSocialServicesEnv().piiKeys('social-services'));
      expect(await protectPlainCategories(ds, cipher)).toBe(1);
      expect(await protectPlainCategories(ds, cipher)).toBe(0); // safe to run again
      expect((await row(legacy.id)).categories).toEqual([]);
      expect((await row(legacy.id)).categories_enc).toMatch(/^v2:/);
      expect((await get('social', `/api/v1/care-recipients/${legacy.id}`)).body.categories.map((c: { code: string }) => c.code)).toEqual(['low_income', 'elderly']);

      const filtered = (await get('social', '/api/v1/care-recipients?category=low_income&limit=200')).body.items.map((r: { id: string }) => r.id);
      expect(filtered).toEqual(expect.arrayContaining([a.body.id, legacy.id]));
      expect((await get('social', '/api/v1/care-recipients?category=elderly&limit=200')).body.items.map((r: { id: string }) => r.id)).not.toContain(a.body.id);

      // the counts (the hub's and the wall's figures) come from the blind index: equal to a recount of the views
      const views: { active: boolean; gridPath: string; categories: { code: string }[] }[] = (await get('social', '/api/v1/care-recipients?limit=200')).body.items;
      const recount: Record<string, number> = {};
      for (const v of views.filter((x) => x.active)) for (const c of v.categories) recount[c.code] = (recount[c.code] ?? 0) + 1;
      const figures = await get('social', '/api/v1/care-recipients/figures');
      expect(figures.status).toBe(200);
      expect(Object.fromEntries(figures.body.byCategory.map((c: { code: string; count: number }) => [c.code, c.count]))).toEqual(recount);
      expect(figures.body.total).toBe(views.filter((x) => x.active).length);
      const perGrid: Record<string, number> = {};
      for (const g of figures.body.byGrid as { byCategory: Record<string, number> }[]) for (const [code, n] of Object.entries(g.byCategory)) perGrid[code] = (perGrid[code] ?? 0) + n;
      expect(perGrid).toEqual(recount);
    });

    it('validates fields, unknown categories and scope', async () => {
      const bad = await post('social', '/api/v1/care-recipients', { name: '孙某', categories: ['elderly'], gridPath: 'Not A Path' });
      expect(bad.status).toBe(400);
      expect(bad.body.details.fields[0].field).toBe('gridPath');
      const unknown = await post('social', '/api/v1/care-recipients', { name: '孙某', categories: ['left_behind_child'], gridPath: G3 });
      expect(unknown.status).toBe(400);
      expect(unknown.body.code).toBe('SOCIAL_UNKNOWN_CATEGORY');
      // "others configurable": the street adds 留守儿童 and can use it
      expect((await post('social', '/api/v1/care-recipients/categories', { code: 'left_behind_child', zh: '留守儿童', en: 'Left-behind child' })).status).toBe(201);
      expect((await post('social', '/api/v1/care-recipients', { name: '孙某', categories: ['left_behind_child'], gridPath: G3 })).status).toBe(201);
      const outside = await post('social', '/api/v1/care-recipients', { name: '周某', categories: ['elderly'], gridPath: 'nj.gulou.nhj.c01' });
      expect(outside.status).toBe(403);
    });
  });

  describe('vouchers and service requests', () => {
    let recipientId: string;
    beforeAll(async () => {
      const r = await post('social', '/api/v1/care-recipients', { name: '陈桂兰', categories: ['elderly', 'empty_nest'], gridPath: G3, supports: [{ kind: 'breakfast_voucher' }] });
      recipientId = r.body.id;
    });

    it('keeps the voucher ledger: a month is issued once, redemptions never exceed what is left, amounts add up', async () => {
      const issued = await post('social', `/api/v1/care-recipients/${recipientId}/vouchers/issue`, { month: '2026-01' });
      expect(issued.status).toBe(201);
      expect(issued.body.balanceCents).toBe(3000);
      const again = await post('social', `/api/v1/care-recipients/${recipientId}/vouchers/issue`, { month: '2026-01' });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('SOCIAL_VOUCHER_ALREADY_ISSUED');
      const month = await post('commander', '/api/v1/care-recipients/vouchers/monthly-issue', { month: '2026-02' });
      expect(month.status).toBe(200);
      // A month that has not begun in the street's calendar: a 4xx naming the field and the format.
      const future = addMonths(streetCalendar().thisMonth(), 1);
      for (const [who, path, body] of [
        ['social', `/api/v1/care-recipients/${recipientId}/vouchers/issue`, { month: future }],
        ['commander', '/api/v1/care-recipients/vouchers/monthly-issue', { month: future }],
      ] as const) {
        const refused = await post(who, path, body);
        expect(refused.status).toBe(400);
        expect(refused.body.details.fields[0]).toMatchObject({ field: 'month', messages: [expect.stringMatching(/has not begun.*YYYY-MM/)] });
      }
      expect((await post('social', `/api/v1/care-recipients/${recipientId}/vouchers/issue`, { month: '2026-1' })).status).toBe(400);
      expect(month.body.issued).toBeGreaterThanOrEqual(2); // this one and 李秀英
      expect((await post('social', `/api/v1/care-recipients/${recipientId}/vouchers/redeem`, { amountCents: 5000 })).status).toBe(201);
      const over = await post('social', `/api/v1/care-recipients/${recipientId}/vouchers/redeem`, { amountCents: 1001 });
      expect(over.status).toBe(409);
      expect(over.body.code).toBe('SOCIAL_VOUCHER_OVERDRAWN');
      const ledger = await get('social', `/api/v1/care-recipients/${recipientId}/vouchers`);
      expect(ledger.body).toMatchObject({ issuedCents: 6000, redeemedCents: 5000, balanceCents: 1000 });
      const sum = ledger.body.entries.reduce((s: number, e: { entry: string; amountCents: number }) => s + (e.entry === 'issue' ? e.amountCents : -e.amountCents), 0);
      expect(sum).toBe(1000);
      expect(ledger.body.entries.at(-1).balanceAfterCents).toBe(1000);
    });

    it('runs a request through its state machine, refuses illegal moves with 409, awards points on confirmation', async () => {
      const opened = await post('worker', '/api/v1/service-requests', { serviceType: 'breakfast_purchase', source: 'grid_worker', recipientId, title: '代购早餐' });
      expect(opened.status).toBe(201);
      expect(opened.body).toMatchObject({ state: 'opened', gridPath: G3, allowedActions: ['assign', 'cancel'] });
      const id = opened.body.id;

      const early = await post('social', `/api/v1/service-requests/${id}/deliver`, { note: '已送达' });
      expect(early.status).toBe(409);
      expect(early.body.code).toBe('ILLEGAL_TRANSITION');
      expect(early.body.details.currentState).toBe('opened');
      const notOurs = await post('social', `/api/v1/service-requests/${id}/return`, { reason: '不归我们' });
      expect(notOurs.status).toBe(409);

      const both = await post('social', `/api/v1/service-requests/${id}/assign`, { volunteerId, staffId: randomUUID(), staffName: 'x' });
      expect(both.status).toBe(400);
      expect((await post('social', `/api/v1/service-requests/${id}/assign`, { volunteerId })).body.state).toBe('assigned');
      const delivered = await post('social', `/api/v1/service-requests/${id}/deliver`, { note: '早餐已送到家', hours: 0.5, voucherCents: 800 });
      expect(delivered.status).toBe(200);
      expect(delivered.body).toMatchObject({ state: 'delivered', voucherCents: 800, hours: 0.5 });
      expect((await get('social', `/api/v1/care-recipients/${recipientId}/vouchers`)).body.balanceCents).toBe(200);

      const self = await post('social', `/api/v1/service-requests/${id}/confirm`, { satisfaction: 5 });
      expect(self.status).toBe(403);
      expect(self.body.code).toBe('SOCIAL_SELF_CONFIRMATION');
      const confirmed = await post('worker', `/api/v1/service-requests/${id}/confirm`, { satisfaction: 5, note: '居民满意' });
      expect(confirmed.status).toBe(200);
      expect(confirmed.body).toMatchObject({ state: 'confirmed', pointsAwarded: 1, allowedActions: [] });
      expect((await post('worker', `/api/v1/service-requests/${id}/confirm`, { satisfaction: 5 })).status).toBe(409);

      const v = await get('social', `/api/v1/volunteers/${volunteerId}`);
      expect(v.body.points).toEqual({ balance: 1, earned: 1, spent: 0 });
      expect(v.body.hoursTotal).toBe(0.5);
      const types = (await outboxTypes()).filter((e) => (e.event.data as { caseId?: string; requestId?: string; serviceRequestId?: string }).caseId === id || (e.event.data as { requestId?: string }).requestId === id || (e.event.data as { serviceRequestId?: string }).serviceRequestId === id).map((e) => e.type);
      expect(types).toEqual(expect.arrayContaining(['social.request.opened', 'social.request.assigned', 'social.request.delivered', 'social.request.handled', 'social.request.closed', 'social.points.earned', 'social.voucher.redeemed']));

      const figures = await get('commander', '/api/v1/service-requests/figures');
      expect(figures.body.totals.delivered).toBeGreaterThanOrEqual(1);
      expect(figures.body.totals.vouchersRedeemedCents).toBeGreaterThanOrEqual(800);
    });
  });

  describe('office dispatch', () => {
    const incident = (unit: Unit | null, incidentId: string = randomUUID()): DomainEvent<IncidentEventData> => ({
      id: randomUUID(), type: OfficeEvents.IncidentDispatched, source: 'office', occurredAt: new Date().toISOString(), gridPath: G3B, data: {
        incidentId, code: 'BTQ-20260301-0007', title: '独居老人家中水管漏水需维修', keyArea: KeyArea.Other, category: 'home_repair', gridPath: G3B, gridId: null,
        state: IncidentState.Dispatched, fromState: IncidentState.Registered, source: 'grid_worker', reportedById: null, unit, departmentId: null,
        location: { lng: 118.77, lat: 32.11 }, address: '宝塔桥东街5号', deadline: null, reportedAt: new Date().toISOString(), reworkCount: 0,
      },
    });
    const publish = async (e: DomainEvent) => nc.jetstream().publish(eventSubject(e.type), JSONCodec().encode(e), { msgID: e.id });

    it('opens a service request for a dispatch to the social unit, once, and emits social.request.opened', async () => {
      const e = incident(Unit.Social);
      await publish(e);
      await publish(incident(Unit.Enforcement)); // another unit's: ignored
      const found = await eventually(async () => {
        const res = await get('commander', `/api/v1/service-requests?incidentId=${e.data.incidentId}`);
        expect(res.body.items).toHaveLength(1);
        return res.body.items[0];
      });
      expect(found).toMatchObject({ source: 'office_dispatch', serviceType: 'home_repair', gridPath: G3B, incidentCode: 'BTQ-20260301-0007', state: 'opened', allowedActions: ['assign', 'return'] });
      const opened = await eventually(async () => {
        const evs = (await outboxTypes()).filter((x) => x.type === 'social.request.opened' && x.event.data.incidentId === e.data.incidentId);
        expect(evs).toHaveLength(1);
        return evs[0].event;
      });
      expect(opened.data).toMatchObject({ unit: 'social', caseId: found.id, caseType: 'service_request', caseRef: found.code });

      // redelivered (same event) and dispatched again (new event, same incident): still one request
      await publish(e);
      await publish({ ...incident(Unit.Social, e.data.incidentId) });
      await eventually(async () => expect((await ds.query(`SELECT count(*)::int AS n FROM social.inbox WHERE consumer = 'social-services'`))[0].n).toBeGreaterThanOrEqual(3));
      expect((await ds.query(`SELECT count(*)::int AS n FROM social.service_requests WHERE incident_id = $1`, [e.data.incidentId]))[0].n).toBe(1);
      expect((await ds.query(`SELECT count(*)::int AS n FROM social.service_requests WHERE source = 'office_dispatch'`))[0].n).toBe(1);

      const returned = await post('social', `/api/v1/service-requests/${found.id}/return`, { reason: '属于物业维修范围' });
      expect(returned.status).toBe(200);
      expect((await outboxTypes()).some((x) => x.type === 'social.request.returned' && x.event.data.incidentId === e.data.incidentId)).toBe(true);
    });
  });

  describe('love supermarket (爱心超市)', () => {
    it('lets exactly 5 of 20 concurrent exchanges take the last 5 items, never oversells, keeps points and stock in step', async () => {
      const item = await post('social', '/api/v1/supermarket/items', { code: 'rice-5kg', name: '大米5kg', unit: '袋', pointPrice: 10, unitValueCents: 3500 });
      expect(item.status).toBe(201);
      const donation = await post('social', '/api/v1/supermarket/donations', { donorKind: 'shop', donorName: '苏果超市宝塔桥店', kind: 'goods', lines: [{ itemId: item.body.id, quantity: 5 }] });
      expect(donation.status).toBe(201);
      expect(donation.body.goodsValueCents).toBe(17500);
      expect((await post('social', '/api/v1/supermarket/donations', { donorKind: 'enterprise', donorName: '某企业', kind: 'money', moneyCents: 100000 })).status).toBe(201);
      expect((await post('social', '/api/v1/supermarket/donations', { donorKind: 'resident', donorName: '张三', kind: 'goods' })).body.code).toBe('SOCIAL_DONATION_INVALID');

      const vols: string[] = [];
      for (let i = 0; i < 4; i++) {
        const v = await post('social', '/api/v1/volunteers', { name: `志愿者${i}`, gridPath: G3 });
        vols.push(v.body.id);
        expect((await post('social', '/api/v1/points/adjustments', { volunteerId: v.body.id, delta: 100, reason: '年度表彰' })).status).toBe(201);
      }
      const token = await as('social');
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => suite.http().post('/api/v1/supermarket/exchanges').set(token).send({ volunteerId: vols[i % 4], itemId: item.body.id, quantity: 1 })),
      );
      const ok = results.filter((r) => r.status === 201);
      const refused = results.filter((r) => r.status !== 201);
      expect(ok).toHaveLength(5);
      expect(refused.every((r) => r.status === 409 && r.body.code === 'SOCIAL_OUT_OF_STOCK')).toBe(true);
      const stock = await get('commander', '/api/v1/supermarket/stock');
      expect(stock.body.items.find((i: { id: string }) => i.id === item.body.id).stock).toBe(0);
      const balances = await ds.query(`SELECT sum(points_spent)::int AS spent, sum(points_balance)::int AS balance FROM social.volunteers WHERE id = ANY($1)`, [vols]);
      expect(balances[0]).toEqual({ spent: 50, balance: 350 });
      const ledgerSum = await ds.query(`SELECT sum(delta)::int AS s FROM social.points_ledger WHERE volunteer_id = ANY($1)`, [vols]);
      expect(ledgerSum[0].s).toBe(350);

      const month = streetCalendar().thisMonth();
      const statement = await get('commander', `/api/v1/supermarket/statements/${month}`);
      expect(statement.status).toBe(200);
      expect(statement.body.checks).toEqual({ goodsBalance: true, moneyBalance: true, donationsMatchStock: true, stockMatchesMovements: true });
      expect(statement.body.goods).toMatchObject({ donatedValueCents: 17500, exchangedValueCents: 17500, closingValueCents: 0 });
      expect(statement.body.money).toMatchObject({ donatedCents: 100000, closingCents: 100000 });
      expect(statement.body.exchanges).toEqual({ count: 5, units: 5, points: 50 });
    });

    it('refuses an exchange beyond the points balance and leaves the stock untouched', async () => {
      const item = await post('social', '/api/v1/supermarket/items', { code: 'oil-5l', name: '食用油5L', unit: '桶', pointPrice: 60, unitValueCents: 6000 });
      await post('social', '/api/v1/supermarket/stock', { itemId: item.body.id, kind: 'purchase', quantity: 3, cashCents: 18000 });
      const poor = await post('social', '/api/v1/volunteers', { name: '新志愿者', gridPath: G3 });
      await post('social', '/api/v1/points/adjustments', { volunteerId: poor.body.id, delta: 50, reason: '入队' });
      const res = await post('social', '/api/v1/supermarket/exchanges', { volunteerId: poor.body.id, itemId: item.body.id, quantity: 1 });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('SOCIAL_INSUFFICIENT_POINTS');
      expect((await get('social', '/api/v1/supermarket/items')).body.items.find((i: { id: string }) => i.id === item.body.id).stock).toBe(3);
      expect((await get('social', `/api/v1/points/${poor.body.id}`)).body).toMatchObject({ balance: 50, spent: 0 });
      const negative = await post('social', '/api/v1/points/adjustments', { volunteerId: poor.body.id, delta: -51, reason: '更正' });
      expect(negative.status).toBe(409);
    });
  });

  describe('visits and the 15-minute service circle', () => {
    const gridA = randomUUID();
    const gridB = randomUUID();
    const gridC = randomUUID();
    beforeAll(async () => {
      const res = await suite.http().put('/api/v1/service-circle/grids').set(await as('commander')).send({
        grids: [
          { id: gridA, path: G3, name: '一号楼群', level: 'building_cluster', households: 4, centroid: { lng: 118.7700, lat: 32.1100 } },
          { id: gridB, path: G3B, name: '二号楼群', level: 'building_cluster', households: 10, centroid: { lng: 118.7800, lat: 32.1100 } }, // ~940 m east
          { id: gridC, path: G3C, name: '三号楼群', level: 'building_cluster', households: 8, centroid: { lng: 118.8200, lat: 32.1100 } }, // ~4.7 km east
        ],
      });
      expect(res.status).toBe(200);
    });

    it('records household visits and computes the visit rate per grid', async () => {
      const month = streetCalendar().thisMonth();
      for (const h of ['3幢2单元301', '3幢2单元302', '3幢2单元301']) {
        expect((await post('worker', '/api/v1/visits', { householdRef: h, gridPath: G3, kind: 'routine', findings: '正常' })).status).toBe(201);
      }
      expect((await post('worker', '/api/v1/visits', { householdRef: 'x', gridPath: G3B, kind: 'routine' })).status).toBe(403);
      expect((await post('worker', '/api/v1/visits', { householdRef: 'x', gridPath: G3, kind: 'routine', visitedAt: '2999-01-01T00:00:00Z' })).status).toBe(400);
      const rate = await get('commander', `/api/v1/visits/rate?level=building_cluster&from=${month}&to=${month}`);
      expect(rate.status).toBe(200);
      expect(rate.body.grids.find((g: { gridId: string }) => g.gridId === gridA)).toMatchObject({ households: 4, visited: 2, rate: 50 });
      expect((await outboxTypes()).filter((e) => e.type === 'social.visit.recorded')).toHaveLength(3);
    });

    it('finds which of the ten types lie within 15 minutes and maps the grids with gaps', async () => {
      // every type 200 m west of A; a clinic and a shop between A and B; nothing near C
      for (const type of SERVICE_POINT_TYPES) {
        expect((await post('social', '/api/v1/service-points', { name: `${type}点`, type, location: { lng: 118.768, lat: 32.110 }, gridPath: G3 })).status).toBe(201);
      }
      await post('social', '/api/v1/service-points', { name: '社区卫生服务站', type: 'clinic', location: { lng: 118.775, lat: 32.110 } });
      await post('social', '/api/v1/service-points', { name: '便利店', type: 'grocery', location: { lng: 118.776, lat: 32.110 } });

      const a = await get('worker', `/api/v1/service-circle?gridId=${gridA}`);
      expect(a.status).toBe(200);
      expect(a.body).toMatchObject({ radiusM: 1080, covered: 10, missing: [] });
      const point = await get('worker', '/api/v1/service-circle?lng=118.7800&lat=32.1100&minutes=15');
      expect(point.body.missing.length).toBeGreaterThan(0);
      expect(point.body.types.find((t: { type: string }) => t.type === 'clinic').covered).toBe(true);

      const gaps = await get('commander', '/api/v1/service-circle/gaps?level=building_cluster');
      expect(gaps.status).toBe(200);
      expect(gaps.body.type).toBe('FeatureCollection');
      const ids = gaps.body.features.map((f: { properties: { gridId: string } }) => f.properties.gridId);
      expect(ids).toEqual(expect.arrayContaining([gridB, gridC]));
      expect(ids).not.toContain(gridA);
      const c = gaps.body.features.find((f: { properties: { gridId: string } }) => f.properties.gridId === gridC);
      expect(c.properties.missing).toHaveLength(10);
      expect(c.geometry).toEqual({ type: 'Point', coordinates: [118.82, 32.11] });
      expect(gaps.body.summary).toMatchObject({ grids: 3, fullyCovered: 1, withGaps: 2 });
      // a slower walk (0.5 m/s → 450 m) leaves B without the clinic
      const slow = await get('commander', `/api/v1/service-circle?gridId=${gridB}&speedMps=0.5`);
      expect(slow.body.radiusM).toBe(450);
      expect(slow.body.missing).toContain('pharmacy');
      expect((await get('commander', '/api/v1/service-circle')).status).toBe(400);
    });
  });
});
