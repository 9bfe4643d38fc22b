import { randomUUID } from 'node:crypto';
import { streetCalendar, streetToday } from '@grid122/calendar';
import { startSuite, STREET, Suite } from './support/suite';

const G3 = `${STREET}.c01.g2_01.g3_01`; // the worker's grid, inside the community account's c01
const G3C = `${STREET}.c02.g2_05.g3_20`;

/**
 * The social routes as the gateway serves them, a smoke test per route group: role gates at the
 * edge, the path parameters each route puts into its request (recipientId, volunteerId, residentId,
 * a month), 400 naming the field, the service's codes as statuses (403, 404, 409), a client's
 * Idempotency-Key carried to the service, and the OpenAPI document. The service's own behaviour is
 * tested in apps/social-services/test (social.e2e-spec.ts, resident-points.e2e-spec.ts).
 */
describe('social routes (gateway)', () => {
  let suite: Suite;
  const as = async (user: string) => ({ authorization: `Bearer ${await suite.token(user)}` });
  const post = async (user: string, url: string, body: object, headers: Record<string, string> = {}) => suite.http().post(url).set({ ...(await as(user)), ...headers }).send(body);
  const get = async (user: string, url: string) => suite.http().get(url).set(await as(user));

  beforeAll(async () => {
    suite = await startSuite({ services: ['social-services'] });
  });
  afterAll(() => suite?.stop());

  it('documents every social resource in the OpenAPI document', async () => {
    const paths = Object.keys((await suite.http().get('/api/docs-json').expect(200)).body.paths);
    for (const r of ['care-recipients', 'service-requests', 'visits', 'volunteers', 'volunteer-teams', 'points', 'resident-points', 'supermarket/items', 'supermarket/stock', 'supermarket/exchanges', 'supermarket/donations', 'service-points', 'service-circle']) {
      expect(paths).toContain(`/api/v1/${r}`);
    }
  });

  it('care recipients: 400 naming the field, codes as 400/403/409, the identity route for the social team only, :id as recipientId', async () => {
    const bad = await (await post('social', '/api/v1/care-recipients', { name: '孙某', categories: ['elderly'], gridPath: 'Not A Path' })).body;
    expect(bad).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    expect(bad.details.fields[0].field).toBe('gridPath');
    expect((await post('social', '/api/v1/care-recipients', { name: '孙某', categories: ['left_behind_child'], gridPath: G3 })).body).toMatchObject({ statusCode: 400, code: 'SOCIAL_UNKNOWN_CATEGORY' });
    expect((await post('social', '/api/v1/care-recipients', { name: '周某', categories: ['elderly'], gridPath: 'nj.gulou.nhj.c01' })).status).toBe(403);

    const r = await post('social', '/api/v1/care-recipients', { name: '李秀英', idNumber: '32010619480312123X', categories: ['elderly'], gridPath: G3, supports: [{ kind: 'breakfast_voucher', monthlyAmountCents: 3000 }] });
    expect(r.status).toBe(201);
    expect(r.body.idNumber).toBe('320106**********3X');
    expect((await get('district', `/api/v1/care-recipients/${r.body.id}`)).body).toMatchObject({ id: r.body.id, name: '李**' });
    // only a unit member reaches the identity route (三员分立); the service then picks the social team
    for (const who of ['commander', 'admin', 'auditor', 'enforcement']) {
      expect([who, (await post(who, `/api/v1/care-recipients/${r.body.id}/identity`, { reason: '核对' })).status]).toEqual([who, 403]);
    }
    const shown = await post('social', `/api/v1/care-recipients/${r.body.id}/identity`, { reason: '办理低保复核' });
    expect(shown.status).toBe(200);
    expect(shown.body.idNumber).toBe('32010619480312123X');

    expect((await post('social', `/api/v1/care-recipients/${r.body.id}/vouchers/issue`, { month: '2026-01' })).status).toBe(201);
    expect((await post('social', `/api/v1/care-recipients/${r.body.id}/vouchers/issue`, { month: '2026-01' })).body).toMatchObject({ statusCode: 409, code: 'SOCIAL_VOUCHER_ALREADY_ISSUED' });
    expect((await post('commander', '/api/v1/care-recipients/vouchers/monthly-issue', { month: '2026-02' })).status).toBe(200);
    expect((await get('social', `/api/v1/care-recipients/${r.body.id}/vouchers`)).body).toMatchObject({ recipientId: r.body.id, issuedCents: 6000 });
  });

  it('service requests and volunteers: 201 to open, 200 for each step, ILLEGAL_TRANSITION as 409 naming the state, a self-confirmation as 403', async () => {
    const volunteer = await post('social', '/api/v1/volunteers', { name: '王志愿', gridPath: G3 });
    expect(volunteer.status).toBe(201);
    const opened = await post('worker', '/api/v1/service-requests', { serviceType: 'breakfast_purchase', source: 'grid_worker', title: '代购早餐', gridPath: G3 });
    expect(opened.status).toBe(201);
    const id = opened.body.id;
    const early = await post('social', `/api/v1/service-requests/${id}/deliver`, { note: '已送达' });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ code: 'ILLEGAL_TRANSITION', details: { currentState: 'opened' } });
    expect((await post('social', `/api/v1/service-requests/${id}/assign`, { volunteerId: volunteer.body.id })).status).toBe(200);
    expect((await post('social', `/api/v1/service-requests/${id}/deliver`, { note: '早餐已送到家', hours: 0.5 })).status).toBe(200);
    expect((await post('social', `/api/v1/service-requests/${id}/confirm`, { satisfaction: 5 })).body).toMatchObject({ statusCode: 403, code: 'SOCIAL_SELF_CONFIRMATION' });
    expect((await post('worker', `/api/v1/service-requests/${id}/confirm`, { satisfaction: 5 })).body).toMatchObject({ state: 'confirmed', pointsAwarded: 1 });
    expect((await get('social', `/api/v1/volunteers/${volunteer.body.id}`)).body.points).toEqual({ balance: 1, earned: 1, spent: 0 });
    expect((await get('social', `/api/v1/points/${volunteer.body.id}`)).body).toMatchObject({ volunteerId: volunteer.body.id, balance: 1 });
  });

  it("the love supermarket and residents' points: :id as residentId, the Idempotency-Key's first answer, roles at the edge, 400/404/409", async () => {
    const holder = await post('community', '/api/v1/resident-points', { name: '陈桂兰', gridPath: G3 });
    expect(holder.status).toBe(201);
    const award = { activity: '垃圾分类宣传', activityDate: streetToday(), points: 30 };
    const key = randomUUID();
    const first = await post('community', `/api/v1/resident-points/${holder.body.id}/awards`, award, { 'Idempotency-Key': key });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ residentId: holder.body.id, balance: 30 });
    expect((await post('community', `/api/v1/resident-points/${holder.body.id}/awards`, award, { 'Idempotency-Key': key })).body.id).toBe(first.body.id);
    expect((await post('community', `/api/v1/resident-points/${holder.body.id}/awards`, { ...award, points: 31 }, { 'Idempotency-Key': key })).body).toMatchObject({ statusCode: 422, code: 'IDEMPOTENCY_KEY_REUSED' });
    // a grid worker has no residents' points route; the community none outside its own
    expect((await post('worker', `/api/v1/resident-points/${holder.body.id}/awards`, award)).status).toBe(403);
    const other = await post('social', '/api/v1/resident-points', { name: '外社区居民', gridPath: G3C });
    expect((await post('community', `/api/v1/resident-points/${other.body.id}/awards`, award)).body).toMatchObject({ statusCode: 404, code: 'SOCIAL_RESIDENT_NOT_FOUND' });
    const zero = await post('community', `/api/v1/resident-points/${holder.body.id}/awards`, { ...award, points: 0 });
    expect(zero.status).toBe(400);
    expect(zero.body.details.fields[0].field).toBe('points');

    const item = await post('social', '/api/v1/supermarket/items', { code: 'oil-5l', name: '食用油5L', unit: '桶', pointPrice: 60, unitValueCents: 6000 });
    expect(item.status).toBe(201);
    expect((await post('social', '/api/v1/supermarket/stock', { itemId: item.body.id, kind: 'purchase', quantity: 3, cashCents: 18000 })).status).toBe(201);
    expect((await post('social', '/api/v1/supermarket/exchanges', { residentId: holder.body.id, itemId: item.body.id, quantity: 1 })).body).toMatchObject({ statusCode: 409, code: 'SOCIAL_INSUFFICIENT_POINTS' });
    expect((await get('community', `/api/v1/resident-points/${holder.body.id}`)).body.points).toEqual({ balance: 30, earned: 30, spent: 0 });
    const month = streetCalendar().thisMonth();
    expect((await get('commander', `/api/v1/supermarket/statements/${month}`)).body).toMatchObject({ month, checks: { stockMatchesMovements: true } });
  });

  it('visits and the service circle: the commander loads the grids, the worker records and asks, 400 for a question without a place', async () => {
    const gridId = randomUUID();
    const grids = await suite.http().put('/api/v1/service-circle/grids').set(await as('commander')).send({ grids: [{ id: gridId, path: G3, name: '一号楼群', level: 'building_cluster', households: 4, centroid: { lng: 118.77, lat: 32.11 } }] });
    expect(grids.status).toBe(200);
    expect((await suite.http().put('/api/v1/service-circle/grids').set(await as('worker')).send({ grids: [] })).status).toBe(403);
    expect((await post('worker', '/api/v1/visits', { householdRef: '3幢2单元301', gridPath: G3, kind: 'routine' })).status).toBe(201);
    const month = streetCalendar().thisMonth();
    expect((await get('commander', `/api/v1/visits/rate?level=building_cluster&from=${month}&to=${month}`)).body.grids).toEqual([expect.objectContaining({ gridId, visited: 1 })]);
    expect((await get('worker', `/api/v1/service-circle?gridId=${gridId}&speedMps=0.5`)).body).toMatchObject({ radiusM: 450 });
    expect((await get('commander', '/api/v1/service-circle/gaps?level=building_cluster')).body.type).toBe('FeatureCollection');
    const none = await get('commander', '/api/v1/service-circle');
    expect(none.status).toBe(400);
    expect(none.body.details.fields[0].field).toBe('gridId');
  });
});
