import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { TestEnv } from '@grid122/testing';
import { Indicator } from '@grid122/contracts';
import { dataSourceOptions } from '../src/database/data-source';
import { FactRow, IndicatorRepository } from '../src/indicator/indicator.repository';

jest.setTimeout(240_000);

/**
 * The live indicator values (each event's facts added to its persons' and grid paths' counters,
 * summed once per transaction) equal the month's full rebuild from the facts (the monthly close),
 * for any facts in any batches, with repeats (a redelivered event adds nothing) and a person who
 * both reported and handled (credited once). Property-based over real Postgres.
 */
const PERSONS = ['11111111-1111-4111-8111-000000000001', '11111111-1111-4111-8111-000000000002', '11111111-1111-4111-8111-000000000003'];
const PATHS = ['nj.gulou.btq.c01.g2_01', 'nj.gulou.btq.c01.g2_02', 'nj.gulou.btq.c02', 'nj.gulou.nhj.c01.g2_01', 'nj'];
const INDICATORS = [Indicator.IncidentsReported, Indicator.IncidentsHandled, Indicator.SurveysAnswered];
const eventId = (i: number) => `22222222-2222-4222-8222-${String(i).padStart(12, '0')}`;

const fact = fc.record({
  event: fc.integer({ min: 0, max: 30 }),
  indicator: fc.constantFrom(...INDICATORS),
  month: fc.constantFrom('2026-11', '2026-12'),
  gridPath: fc.option(fc.constantFrom(...PATHS), { nil: null }),
  personId: fc.option(fc.constantFrom(...PERSONS), { nil: null }),
  handlerId: fc.option(fc.constantFrom(...PERSONS), { nil: null }),
  value: fc.constantFrom(1, 0.5, 2.25, 3),
});
const toRow = (f: { event: number; indicator: Indicator; month: string; gridPath: string | null; personId: string | null; handlerId: string | null; value: number }): FactRow => ({
  eventId: eventId(f.event), eventType: 'office.incident.reported', indicator: f.indicator, month: f.month, occurredAt: `${f.month}-15T04:00:00Z`,
  gridPath: f.gridPath, personId: f.personId, handlerId: f.handlerId, departmentId: null, unit: null, keyArea: null, refId: null, value: f.value,
});

describe('appraisal indicators: incremental = rebuild', () => {
  let env: TestEnv;
  let ds: DataSource;
  let repo: IndicatorRepository;

  beforeAll(async () => {
    env = await TestEnv.start();
    await env.migrate(dataSourceOptions());
    ds = await new DataSource(dataSourceOptions()).initialize();
    repo = new IndicatorRepository(ds);
  });
  afterAll(async () => {
    await ds?.destroy();
    await env?.stop();
  });

  const snapshot = () => ds.query(`SELECT month::text, subject_kind, subject, indicator, value::text FROM appraisal.indicator_values ORDER BY 1, 2, 3, 4`);

  it('gives the same values for any facts in any batches, repeats included', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(fact, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 8 }), fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }), async (batches, redeliver) => {
        await ds.query(`TRUNCATE appraisal.indicator_facts, appraisal.indicator_values`);
        for (const [i, batch] of batches.entries()) {
          const times = redeliver[i] ? 2 : 1;
          for (let t = 0; t < times; t++) {
            await ds.transaction(async (m) => {
              // One event's facts per insert, as the consumer does, several events per transaction.
              for (const f of batch) await repo.insertFacts(m, [toRow(f)]);
              await repo.flushValues(m);
            });
          }
        }
        const live = await snapshot();
        for (const month of ['2026-11', '2026-12']) await ds.transaction((m) => repo.rebuild(m, month));
        expect(live).toEqual(await snapshot());
      }),
      { numRuns: 40 },
    );
  });

  it('writes each transaction\'s additions in one statement, however many facts the month holds', async () => {
    await ds.query(`TRUNCATE appraisal.indicator_facts, appraisal.indicator_values`);
    // A month with 20,000 facts already (the demo street holds ~16k).
    await ds.query(
      `INSERT INTO appraisal.indicator_facts (event_id, indicator, event_type, month, occurred_at, grid_path, person_id, value)
       SELECT gen_random_uuid(), 'incidents_reported', 'office.incident.reported', '2026-12-01', '2026-12-15T04:00:00Z', ('nj.gulou.btq.c0' || (i % 9) || '.g2_0' || (i % 7))::ltree, $1, 1
         FROM generate_series(1, 20000) i`,
      [PERSONS[0]],
    );
    await ds.transaction((m) => repo.rebuild(m, '2026-12'));
    const statements: string[] = [];
    await ds.transaction(async (m) => {
      const query = m.query.bind(m);
      m.query = ((sql: string, params?: unknown[]) => {
        statements.push(sql);
        return query(sql, params);
      }) as typeof m.query;
      await repo.insertFacts(m, [toRow({ event: 1, indicator: Indicator.IncidentsReported, month: '2026-12', gridPath: 'nj.gulou.btq.c01.g2_01', personId: PERSONS[0], handlerId: null, value: 1 })]);
      await repo.flushValues(m);
    });
    // No statement reads the month's facts: one insert, one lock, one upsert of the counters.
    expect(statements.filter((s) => /FROM indicator_facts/.test(s))).toEqual([]);
    expect(statements).toHaveLength(3);
    const [{ v }] = await ds.query(`SELECT value::int AS v FROM appraisal.indicator_values WHERE month = '2026-12-01' AND subject_kind = 'grid' AND subject = 'nj'`);
    expect(v).toBe(20001);
  });

  it('enrols at the flush what it enrolled event by event, in any batches: a person\'s first enrolment wins, the roster\'s rows stay', async () => {
    const enrolment = fc.record({
      person: fc.constantFrom(...PERSONS),
      kind: fc.constantFrom('grid_worker' as const, 'seconded' as const),
      gridPath: fc.constantFrom(...PATHS),
      departmentId: fc.option(fc.constant('33333333-3333-4333-8333-000000000001'), { nil: null }),
    });
    const appraisees = () => ds.query(`SELECT person_id, name, kind, grid_path::text, department_id FROM appraisal.appraisees ORDER BY person_id`);
    const roster = () => ds.query(`INSERT INTO appraisal.appraisees (person_id, name, kind, grid_path) VALUES ($1, '网格员甲 roster', 'grid_worker', 'nj.gulou')`, [PERSONS[2]]);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(enrolment, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 6 }), async (batches) => {
        const all = batches.flat().map((e) => ({ personId: e.person, kind: e.kind, gridPath: e.gridPath, departmentId: e.departmentId }));
        // One event at a time: each enrolment in a transaction of its own.
        await ds.query(`TRUNCATE appraisal.appraisees`);
        await roster();
        for (const e of all) {
          await ds.transaction(async (m) => {
            repo.enrol(m, e);
            await repo.flushValues(m);
          });
        }
        const oneByOne = await appraisees();
        // In batches: each batch's enrolments written at its flush.
        await ds.query(`TRUNCATE appraisal.appraisees`);
        await roster();
        for (const batch of batches) {
          await ds.transaction(async (m) => {
            for (const e of batch) repo.enrol(m, { personId: e.person, kind: e.kind, gridPath: e.gridPath, departmentId: e.departmentId });
            await repo.flushValues(m);
          });
        }
        expect(await appraisees()).toEqual(oneByOne);
        // The first enrolment of each person is the one kept; the roster's row is never overwritten.
        const first = new Map<string, (typeof all)[number]>();
        for (const e of all) if (!first.has(e.personId)) first.set(e.personId, e);
        for (const row of oneByOne as { person_id: string; kind: string; grid_path: string }[]) {
          if (row.person_id === PERSONS[2]) expect(row).toMatchObject({ kind: 'grid_worker', grid_path: 'nj.gulou' });
          else expect(row).toMatchObject({ kind: first.get(row.person_id)!.kind, grid_path: first.get(row.person_id)!.gridPath });
        }
      }),
      { numRuns: 30 },
    );
  });
});
