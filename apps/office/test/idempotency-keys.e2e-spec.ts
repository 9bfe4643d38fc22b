import { randomUUID } from 'node:crypto';
import { Actor, Open311Create, ReportIncident, Role } from '@grid122/contracts';
import { IDEMPOTENCY_KEY_RETENTION_HOURS } from '@grid122/messaging';
import { requestContext } from '@grid122/observability';
import { serviceUnderTest, TEST_STREET as STREET, TestRequest } from '@grid122/testing';
import { AppModule } from '../src/app.module';
import { dataSourceOptions } from '../src/database/data-source';
import { IncidentRepository } from '../src/incident/incident.repository';
import { SupervisionService } from '../src/supervision/supervision.service';

jest.setTimeout(120_000);

/**
 * The office's own Idempotency-Keys (`office.idempotency_keys`: intake, diaries, the Open311 POST)
 * are kept as long as the shared store keeps its keys (IDEMPOTENCY_KEY_RETENTION_HOURS, docs/api.md)
 * and forgotten by the office's periodic sweep, in batches. A key's age is set by moving its
 * `created_at` back; the timer is off and the sweep's tick is run by hand.
 */
describe('office: Idempotency-Keys kept for the window, then forgotten by the sweep', () => {
  const svc = serviceUnderTest({ app: 'office', module: () => AppModule.forRoot(), dataSource: dataSourceOptions, env: { OFFICE_SWEEP_INTERVAL_MS: '0' } });
  const platform: Actor = { id: randomUUID(), username: 'district-platform', displayName: '鼓楼区平台', role: Role.Platform, scope: STREET };
  let n = 0;
  const spot = () => {
    n += 1;
    return { lng: 118.6 + n * 0.002, lat: 32.07 };
  };
  const intake = (): TestRequest<ReportIncident.Request> => ({ source: 'hotline_12345', title: `垃圾暴露 ${n}`, keyArea: 'other', category: 'exposed_rubbish', location: spot(), gridPath: STREET });
  /** As the gateway sends it: the key in the request and in the request's context (the NATS header). */
  const report = (body: TestRequest<ReportIncident.Request>, key: string) =>
    requestContext.run({ requestId: randomUUID(), idempotencyKey: key }, () => svc().call(ReportIncident, { ...body, idempotencyKey: key }, platform));
  const post = (params: Record<string, string>, key: string) =>
    requestContext.run({ requestId: randomUUID(), idempotencyKey: key }, () => svc().call(Open311Create, { params, idempotencyKey: key }, platform));
  const form = (): Record<string, string> => {
    const p = spot();
    return { service_code: 'exposed_rubbish', lat: String(p.lat), long: String(p.lng), description: `垃圾暴露 ${n}`, first_name: '张', last_name: '三' };
  };
  /** Moves a key's claim back by the window plus `minutes` (negative: still inside the window). */
  const age = (key: string, minutes: number) =>
    svc().ds.query(`UPDATE office.idempotency_keys SET created_at = now() - make_interval(hours => $2, mins => $3) WHERE key = $1`, [key, IDEMPOTENCY_KEY_RETENTION_HOURS, minutes]);
  const held = async (key: string) => Number((await svc().ds.query(`SELECT count(*)::int AS n FROM office.idempotency_keys WHERE key = $1`, [key]))[0].n);
  const sweep = () => svc().app!.get(SupervisionService);

  it('forgets a key older than the window at the sweep\'s tick and keeps a younger one', async () => {
    const old = `old-${randomUUID()}`;
    const young = `young-${randomUUID()}`;
    await report(intake(), old);
    await report(intake(), young);
    await age(old, 1);
    await age(young, -1);
    await sweep().tick();
    expect(await held(old)).toBe(0);
    expect(await held(young)).toBe(1);
  });

  it('deletes in bounded batches until none is left past the window', async () => {
    const keys = Array.from({ length: 5 }, () => `batch-${randomUUID()}`);
    for (const k of keys) await report(intake(), k);
    for (const k of keys) await age(k, 10);
    // One statement forgets at most its batch ...
    expect(await svc().app!.get(IncidentRepository).pruneIdempotencyKeys(IDEMPOTENCY_KEY_RETENTION_HOURS, 2)).toBe(2);
    // ... and the sweep runs batches until one comes back short.
    expect(await sweep().forgetKeys(2)).toBe(3);
    for (const k of keys) expect(await held(k)).toBe(0);
  });

  it('answers a retry inside the window as the first; after the window an intake without a source reference is a new request', async () => {
    const key = `intake-${randomUUID()}`;
    const body = intake();
    const first = await report(body, key);
    await age(key, -1);
    await sweep().tick();
    const retry = await report(body, key);
    expect(retry.id).toBe(first.id);
    expect(retry.existing).toBeFalsy();
    await age(key, 1);
    await sweep().tick();
    const after = await report(body, key);
    expect(after.id).not.toBe(first.id);
    expect(after.existing).toBeFalsy();
    // The new request claimed the key afresh: its own retry answers it.
    expect((await report(body, key)).id).toBe(after.id);
  });

  it('answers a keyed Open311 POST after the window through its source reference: the same request, 200 重复提交', async () => {
    const key = `open311-${randomUUID()}`;
    const params = form();
    const first = await post(params, key);
    expect(first.existing).toBe(false);
    await age(key, 1);
    await sweep().tick();
    expect(await held(key)).toBe(0);
    const after = await post(params, key);
    expect(after).toEqual({ rows: [{ ...first.rows[0], service_notice: expect.stringMatching(/重复提交/) }], existing: true });
  });
});
