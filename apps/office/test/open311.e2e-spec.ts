import { randomUUID } from 'node:crypto';
import { Actor, CommonErrorCode, Open311Create, Open311Find, Open311Get, ReportIncident, Role } from '@grid122/contracts';
import { requestContext } from '@grid122/observability';
import { serviceUnderTest, TEST_STREET as STREET, TestRequest } from '@grid122/testing';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { dataSourceOptions } from '../src/database/data-source';
import { statementsOf } from './support/statements';

jest.setTimeout(120_000);

/**
 * The office's Open311 POST (`office.open311.create`) as the gateway sends it — the form's fields
 * as parsed, a client's Idempotency-Key both as the request's field and as the NATS header — against
 * the intake it files through: what a retry answers (docs/api.md, Open311) and what one POST costs
 * in statements to Postgres next to one intake (docs/performance.md §19). The wire (form, XML, HTTP
 * statuses) is the gateway's open311 spec. The registry is not started: a point is filed at the
 * platform's area, the same for both.
 */
describe('office: Open311 POST', () => {
  const svc = serviceUnderTest({ app: 'office', module: () => AppModule.forRoot(), dataSource: dataSourceOptions, env: { OFFICE_SWEEP_INTERVAL_MS: '0' } });
  const platform: Actor = { id: randomUUID(), username: 'district-platform', displayName: '鼓楼区平台', role: Role.Platform, scope: STREET };
  const other: Actor = { ...platform, id: randomUUID(), username: 'hotline-platform' };
  let n = 0;
  /** A spot of its own (≈ 200 m from any other), so no report links to another as "me too". */
  const spot = () => {
    n += 1;
    return { lng: 118.6 + n * 0.002, lat: 32.05 };
  };
  const form = (over: Record<string, string> = {}): Record<string, string> => {
    const p = spot();
    return { service_code: 'exposed_rubbish', lat: String(p.lat), long: String(p.lng), description: `垃圾暴露 ${n}\n三天了`, first_name: '张', last_name: '三', account_id: `acct-${n}`, ...over };
  };
  const intake = (over: TestRequest<ReportIncident.Request> = {}): TestRequest<ReportIncident.Request> => ({
    source: 'open311',
    title: `垃圾暴露 ${n}`,
    keyArea: 'other',
    category: 'exposed_rubbish',
    location: spot(),
    gridPath: STREET,
    reporter: { name: '张 三' },
    ...over,
  });
  /** As the gateway sends it: the key (when given) in the request and in the request's context (the NATS header). */
  const post = (params: Record<string, string>, key?: string, as: Actor = platform) =>
    requestContext.run({ requestId: randomUUID(), idempotencyKey: key }, () => svc().call(Open311Create, { params, idempotencyKey: key }, as));
  const refusal = (params: Record<string, string>, key: string) =>
    requestContext.run({ requestId: randomUUID(), idempotencyKey: key }, () => svc().refusal(Open311Create, { params, idempotencyKey: key }, platform));
  const count = async (sql: string, params: unknown[]) => Number((await svc().ds.query(sql, params))[0].n);
  const incidentsOf = (ref: string) => count(`SELECT count(*)::int AS n FROM office.incidents WHERE source = 'open311' AND source_ref = $1`, [ref]);
  const appDs = () => svc().app!.get(DataSource);

  it('answers a retry with its key as the first answer (201 again), another body under the key 422, and records the key once', async () => {
    const key = `ticket-${randomUUID()}`;
    const body = form();
    const first = await post(body, key);
    expect(first).toEqual({ rows: [{ service_request_id: expect.any(String), service_notice: expect.stringMatching(/^已受理，编号 .* Received as/), account_id: body.account_id }], existing: false });
    expect(await post(body, key)).toEqual(first);
    // The same fields in another order are the same body.
    expect(await post(Object.fromEntries(Object.entries(body).reverse()), key)).toEqual(first);
    const reused = await refusal({ ...body, description: '另一个问题' }, key);
    expect(reused.code).toBe(CommonErrorCode.IdempotencyKeyReused);
    // Another account_id is another body too, though it files the same report.
    expect((await refusal({ ...body, account_id: 'someone-else' }, key)).code).toBe(CommonErrorCode.IdempotencyKeyReused);
    expect(await incidentsOf(`${platform.id}:${key}`)).toBe(1);
    // One record: the office's own key table, in the intake's transaction; none in the shared store.
    expect(await count(`SELECT count(*)::int AS n FROM office.idempotency_keys WHERE key = $1 AND actor_id = $2 AND operation = $3`, [key, platform.id, Open311Create.subject])).toBe(1);
    expect(await count(`SELECT count(*)::int AS n FROM office.idempotency_requests WHERE key = $1`, [key])).toBe(0);
  });

  it('files one incident for racing retries: each waits for the first\'s commit and answers its answer (201, not a repeat\'s 200)', async () => {
    const key = `race-${randomUUID()}`;
    const body = form();
    const answers = await Promise.all(Array.from({ length: 6 }, () => post(body, key)));
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0].existing).toBe(false);
    expect(await incidentsOf(`${platform.id}:${key}`)).toBe(1);
  });

  it('keeps nothing of a refused POST: its retry with the key runs', async () => {
    const key = `fix-${randomUUID()}`;
    const body = form();
    const bad = await refusal({ ...body, service_code: 'no_such_service' }, key);
    expect(bad.code).toBe(CommonErrorCode.ValidationFailed);
    const ok = await post(body, key);
    expect(ok.existing).toBe(false);
    expect(await incidentsOf(`${platform.id}:${key}`)).toBe(1);
  });

  it('keeps a reference for good: a repeat without a key (FixMyStreet\'s report id), or with a key the office no longer holds, answers the first request (200, 重复提交)', async () => {
    const body = form({ 'attribute[fixmystreet_id]': `${Date.now()}` });
    const first = await post(body);
    const again = await post(body);
    expect(first.existing).toBe(false);
    expect(again).toEqual({ rows: [{ ...first.rows[0], service_notice: expect.stringMatching(/重复提交/) }], existing: true });
    // Another platform's same reference is its own request.
    expect((await post(body, undefined, other)).rows[0].service_request_id).not.toBe(first.rows[0].service_request_id);
    // A key whose record is gone (a POST before the office kept Open311 keys): the source reference still answers.
    const key = `old-${randomUUID()}`;
    const keyed = form();
    const one = await post(keyed, key);
    await svc().ds.query(`DELETE FROM office.idempotency_keys WHERE key = $1`, [key]);
    const two = await post(keyed, key);
    expect(two).toEqual({ rows: [{ ...one.rows[0], service_notice: expect.stringMatching(/重复提交/) }], existing: true });
    // ... and its retry is that answer again, now kept under the key.
    expect(await post(keyed, key)).toEqual(two);
    // No reference: every POST is a new report.
    const plain = form();
    expect((await post(plain)).rows[0].service_request_id).not.toBe((await post(plain)).rows[0].service_request_id);
  });

  it('costs the statements of an intake: without a key, with a key, with FixMyStreet\'s reference', async () => {
    const cost = async (send: () => Promise<unknown>, key?: string) => (await statementsOf(appDs(), send, key)).statements;
    const asGateway = (c: typeof ReportIncident | typeof Open311Create, body: object) => () => svc().call(c as typeof Open311Create, body as never, platform);
    await post(form()); // the category table in memory (kept 30 s), as in a running office

    const plainIntake = await cost(asGateway(ReportIncident, intake()));
    const plainPost = await cost(asGateway(Open311Create, { params: form() }));
    // A keyed or FixMyStreet POST has a source reference (the client's): next to an intake with one (a hotline ticket's).
    const k1 = `k-${randomUUID()}`;
    const keyedIntakeBody = intake({ sourceRef: `ticket-${randomUUID()}`, idempotencyKey: k1 });
    const keyedIntake = await cost(asGateway(ReportIncident, keyedIntakeBody), k1);
    const k2 = `k-${randomUUID()}`;
    const keyedPostBody = { params: form(), idempotencyKey: k2 };
    const keyedPost = await cost(asGateway(Open311Create, keyedPostBody), k2);
    const refIntake = await cost(asGateway(ReportIncident, intake({ sourceRef: `ticket-${randomUUID()}` })));
    const refPost = await cost(asGateway(Open311Create, { params: form({ 'attribute[fixmystreet_id]': randomUUID() }) }));
    // A retry of each keyed one: the kept answer.
    const replayIntake = await cost(asGateway(ReportIncident, { ...keyedIntakeBody }), k1);
    const replayPost = await cost(asGateway(Open311Create, { ...keyedPostBody }), k2);

    // The same statements, one by one (docs/performance.md §19: 6, 10, 8 and 4; before, 8, 14, 8 and 1).
    expect(plainPost).toEqual(plainIntake);
    expect(keyedPost).toEqual(keyedIntake);
    expect(refPost).toEqual(refIntake);
    expect(replayPost).toEqual(replayIntake);
    expect(keyedPost.filter((q) => /idempotency_requests/.test(q))).toEqual([]);
  });

  it('answers GET requests, a list by ids and requests/{id} in one statement each (its plan: query-plans.e2e-spec.ts)', async () => {
    // (the POSTs also bring the category table into memory)
    const ids = [(await post(form())).rows[0].service_request_id, (await post(form())).rows[0].service_request_id];
    const cost = async (send: () => Promise<{ items: unknown[] }>) => {
      const { result, statements } = await statementsOf(appDs(), send);
      expect(result.items.length).toBeGreaterThan(0);
      return statements;
    };
    for (const statements of [
      await cost(() => svc().call(Open311Find, { params: { page_size: '50' }, vocabulary: 'plain' }, platform)),
      await cost(() => svc().call(Open311Find, { params: { status: 'open', service_code: 'exposed_rubbish' }, vocabulary: 'extended' }, platform)),
      await cost(() => svc().call(Open311Find, { params: { service_request_id: ids.join(',') }, vocabulary: 'plain' }, platform)),
      await cost(() => svc().call(Open311Get, { ids: [ids[0]], vocabulary: 'plain' }, platform)),
    ]) {
      expect(statements).toHaveLength(1);
      expect(statements[0]).toMatch(/FROM office\.incidents i LEFT JOIN LATERAL/);
    }
  });
});
