import { CommonErrorCode, FinishIncidentImport, ImportIncidentRecord, ImportIncidents, KeyAreaStats } from '@grid122/contracts';
import { importRecord, serviceUnderTest, TEST_STREET as STREET, TestRequest } from '@grid122/testing';
import { AppModule } from '../src/app.module';
import { dataSourceOptions } from '../src/database/data-source';
import { StatsRepository } from '../src/stats/stats.repository';

jest.setTimeout(120_000);

/**
 * Bulk import of historical incidents (历史数据迁移) through the office's contracts, as the gateway's
 * import route sends a file: batches of up to ImportIncidents.BATCH records under a run's id
 * (`office.incident.import`, staged by COPY) and the run's finish (`office.incident.import.finish`,
 * the staged rows moved into the ledger, or dropped with `discard`), or a batch on its own, moved at
 * once. The office's rules: a record's category must be its key area's, idempotent by (source,
 * sourceRef), time-ordered ids, an `import` history entry, every counter equal to the rows. Reading
 * NDJSON, line numbers, batching and when a run is finished or dropped are the gateway's
 * (apps/gateway/src/incidents/import.http-controller.spec.ts, apps/gateway/test/incidents-import.e2e-spec.ts).
 */
describe('office: bulk import of historical incidents', () => {
  const svc = serviceUnderTest({ app: 'office', module: () => AppModule.forRoot(), dataSource: dataSourceOptions, env: { OFFICE_SWEEP_INTERVAL_MS: '0' } });
  type Rec = TestRequest<ImportIncidentRecord>;
  const rec = importRecord;
  const rejectedLine = { state: 'rejected', closureType: undefined, resolutionLevel: undefined, closedAt: undefined };
  /** A run as the gateway sends a file: each batch staged under the run's id, then the finish. */
  const batches = (records: Rec[]) => Array.from({ length: Math.ceil(records.length / ImportIncidents.BATCH) }, (_, i) => records.slice(i * ImportIncidents.BATCH, (i + 1) * ImportIncidents.BATCH));
  const stage = (runId: string, records: Rec[]) => svc().call(ImportIncidents, { runId, records }, 'admin');
  const finish = (runId: string, discard = false) => svc().call(FinishIncidentImport, { runId, discard }, 'admin');
  const count = async () => (await svc().ds.query(`SELECT count(*)::int AS n FROM office.incidents`))[0].n as number;
  const plain = (rows: Record<string, unknown>[]) => rows.map((r) => ({ ...r, grid_path: String(r.grid_path) }));

  /** The ledger and every counter agree: daily counters = a recount, roll-ups = the daily rows, category counters = the rows, nothing left staged. */
  const expectReconciled = async () => {
    const ds = svc().ds;
    const stats = new StatsRepository(ds);
    const kept = await ds.query(`SELECT * FROM office.stats_daily ORDER BY day, grid_path, key_area`);
    const recount = await ds.query(`SELECT * FROM (${stats.recountSql()}) r ORDER BY day, grid_path, key_area`);
    expect(plain(kept)).toEqual(plain(recount));
    expect(await stats.rollupDrift()).toEqual([]);
    const cat = await ds.query(`SELECT category, grid_path::text AS g, day::text AS d, found, closed FROM office.category_daily WHERE found <> 0 OR closed <> 0 ORDER BY 1, 2, 3`);
    const want = await ds.query(
      `SELECT category, grid_path::text AS g, stats_day::text AS d, count(*) FILTER (WHERE state <> 'duplicate')::int AS found, count(*) FILTER (WHERE state = 'closed')::int AS closed
       FROM office.incidents GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    );
    expect(cat).toEqual(want);
    // Nothing is left in the staging table once a run is finished (or dropped).
    expect(await ds.query(`SELECT count(*)::int AS n FROM office.incident_import_staging`)).toEqual([{ n: 0 }]);
  };

  it('imports a batch on its own: good records in, bad ones named by index and field, the counters equal to the rows', async () => {
    const res = await svc().call(
      ImportIncidents,
      { records: [rec(1), rec(2, rejectedLine), rec(3, { category: 'gas_hazard' }), rec(4, { closureType: 'not_responsible' }), rec(5, { extra: 1 }), rec(6, { reportedAt: '2999-01-01T00:00:00Z' })] },
      'admin',
    );
    expect(res).toMatchObject({ inserted: 3, skipped: 0 });
    // gas_hazard belongs to production_safety; the office checks each record again (an unknown field, a future date)
    expect(res.rejected).toEqual([
      expect.objectContaining({ index: 2, field: 'category', reason: expect.stringContaining('production_safety') }),
      expect.objectContaining({ index: 4, field: 'extra' }),
      expect.objectContaining({ index: 5, field: 'reportedAt' }),
    ]);

    const ds = svc().ds;
    const rows = await ds.query(`SELECT id, code, state, closure_type, registered_at IS NOT NULL AS reg, grid_path::text AS path FROM office.incidents ORDER BY source_ref`);
    expect(rows).toHaveLength(3);
    // Time-ordered ids (UUID version 7): a batch appends to the primary key instead of scattering.
    for (const r of rows) expect(r.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(rows[0].code).toMatch(/^BTQ-2024030\d-I\d+$/);
    expect(rows.map((r: { state: string }) => r.state)).toEqual(['closed', 'rejected', 'closed']);
    const history = await ds.query(`SELECT action, to_state, by_role FROM office.incident_history`);
    expect(history).toHaveLength(3);
    expect(history.every((h: { action: string; by_role: string }) => h.action === 'import' && h.by_role === 'admin')).toBe(true);

    // The incremental counters equal a recount from the rows (the office's own rules).
    const kept = await ds.query(`SELECT * FROM office.stats_daily ORDER BY day, grid_path, key_area`);
    const recount = await ds.query(`SELECT * FROM (${new StatsRepository(ds).recountSql()}) r ORDER BY day, grid_path, key_area`);
    expect(plain(kept)).toEqual(plain(recount));
    expect(await new StatsRepository(ds).rollupDrift()).toEqual([]);
    // The category counters (hotspots, themes) take the imported rows too.
    const [cat] = await ds.query(`SELECT sum(found)::int AS found, sum(closed)::int AS closed FROM office.category_daily`);
    const [want] = await ds.query(`SELECT count(*) FILTER (WHERE state <> 'duplicate')::int AS found, count(*) FILTER (WHERE state = 'closed')::int AS closed FROM office.incidents`);
    expect(cat).toEqual(want);

    const stats = await svc().call(KeyAreaStats, { root: STREET }, 'commander');
    expect(stats.rows.find((r) => r.keyArea === 'illegal_business')).toMatchObject({ found: 3, solved: 1 });
  });

  it('is idempotent by (source, sourceRef): the same records again insert nothing', async () => {
    const res = await svc().call(ImportIncidents, { records: [rec(1), rec(2, rejectedLine), rec(4, { closureType: 'not_responsible' })] }, 'admin');
    expect(res).toMatchObject({ inserted: 0, skipped: 3, rejected: [] });
    expect(await count()).toBe(3);
    const [{ found }] = await svc().ds.query(`SELECT sum(found)::int AS found FROM office.stats_daily`);
    expect(found).toBe(3);
  });

  it('stages a run’s batches and moves them at its finish: 4,500 records in three batches, the counters reconciled', async () => {
    const runId = '0f8e2a4c-1b3d-4e5f-8a7b-9c0d1e2f3a4b';
    const replies = [];
    for (const b of batches(Array.from({ length: 4500 }, (_, i) => rec(1000 + i)))) replies.push(await stage(runId, b));
    expect(replies.map((r) => [r.staged, r.inserted, r.skipped, r.rejected.length])).toEqual([[2000, 0, 0, 0], [2000, 0, 0, 0], [500, 0, 0, 0]]);
    expect(await count()).toBe(3); // staged, not in the ledger yet
    expect(await finish(runId)).toEqual({ inserted: 4500, skipped: 0 });
    expect(await count()).toBe(4503);
    await expectReconciled();
  });

  it('a re-run (and a record repeated within one run) inserts nothing twice, keeps tabs, backslashes and newlines; the counters still reconcile', async () => {
    const before = await count();
    const runId = '1a2b3c4d-5e6f-4a0b-8c1d-2e3f4a5b6c7d';
    const records = [...Array.from({ length: 2500 }, (_, i) => rec(1000 + i)), rec(9001), rec(9001), rec(9002, { title: '占道经营 历史\t制表符 \\ 反斜杠\n换行' })];
    for (const b of batches(records)) await stage(runId, b);
    expect(await finish(runId)).toEqual({ inserted: 2, skipped: 2501 });
    expect(await count()).toBe(before + 2);
    // COPY's text format keeps tabs, backslashes and newlines as they were sent.
    const [row] = await svc().ds.query(`SELECT title FROM office.incidents WHERE source_ref = 'OLD-9002'`);
    expect(row.title).toBe('占道经营 历史\t制表符 \\ 反斜杠\n换行');
    await expectReconciled();
  });

  it('moves staged rows while a run goes on (24,000 records: a finish after 20,000 while batches still stage, then the rest), the counters reconciled', async () => {
    const before = await count();
    const runId = '2b3c4d5e-6f7a-4b1c-9d2e-3f4a5b6c7d8e';
    const records = Array.from({ length: 24_000 }, (_, i) =>
      rec(50_000 + i, { gridPath: `${STREET}.c0${1 + (i % 3)}.g2_01.g3_0${1 + (i % 2)}`, reportedAt: new Date(Date.UTC(2021, 0, 1) + (i % 900) * 86_400_000).toISOString(), closedAt: undefined }),
    );
    const all = batches(records);
    for (const b of all.slice(0, 10)) await stage(runId, b);
    // as the gateway does at 20,000 staged: a move while the next batches are staged beside it
    const [mid] = await Promise.all([finish(runId), stage(runId, all[10]), stage(runId, all[11])]);
    const end = await finish(runId);
    expect(mid.inserted).toBeGreaterThanOrEqual(20_000);
    expect(mid.inserted + end.inserted).toBe(24_000);
    expect(mid.skipped + end.skipped).toBe(0);
    expect(await count()).toBe(before + 24_000);
    await expectReconciled();
  }, 180_000);

  it('drops a run’s staged records when told to discard it (a stream that failed midway): nothing of it imported', async () => {
    const before = await count();
    const runId = '3c4d5e6f-7a8b-4c2d-8e3f-4a5b6c7d8e9f';
    for (const b of batches(Array.from({ length: 2100 }, (_, i) => rec(20_000 + i)))) await stage(runId, b);
    expect(await finish(runId, true)).toEqual({ inserted: 0, skipped: 0 });
    expect(await finish(runId)).toEqual({ inserted: 0, skipped: 0 });
    expect(await count()).toBe(before);
    await expectReconciled();
  });

  it('is for the administrator only, and refuses a batch over ImportIncidents.BATCH records naming records', async () => {
    for (const who of ['commander', 'district'] as const) {
      expect((await svc().refusal(ImportIncidents, { records: [rec(9)] }, who)).code).toBe(CommonErrorCode.Forbidden);
      expect((await svc().refusal(FinishIncidentImport, { runId: '4d5e6f7a-8b9c-4d3e-9f4a-5b6c7d8e9f0a' }, who)).code).toBe(CommonErrorCode.Forbidden);
    }
    expect(await svc().invalidField(ImportIncidents, { records: Array.from({ length: ImportIncidents.BATCH + 1 }, (_, i) => rec(30_000 + i)) }, 'admin')).toBe('records');
    expect(await count()).toBeGreaterThan(0);
    const [{ n }] = await svc().ds.query(`SELECT count(*)::int AS n FROM office.incidents WHERE source_ref IN ('OLD-9', 'OLD-30000')`);
    expect(n).toBe(0);
  });
});
