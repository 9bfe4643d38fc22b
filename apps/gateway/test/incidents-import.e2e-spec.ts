import { importRecord } from '@grid122/testing';
import { startSuite, STREET, Suite } from './support/suite';

/**
 * Bulk import of historical incidents (历史数据迁移) through the gateway's route end to end: NDJSON in,
 * one summary out (line numbers and fields), admin only, NDJSON only, a failed stream answered 400
 * with nothing imported. Reading, batching, moving while the stream goes on and dropping a failed
 * run are the route's unit spec (apps/gateway/src/incidents/import.http-controller.spec.ts); the
 * office's staging, moving, idempotency and counters its import spec (apps/office/test/incidents-import.e2e-spec.ts).
 */
describe('incidents: bulk import (POST /api/v1/incidents/import)', () => {
  let suite: Suite;
  const auth = async (who: string) => ({ authorization: `Bearer ${await suite.token(who)}` });
  const rec = importRecord;
  const ndjson = (lines: unknown[]) => lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n';
  const post = async (who: string, body: string) =>
    suite.http().post('/api/v1/incidents/import').set(await auth(who)).set('content-type', 'application/x-ndjson').send(body);

  beforeAll(async () => {
    suite = await startSuite({ services: ['office'], env: { OFFICE_SWEEP_INTERVAL_MS: '0' } });
  }, 120_000);
  afterAll(() => suite?.stop());

  /** What the office's ledger counts for the street, all time (the imported years included). */
  const found = async () => (await suite.http().get(`/api/v1/stats/key-areas?root=${STREET}`).set(await auth('commander')).expect(200)).body.total.found as number;

  it('imports good lines and reports bad ones by line number and field: its own checks and the office’s, as one answer', async () => {
    const body = ndjson([
      rec(1),
      rec(2, { state: 'rejected', closureType: undefined, resolutionLevel: undefined, closedAt: undefined }),
      rec(3, { category: 'gas_hazard' }), // belongs to production_safety: the office refuses it
      '{not json',
      rec(4, { closureType: 'not_responsible' }),
      rec(5, { extra: 1 }),
      rec(6, { reportedAt: '2999-01-01T00:00:00Z' }),
    ]);
    const res = await post('admin', body);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ lines: 7, inserted: 3, skipped: 0, rejected: 4 });
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ line: 3, field: 'category' }),
        expect.objectContaining({ line: 4, field: '(line)' }),
        expect.objectContaining({ line: 6, field: 'extra' }),
        expect.objectContaining({ line: 7, field: 'reportedAt' }),
      ]),
    );
    // The rows, their history and every counter are the office's (apps/office/test/incidents-import.e2e-spec.ts); here the ledger's route counts them.
    const stats = await suite.http().get(`/api/v1/stats/key-areas?root=${STREET}`).set(await auth('commander')).expect(200);
    expect(stats.body.rows.find((r: { keyArea: string }) => r.keyArea === 'illegal_business')).toMatchObject({ found: 3, solved: 1 });
  });

  it('is idempotent by (source, sourceRef): the same file again inserts nothing', async () => {
    const res = await post('admin', ndjson([rec(1), rec(2, { state: 'rejected', closureType: undefined, resolutionLevel: undefined, closedAt: undefined }), rec(4, { closureType: 'not_responsible' })]));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ inserted: 0, skipped: 3, rejected: 0 });
    expect(await found()).toBe(3);
  });

  it('imports a file of several batches end to end: 4,500 lines (batching, staging and moving: the route’s unit spec and the office’s import spec)', async () => {
    const lines = Array.from({ length: 4500 }, (_, i) => rec(1000 + i));
    const res = await post('admin', ndjson(lines));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ lines: 4500, inserted: 4500, rejected: 0 });
    expect(await found()).toBe(4503);
  });

  it('a re-run (and a line repeated within one file) inserts nothing twice; a title keeps its tab, backslash and newline', async () => {
    const before = await found();
    const lines = [...Array.from({ length: 2500 }, (_, i) => rec(1000 + i)), rec(9001), rec(9001), rec(9002, { title: '占道经营 历史\t制表符 \\ 反斜杠\n换行' })];
    const res = await post('admin', ndjson(lines));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ lines: 2503, inserted: 2, skipped: 2501, rejected: 0 });
    expect(await found()).toBe(before + 2);
    const listed = await suite.http().get('/api/v1/incidents?source=district_platform&sourceRef=OLD-9002').set(await auth('commander')).expect(200);
    expect(listed.body.items.map((i: { title: string }) => i.title)).toEqual(['占道经营 历史\t制表符 \\ 反斜杠\n换行']);
  });

  it('a stream that fails midway answers 400 and imports nothing of it (what it staged is dropped)', async () => {
    const before = await found();
    const good = Array.from({ length: 2100 }, (_, i) => rec(20_000 + i));
    const res = await post('admin', ndjson(good) + 'x'.repeat(70 * 1024));
    expect(res.status).toBe(400);
    expect(await found()).toBe(before);
  });

  it('is for the administrator only, and takes NDJSON only', async () => {
    expect((await post('commander', ndjson([rec(9)]))).status).toBe(403);
    const res = await suite.http().post('/api/v1/incidents/import').set(await auth('admin')).set('content-type', 'application/json').send({ x: 1 });
    expect(res.status).toBe(415);
    expect(res.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });
});
