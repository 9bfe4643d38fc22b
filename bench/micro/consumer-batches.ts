// Statements and time per event of appraisal's and the office's hotspot consumers applying a batch
// (issue 27 item 6; docs/performance.md section 18), for batches of 1, 10 and 100 events, the code
// under test against a build before (BENCH_BEFORE: a tree holding that commit's apps/appraisal/src
// and apps/office/src inside this checkout, so its imports resolve here), alternating in one run.
//   git archive <before> apps/appraisal/src apps/office/src | (mkdir -p .run/before && tar -x -C .run/before)
//   BENCH_BEFORE=.run/before TEST_DATABASE_URL=… NATS_SERVER_BIN=$(which nats-server) NODE_ENV=test \
//     node --require ./scripts/swc-register.js bench/micro/consumer-batches.ts
// Each run applies the same events (BENCH_EVENTS) from empty tables through EventConsumers.handleEvents,
// as the JetStream reader hands a batch; statements counted per transaction (statementsPerRunner),
// wall time (Node and Postgres) and Node CPU (process.cpuUsage) per event; medians of BENCH_ROUNDS.
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import path from 'node:path';
import { Logger } from '@nestjs/common';
import { DomainEvent, eventAggregate, OfficeEvents, Role } from '@grid122/contracts';
import { EventConsumers, OutboxWriter, Registered } from '@grid122/messaging';
import { statementsPerRunner, TestEnv } from '@grid122/testing';
import { DataSource } from 'typeorm';

const N = Number(process.env.BENCH_EVENTS ?? 400);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SIZES = (process.env.BENCH_SIZES ?? '1,10,100').split(',').map(Number);
const BEFORE = process.env.BENCH_BEFORE;
const here = path.resolve(__dirname, '../..');
const T0 = Date.parse('2026-12-03T01:00:00Z');
const P = (n: number) => `11111111-1111-4111-8111-${String(n).padStart(12, '0')}`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The consumers of one tree (this one, or the one before). */
function load(root: string) {
  const r = (p: string) => require(path.join(root, p));
  return {
    appraisal: {
      IndicatorService: r('apps/appraisal/src/indicator/indicator.service').IndicatorService,
      IndicatorRepository: r('apps/appraisal/src/indicator/indicator.repository').IndicatorRepository,
      SurveyRepository: r('apps/appraisal/src/survey/survey.repository').SurveyRepository,
    },
    office: {
      HotspotConsumer: r('apps/office/src/hotspot/hotspot.consumer').HotspotConsumer,
      HotspotRepository: r('apps/office/src/hotspot/hotspot.repository').HotspotRepository,
      HotspotEnv: r('apps/office/src/hotspot/hotspot.env').HotspotEnv,
      IncidentRepository: r('apps/office/src/incident/incident.repository').IncidentRepository,
      IncidentClockService: r('apps/office/src/incident/incident-clock.service').IncidentClockService,
      OfficeEnv: r('apps/office/src/config/office.env').OfficeEnv,
    },
  };
}

/** Appraisal's stream: incidents reported, accepted, handled, closed and rated, interleaved (a closure reads its handler). */
function appraisalEvents(n: number): DomainEvent[] {
  const lanes: DomainEvent[][] = [];
  let t = 0;
  for (let k = 0; lanes.flat().length < n; k++) {
    const incidentId = randomUUID();
    const seq = { s: 0 };
    const ev = (type: string, data: Record<string, unknown>): DomainEvent => {
      const d = { incidentId, code: `BTQ-${k}`, category: 'exposed_rubbish', keyArea: 'other', gridPath: `nj.gulou.btq.c0${(k % 3) + 1}.g2_0${(k % 2) + 1}`, reportedById: P(1 + (k % 7)), unit: 'city_management', departmentId: null, ...data };
      t += 1;
      return { id: randomUUID(), type, version: 1, source: 'office', occurredAt: new Date(T0 + t * 1000).toISOString(), gridPath: d.gridPath, actorId: null, data: d, aggregate: eventAggregate(type, d) ?? undefined, seq: ++seq.s };
    };
    lanes.push([
      ev(OfficeEvents.IncidentReported, { state: 'reported' }),
      ev(OfficeEvents.IncidentAccepted, { state: 'accepted', byId: P(10 + (k % 5)), byRole: Role.DepartmentLiaison }),
      ev(OfficeEvents.IncidentHandled, { state: 'handled', byId: P(20 + (k % 5)), byRole: Role.DepartmentLiaison, firstHandled: true }),
      ev(OfficeEvents.IncidentClosed, { state: 'closed', closureType: 'fixed', onTime: true, resolutionLevel: 'community' }),
      ev(OfficeEvents.IncidentRated, { state: 'closed', closureType: 'fixed', satisfaction: 'satisfied' }),
    ]);
  }
  const out: DomainEvent[] = [];
  // Five incidents at a time, their events interleaved (as the stream carries them).
  for (let g = 0; g < lanes.length; g += 5) for (let i = 0; i < 5; i++) for (const l of lanes.slice(g, g + 5)) if (l[i]) out.push(l[i]);
  return out.slice(0, n);
}

(async () => {
  if (!BEFORE) throw new Error('BENCH_BEFORE: the tree of the build to compare with');
  Logger.overrideLogger(['error']);
  const env = await TestEnv.start();
  const appraisalDs = (require(path.join(here, 'apps/appraisal/src/database/data-source')).dataSourceOptions as () => object)();
  const officeDs = (require(path.join(here, 'apps/office/src/database/data-source')).dataSourceOptions as () => object)();
  await env.migrate(appraisalDs as never, officeDs as never);
  const ads = await new DataSource(appraisalDs as never).initialize();
  const ods = await new DataSource(officeDs as never).initialize();
  const nc = await env.connectNats('consumer-batches');

  // One consumer of each app per tree.
  const arms = Object.entries({ before: load(path.resolve(BEFORE)), after: load(here) }).map(([name, t]) => {
    const ac = new EventConsumers(ads, () => nc);
    new t.appraisal.IndicatorService(ac, new t.appraisal.IndicatorRepository(ads), new t.appraisal.SurveyRepository(ads)).onModuleInit();
    const oc = new EventConsumers(ods, () => nc);
    const oe = new t.office.OfficeEnv();
    new t.office.HotspotConsumer(oc, new t.office.HotspotRepository(ods), new t.office.IncidentRepository(ods), new t.office.IncidentClockService(ods, oe), new OutboxWriter('office', 'office'), new t.office.HotspotEnv(), oe).onModuleInit();
    return { name, appraisal: { consumers: ac, reg: ac.registration('appraisal')! }, office: { consumers: oc, reg: oc.registration('office-hotspots')! } };
  });

  // The office's stream: reports in 6 cells of 2 communities, 1 in 10 at a place closed 5 days before (a recurrence), as incident rows.
  const closedPlaces: { id: string; lng: number; lat: number }[] = [];
  const officeEvents: DomainEvent[] = [];
  for (let k = 0; k < N; k++) {
    const gridPath = `nj.gulou.btq.c0${(k % 2) + 1}.g2_0${(k % 3) + 1}`;
    const repeat = k % 10 === 0;
    const lng = 118.7 + (repeat ? 0 : 0.001 * (k % 97)) + 0.00001 * (repeat ? closedPlaces.length : 0);
    const lat = 32.0 + (repeat ? 0.2 : 0.001 * Math.floor(k / 97));
    const id = randomUUID();
    const reportedAt = new Date(T0 + k * 1000).toISOString();
    await ods.query(
      `INSERT INTO office.incidents (id, code, title, key_area, category, state, source, grid_path, location, stats_day, reported_at)
       VALUES ($1, $2, '暴露垃圾', 'other', 'exposed_rubbish', 'reported', 'grid_patrol', $3::ltree, ST_SetSRID(ST_MakePoint($4, $5), 4326)::geography, ($6::timestamptz AT TIME ZONE 'Asia/Shanghai')::date, $6)`,
      [id, `BTQ-M${k}`, gridPath, lng, lat, reportedAt],
    );
    if (repeat) {
      const pid = randomUUID();
      await ods.query(
        `INSERT INTO office.incidents (id, code, title, key_area, category, state, source, grid_path, location, stats_day, reported_at, closed_at)
         VALUES ($1, $2, '暴露垃圾', 'other', 'exposed_rubbish', 'closed', 'grid_patrol', $3::ltree, ST_SetSRID(ST_MakePoint($4, $5), 4326)::geography, '2026-11-20', '2026-11-20T02:00:00Z', '2026-11-28T02:00:00Z')`,
        [pid, `BTQ-P${k}`, gridPath, lng, lat],
      );
      closedPlaces.push({ id: pid, lng, lat });
    }
    officeEvents.push({
      id: randomUUID(), type: OfficeEvents.IncidentReported, version: 1, source: 'office', occurredAt: reportedAt, gridPath, actorId: null,
      data: { incidentId: id, code: `BTQ-M${k}`, title: '暴露垃圾', keyArea: 'other', category: 'exposed_rubbish', gridPath, location: { lng, lat }, address: null, reportedAt, state: 'reported' },
    });
  }
  const resetOffice = async () => {
    await ods.query(`TRUNCATE office.category_daily, office.spikes, office.recurrence_places, office.outbox, office.inbox, office.incident_history`);
    await ods.query(`UPDATE office.incidents SET recurrence_of = NULL, recurred_at = NULL WHERE recurrence_of IS NOT NULL OR recurred_at IS NOT NULL`);
    await ods.query(
      `INSERT INTO office.recurrence_places (incident_id, category, grid_path, location, closed_at)
       SELECT id, category, grid_path, location, closed_at FROM office.incidents WHERE id = ANY($1::uuid[])`,
      [closedPlaces.map((p) => p.id)],
    );
    // A usual level of 2 a weekday in each cell over the 8 weeks before.
    await ods.query(
      `INSERT INTO office.category_daily (category, grid_path, day, key_area, community_path, found)
       SELECT 'exposed_rubbish', ('nj.gulou.btq.c0' || c || '.g2_0' || g)::ltree, '2026-12-03'::date - 7 * w, 'other', ('nj.gulou.btq.c0' || c)::ltree, 2
         FROM generate_series(1, 2) c, generate_series(1, 3) g, generate_series(1, 8) w`,
    );
  };
  const resetAppraisal = () => ads.query(`TRUNCATE appraisal.indicator_facts, appraisal.indicator_values, appraisal.surveys, appraisal.appraisees, appraisal.inbox, appraisal.consumer_order`);
  const apprEvents = appraisalEvents(N);

  const run = async (c: { consumers: EventConsumers; reg: Registered }, ds: DataSource, events: DomainEvent[], size: number) => {
    const t = process.hrtime.bigint();
    const u = process.cpuUsage();
    const statements = await statementsPerRunner(ds, async () => {
      for (let i = 0; i < events.length; i += size) await c.consumers.handleEvents(c.reg, events.slice(i, i + size).map((event) => ({ event })));
    });
    const cpu = process.cpuUsage(u);
    return { statements: statements.reduce((a, b) => a + b, 0) / events.length, wallUs: Number(process.hrtime.bigint() - t) / 1000 / events.length, cpuUs: (cpu.user + cpu.system) / events.length };
  };

  const results = new Map<string, { statements: number[]; wallUs: number[]; cpuUs: number[] }>();
  const loads: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const size of SIZES) {
      for (const arm of round % 2 === 0 ? arms : [...arms].reverse()) {
        for (const consumer of ['appraisal', 'office'] as const) {
          if (consumer === 'appraisal') await resetAppraisal();
          else await resetOffice();
          const r = await run(arm[consumer], consumer === 'appraisal' ? ads : ods, consumer === 'appraisal' ? apprEvents : officeEvents, size);
          const key = `${consumer} ${size} ${arm.name}`;
          const acc = results.get(key) ?? { statements: [], wallUs: [], cpuUs: [] };
          acc.statements.push(r.statements);
          acc.wallUs.push(r.wallUs);
          acc.cpuUs.push(r.cpuUs);
          results.set(key, acc);
          loads.push(loadavg()[0]);
        }
      }
    }
  }
  const rows = [...results.entries()].map(([key, r]) => {
    const [consumer, size, arm] = key.split(' ');
    return { consumer, batch: Number(size), arm, statementsPerEvent: +median(r.statements).toFixed(2), wallUsPerEvent: Math.round(median(r.wallUs)), nodeCpuUsPerEvent: Math.round(median(r.cpuUs)) };
  });
  rows.sort((a, b) => a.consumer.localeCompare(b.consumer) || a.batch - b.batch || a.arm.localeCompare(b.arm));
  console.table(rows);
  console.log(JSON.stringify({ events: N, rounds: ROUNDS, loadAverage: { min: +Math.min(...loads).toFixed(1), max: +Math.max(...loads).toFixed(1) }, rows }));
  await nc.close();
  await ads.destroy();
  await ods.destroy();
  await env.stop();
  process.exit(0);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
