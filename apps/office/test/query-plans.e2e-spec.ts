import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { Actor, KeyArea, Role, Unit } from '@grid122/contracts';
import { TestEnv } from '@grid122/testing';
import { generateIncidents, loadGrids } from '../../../bench/data/city';
import { dataSourceOptions as registryDs } from '../../grid-registry/src/database/data-source';
import { GridRepository } from '../../grid-registry/src/grid/grid.repository';
import { dataSourceOptions as officeDs } from '../src/database/data-source';
import { HUB_STATEMENT_TIMEOUT_MS, OfficeHubRepository } from '../src/hub/hub.repository';
import { IncidentRepository } from '../src/incident/incident.repository';
import { IncidentUpdatesRepository } from '../src/incident/updates/incident-updates.repository';
import { Open311RequestsRepository } from '../src/incident/open311/open311-requests.repository';
import { StatsRepository } from '../src/stats/stats.repository';
import { QueueRepository } from '../src/queue/queue.repository';
import { ThemeRepository } from '../src/theme/theme.repository';
import { HotspotRepository } from '../src/hotspot/hotspot.repository';
import { subtreeRange } from '@grid122/persistence';
import { addDays, streetCalendar, streetDay } from '@grid122/calendar';
import type { QueryRunner } from 'typeorm';
import { IncidentGridPathText1795910000227 } from '../src/incident/1795910000227-IncidentGridPathText';

/**
 * The hot statements' plans (EXPLAIN) over a city of 2 districts × 20 streets of the Baotaqiao
 * shape with 120,000 incidents (the benchmark's own generator), statistics gathered: each uses the
 * index it was built for, and none reads the incidents table whole. The statements are the
 * repositories' own, caught as they would be sent.
 */
describe('query plans of the hot paths', () => {
  let env: TestEnv;
  let db: Client;

  /** The statement a repository call sends (its DataSource stands in to catch it). */
  const caught = async (call: (ds: DataSource) => Promise<unknown>): Promise<{ sql: string; params: unknown[] }> => {
    let got: { sql: string; params: unknown[] } | undefined;
    await call({ query: async (sql: string, params: unknown[] = []) => ((got = { sql, params }), []) } as unknown as DataSource);
    return got!;
  };
  /** The plan's text, one node a line. */
  const plan = async (q: { sql: string; params: unknown[] }): Promise<string> => {
    const { rows } = await db.query(`EXPLAIN ${q.sql}`, q.params);
    return rows.map((r) => r['QUERY PLAN'] as string).join('\n');
  };
  const actor = (role: Role, scope: string): Actor => ({ id: 'u1', username: 'u1', role, scope });
  const list = (a: Actor, f: Record<string, unknown>) => caught((ds) => new IncidentRepository(ds).list(a, f as never, null, 50, new Date()));

  beforeAll(async () => {
    env = await TestEnv.start();
    await env.migrate(registryDs(), officeDs());
    db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
    await loadGrids(db, 2, 20, () => undefined);
    await generateIncidents(db, 120_000, 3, () => undefined);
    await db.query('ANALYZE');
  }, 300_000);
  afterAll(async () => {
    await db?.end();
    await env?.stop();
  });

  it('lists a street newest first from the street indexes, by key area or whole', async () => {
    const street = 'nj.gulou.s003';
    const byArea = await plan(await list(actor(Role.StreetCommander, street), { keyArea: KeyArea.IllegalBusiness }));
    expect(byArea).toContain('incidents_street_key_area_idx');
    const whole = await plan(await list(actor(Role.StreetCommander, street), {}));
    expect(whole).toMatch(/incidents_street_(reported|key_area)_idx/);
    for (const p of [byArea, whole]) {
      expect(p).not.toMatch(/Seq Scan on incidents/);
      expect(p).not.toMatch(/Sort\b/); // the index gives the order; the LIMIT stops the scan
    }
  });

  it('lists by state from the state index, which closed incidents never enter; the closed ones newest first from the list indexes', async () => {
    const street = 'nj.gulou.s003';
    // A state other than closed, at the city and in a street: the partial state index (or, for a
    // street, its own list index) — never a scan, never a sort of every row.
    for (const state of ['rejected', 'dispatched']) {
      const city = await plan(await list(actor(Role.Admin, ''), { state }));
      expect({ state, city }).toEqual({ state, city: expect.stringMatching(/incidents_state_not_closed_idx|incidents_reported_idx/) });
      const inStreet = await plan(await list(actor(Role.StreetCommander, street), { state }));
      for (const p of [city, inStreet]) expect({ state, p }).toEqual({ state, p: expect.not.stringMatching(/Seq Scan on incidents/) });
    }
    const rare = await plan(await list(actor(Role.Admin, ''), { state: 'rejected' }));
    expect(rare).toContain('incidents_state_not_closed_idx');
    expect(rare).not.toMatch(/Sort\b/); // (state, reported_at, id): the list's own order
    // Closed: most rows, walked newest first and kept as they come (the LIMIT stops the walk).
    const closedCity = await plan(await list(actor(Role.Admin, ''), { state: 'closed' }));
    expect(closedCity).toMatch(/Index Scan using incidents_reported_idx/);
    const closedStreet = await plan(await list(actor(Role.StreetCommander, street), { state: 'closed' }));
    expect(closedStreet).toMatch(/incidents_street_(reported|key_area)_idx/);
    for (const p of [closedCity, closedStreet]) {
      expect(p).not.toMatch(/Seq Scan on incidents/);
      expect(p).not.toMatch(/Sort\b/);
    }
    // What a closed row (every bulk-imported one) no longer pays for: the index holds only the open and final-but-not-closed rows.
    const { rows: [s] } = await db.query(
      `SELECT pg_relation_size('office.incidents_state_not_closed_idx')::float8 AS part, pg_relation_size('office.incidents_reported_idx')::float8 AS every,
              (SELECT count(*) FROM office.incidents WHERE state = 'closed')::float8 / (SELECT count(*) FROM office.incidents) AS closed_share`,
    );
    expect(s.closed_share).toBeGreaterThan(0.5);
    expect(s.part).toBeLessThan(s.every / 2);
    // A unit's list (its scope is an OR of the unit, the lead unit and the assisting units, which no
    // index covers): walked newest first from the list index, as before the unit's own index went.
    const unit = await plan(await list({ ...actor(Role.UnitMember, ''), unit: Unit.Enforcement }, {}));
    expect(unit).toMatch(/Index Scan using incidents_reported_idx/);
    expect(unit).not.toMatch(/Seq Scan on incidents|Sort\b/);
  });

  it('adds to a daily counter row in place (a HOT update: no index entry), the pages having room after the counters\' rebuild', async () => {
    // Rows spread over the table (a per-row sample), as an import's or a day's additions are.
    await db.query('BEGIN');
    try {
      await db.query(`UPDATE office.stats_daily SET found = found + 1 WHERE ctid IN (SELECT ctid FROM office.stats_daily TABLESAMPLE BERNOULLI (2))`);
      const { rows: [u] } = await db.query(
        `SELECT pg_stat_get_xact_tuples_updated('office.stats_daily'::regclass)::int AS updated, pg_stat_get_xact_tuples_hot_updated('office.stats_daily'::regclass)::int AS hot`,
      );
      expect(u.updated).toBeGreaterThan(100);
      expect(u.hot / u.updated).toBeGreaterThan(0.9); // pages filled to 100 %: ~0.4 % (docs/performance.md section 14)
    } finally {
      await db.query('ROLLBACK');
    }
  });

  it('lists the city by key area from the (key_area, reported_at) index, and one grid from the path index', async () => {
    const city = await plan(await list(actor(Role.Admin, ''), { keyArea: KeyArea.IllegalBusiness, root: 'nj' }));
    expect(city).toContain('incidents_key_area_idx');
    expect(city).not.toMatch(/Seq Scan on incidents/);
    const { rows: [g] } = await db.query(`SELECT path::text AS path FROM registry.grids WHERE level = 'building_cluster' ORDER BY code LIMIT 1`);
    const grid = await plan(await list(actor(Role.Admin, ''), { root: g.path }));
    expect(grid).toContain('incidents_grid_path_text_idx');
    expect(grid).not.toMatch(/Seq Scan on incidents/);
  });

  it('keeps a scope exactly `<@`: every path at or below it and no other, siblings such as g1 / g10 / g1_x apart (the scope is a trust boundary)', async () => {
    // Paths a label can make (PostgreSQL 15: [0-9A-Za-z_] and the locale's letters), beside the city's real ones.
    const made = ['g1', 'g10', 'g1_x', 'g1_', 'g1a', 'g19', 'g0', 'g2', 'G1', 'g1.a', 'g1.a.b', 'g1.0', 'g10.a', 'g1_x.a', 'g1ü', 'g1.ü', 'ü', 'nj.gulou.s00', 'nj.gulou.s0030', 'nj.gulou.s003_b'];
    const scopes = `SELECT path FROM registry.grids WHERE level IN ('city', 'district', 'street', 'community')
                    UNION (SELECT path FROM registry.grids ORDER BY md5(path::text) LIMIT 300) UNION SELECT unnest($1::ltree[])`;
    const paths = `SELECT DISTINCT grid_path AS path FROM office.incidents UNION SELECT path FROM registry.grids UNION SELECT unnest($1::ltree[])`;
    const scoped = subtreeRange('x.path', 's.path', (v) => String(v));
    const rangeOnly = scoped.replace('x.path <@ s.path::ltree AND ', '');
    expect(rangeOnly).not.toContain('<@');
    const { rows: [r] } = await db.query(
      `SELECT count(*) FILTER (WHERE (x.path <@ s.path) IS DISTINCT FROM ${scoped})::int AS wrong,
              count(*) FILTER (WHERE (x.path <@ s.path) IS DISTINCT FROM ${rangeOnly})::int AS loose,
              count(*) FILTER (WHERE x.path <@ s.path)::int AS inside, count(*)::int AS pairs
         FROM (${paths}) x CROSS JOIN (${scopes}) s`,
      [made],
    );
    expect(r.pairs).toBeGreaterThan(5_000_000);
    expect(r.inside).toBeGreaterThan(10_000);
    expect(r.wrong).toBe(0); // the statement's condition is `<@`, exactly
    expect(r.loose).toBe(0); // and on this server the range alone is too: no row is read in vain
    // The siblings by name: g1's scope is g1 and g1.…, never g10, g1_x or g1a.
    const { rows } = await db.query(`SELECT x::text AS path FROM unnest($1::ltree[]) x WHERE ${subtreeRange('x', 'g1', (v) => `'${v}'`)} ORDER BY 1`, [made]);
    expect(rows.map((x) => x.path).sort()).toEqual(['g1', 'g1.0', 'g1.a', 'g1.a.b', 'g1.ü']);
    expect(subtreeRange('x', '', () => '$1')).toBe('TRUE');
  });

  it('scopes a community or a grid from the path index: the list, the queue, themes, the hub, the open board; the index a fraction of the list index', async () => {
    const { rows: [p] } = await db.query(
      `SELECT (SELECT path::text FROM registry.grids WHERE level = 'community' ORDER BY code LIMIT 1) AS community,
              (SELECT path::text FROM registry.grids WHERE level = 'building_cluster' ORDER BY code LIMIT 1) AS grid`,
    );
    const sentAll = async (call: (ds: DataSource) => Promise<unknown>) => {
      const got: { sql: string; params: unknown[] }[] = [];
      const ds = { query: async (sql: string, params: unknown[] = []) => (got.push({ sql, params }), [{}]) } as Record<string, unknown>;
      ds.transaction = async (_iso: string, work: (em: unknown) => Promise<unknown>) => work(ds);
      await call(ds as unknown as DataSource).catch(() => undefined);
      return got.filter((q) => /office\.incidents/.test(q.sql));
    };
    const today = streetDay();
    const since = addDays(today, -365);
    for (const scope of [p.community, p.grid]) {
      const statements = [
        await list(actor(Role.GridWorker, scope), {}),
        await list(actor(Role.GridWorker, scope), { state: 'handled' }),
        ...(await sentAll((ds) => new QueueRepository(ds).page({ scope, owner: null, states: { reported: 'register', registered: 'dispatch' } }, { after: null, limit: 50, now: new Date() }))),
        ...(await sentAll((ds) => new ThemeRepository(ds).closedTimes(scope, ['road_damage'], since, today))),
        ...(await sentAll((ds) => new OfficeHubRepository(ds, new StatsRepository(ds)).figures(scope, streetCalendar().dayStart(since).toISOString(), new Date().toISOString()))),
        ...(await sentAll((ds) => new StatsRepository(ds).openByGrid(scope, 6))),
      ];
      expect(statements.length).toBeGreaterThan(5);
      for (const q of statements) {
        expect(q.sql).toContain('::text COLLATE "C")');
        const p2 = await plan(q);
        expect({ scope, sql: q.sql, plan: p2 }).toEqual({ scope, sql: q.sql, plan: expect.not.stringMatching(/Seq Scan on incidents/) });
      }
      const grid = await plan(await list(actor(Role.GridWorker, scope), {}));
      if (scope === p.grid) expect(grid).toContain('incidents_grid_path_text_idx');
    }
    const { rows: [size] } = await db.query(
      `SELECT pg_relation_size('office.incidents_grid_path_text_idx')::float8 AS path, pg_relation_size('office.incidents_reported_idx')::float8 AS every`,
    );
    expect(size.path).toBeLessThan(size.every / 2); // deduplicated: many rows a path
    const { rows: gist } = await db.query(`SELECT 1 FROM pg_indexes WHERE schemaname = 'office' AND indexname = 'incidents_grid_path_gist'`);
    expect(gist).toEqual([]);
  });

  it('sums the city and the district from the roll-ups (edge days too), a street’s edge days and a community from the daily counters', async () => {
    const stats = (root: string, from: string | null) => new StatsRepository(null as never).sumByKeyAreaSql(root, from, null)!;
    const today = streetDay();
    const since = addDays(today, -30);
    for (const root of ['nj', 'nj.gulou']) {
      for (const from of [null, since]) {
        const p = await plan(stats(root, from));
        expect(p).toContain('stats_rollup');
        expect(p).not.toContain('stats_daily');
      }
    }
    for (const from of [null, since]) {
      // The district's own rows (exact prefix, in the index condition), for its years and months too.
      const district = await plan(stats('nj.gulou', from));
      expect(district).toMatch(/Index Cond: [^\n]*prefix = 'nj\.gulou'::ltree/);
      expect(district).not.toMatch(/prefix <@|Seq Scan|Parallel/);
      // The city: the district rows only, from the partial index — never every street's rows.
      const city = await plan(stats('nj', from));
      expect(city).toContain('stats_rollup_district_idx');
      expect(city).not.toMatch(/Seq Scan|Parallel|stats_rollup_prefix_idx/);
    }
    const street = await plan(stats('nj.gulou.s003', since));
    expect(street).toMatch(/Index Cond: [^\n]*prefix = 'nj\.gulou\.s003'::ltree/);
    expect(street).toMatch(/stats_daily/); // its edge days
    const community = await plan(stats('nj.gulou.s003.c01', null));
    expect(community).toMatch(/stats_daily_grid_path_text_idx/); // the daily counters' path index (section 16)
    expect(community).not.toContain('stats_rollup');
    expect(community).not.toMatch(/Seq Scan on stats_daily/);
    // A grid's days, and the hotspots' counts by place under a community: from the path index.
    const grid = await plan(await caught((ds) => new StatsRepository(ds).foundByDay('nj.gulou.s003.c01.g2_01.g3_01', since, today)));
    expect(grid).toContain('stats_daily_grid_path_text_idx');
    const byPlace = await plan(await caught((ds) => new HotspotRepository(ds).countsByPlacePeriod({ root: 'nj.gulou.s003.c01', depth: 5, from: since, to: today, period: 'week', keyArea: null, category: null })));
    expect(byPlace).toContain('stats_daily_grid_path_text_idx');
    const { rows: gist } = await db.query(`SELECT 1 FROM pg_indexes WHERE schemaname = 'office' AND indexname = 'stats_daily_grid_path_gist'`);
    expect(gist).toEqual([]);
  });

  it('reads the category counters of a community, a grid and a theme’s places from their path index, never the whole table', async () => {
    // The counters as the hotspots' rebuild fills them (per category × grid × reporting day).
    await db.query(
      `INSERT INTO office.category_daily (category, grid_path, day, key_area, community_path, found, closed)
       SELECT category, grid_path, stats_day, min(key_area), subpath(grid_path, 0, 4), count(*)::int, count(*) FILTER (WHERE state = 'closed')::int
       FROM office.incidents WHERE state <> 'duplicate' GROUP BY 1, 2, 3 ON CONFLICT DO NOTHING`,
    );
    await db.query('ANALYZE office.category_daily');
    const today = streetDay();
    const since = addDays(today, -90);
    const yearAgo = addDays(today, -365);
    const community = 'nj.gulou.s003.c01';
    const grid = 'nj.gulou.s003.c01.g2_01.g3_01';
    const [{ category }] = (await db.query(`SELECT category FROM office.category_daily GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`)).rows;
    const themes = (call: (r: ThemeRepository) => Promise<unknown>) => caught((ds) => call(new ThemeRepository(ds)));
    const hotspots = (call: (r: HotspotRepository) => Promise<unknown>) => caught((ds) => call(new HotspotRepository(ds)));
    const statements = {
      window: await themes((r) => r.categoryWindow(community, since, today)),
      weekly: await themes((r) => r.weekly(community, [category], since, today)),
      byGrid: await themes((r) => r.byGrid(community, [category], since, today)),
      monthly: await themes((r) => r.monthly(category, [grid, 'nj.gulou.s003.c02'], yearAgo, today)),
      firstDay: await themes((r) => r.firstDay([grid, 'nj.gulou.s003.c02'])),
      recurrences: await hotspots((r) => r.recurrenceByPlace(community, 5, since, today, null, null)),
      byPlace: await hotspots((r) => r.countsByPlacePeriod({ root: community, depth: 5, from: since, to: today, period: 'week', keyArea: null, category })),
      gridWindow: await themes((r) => r.categoryWindow(grid, yearAgo, today)),
    };
    for (const [name, q] of Object.entries(statements)) {
      const p = await plan(q);
      expect({ name, p }).toEqual({ name, p: expect.stringContaining('category_daily_grid_path_text_idx') });
      expect({ name, p }).toEqual({ name, p: expect.not.stringMatching(/Seq Scan on category_daily/) });
    }
    // The city's root ('') keeps every row: `<@ ''` in the counts by place, TRUE elsewhere.
    expect(await themes((r) => r.categoryWindow('', since, today))).toMatchObject({ sql: expect.stringContaining('WHERE TRUE AND') });
    const { rows: gist } = await db.query(`SELECT 1 FROM pg_indexes WHERE schemaname = 'office' AND indexname = 'category_daily_grid_path_gist'`);
    expect(gist).toEqual([]);
  });

  it('finds an incident by its reference in another system, with or without the source, from one index', async () => {
    for (const f of [{ sourceRef: 'OLD-2019-000123' }, { sourceRef: 'OLD-2019-000123', source: 'district_platform' }]) {
      const p = await plan(await list(actor(Role.Admin, ''), f));
      expect(p).toContain('incidents_source_ref_source_idx');
      expect(p).not.toMatch(/Seq Scan on incidents/);
    }
  });

  it('computes the hub for the city and a district from ranges and roll-ups, each statement bounded, never a GiST walk over every row', async () => {
    /** Every statement a hub call sends inside its transaction. */
    const sent = async (call: (r: OfficeHubRepository) => Promise<unknown>) => {
      const got: { sql: string; params: unknown[] }[] = [];
      const m = { query: async (sql: string, params: unknown[] = []) => (got.push({ sql, params }), [{}]) };
      const ds = { query: m.query, transaction: async (_iso: string, work: (em: unknown) => Promise<unknown>) => work(m) } as unknown as DataSource;
      await call(new OfficeHubRepository(ds, new StatsRepository(ds)));
      return got;
    };
    const monthStart = streetCalendar().dayStart(addDays(streetDay(), -20)).toISOString();
    const now = new Date().toISOString();
    for (const scope of ['', 'nj', 'nj.gulou']) {
      for (const statements of [await sent((r) => r.figures(scope, monthStart, now)), await sent((r) => r.streets(scope, monthStart, now))]) {
        expect(statements[0]).toEqual({ sql: expect.stringContaining('statement_timeout'), params: [String(HUB_STATEMENT_TIMEOUT_MS)] });
        for (const q of statements.slice(1)) {
          const p = await plan(q);
          expect({ scope, plan: p }).toEqual({ scope, plan: expect.not.stringMatching(/grid_path_gist|Seq Scan on incidents/) });
        }
      }
    }
    const [, perArea, , open] = await sent((r) => r.figures('nj.gulou', monthStart, now));
    expect(await plan(perArea)).toContain('stats_rollup');
    // Open incidents "now" (lights, overdue by street): from the open-incidents index alone, no heap read per incident.
    const [, byStreet] = await sent((r) => r.streets('', monthStart, now));
    for (const q of [open, byStreet]) expect(await plan(q)).toMatch(/Index Only Scan using incidents_open_board_idx/);
  });

  it('finds overdue open incidents from the partial deadline index, and locates a point from the polygons GiST', async () => {
    const overdue = await caught((ds) => new IncidentRepository(ds).lockOverdue(ds as never, new Date(), 100));
    expect(await plan(overdue)).toContain('incidents_open_board_idx');
    const { rows: [p] } = await db.query(
      `SELECT ST_X(ST_PointOnSurface(polygon)) AS lng, ST_Y(ST_PointOnSurface(polygon)) AS lat FROM registry.grids WHERE level = 'building_cluster' ORDER BY code LIMIT 1`,
    );
    const locate = await plan(await caught((ds) => new GridRepository(ds).locateNow(p.lng, p.lat, 'nj')));
    expect(locate).toContain('grids_polygon_gix');
    expect(locate).not.toMatch(/Seq Scan on grids/);
  });
  it('looks for "me too" originals among open incidents near the point, from an index closed incidents never enter', async () => {
    const since = new Date(Date.now() - 7 * 86_400_000);
    const { rows: [o] } = await db.query(
      `SELECT category, ST_X(location::geometry) AS lng, ST_Y(location::geometry) AS lat FROM office.incidents
       WHERE state NOT IN ('closed','rejected','duplicate') AND location IS NOT NULL ORDER BY reported_at DESC LIMIT 1`,
    );
    const p = await plan(await caught((ds) => new IncidentRepository(ds).findDuplicateOf(ds as never, o.category, o.lng, o.lat, 50, since)));
    expect(p).toMatch(/incidents_open_location_gist|incidents_dup_candidates_idx/);
    expect(p).not.toMatch(/Seq Scan on incidents/);
    // Only open incidents are in it: a fraction of the list's index, which holds every row.
    const { rows: [size] } = await db.query(
      `SELECT pg_relation_size('office.incidents_open_location_gist')::float8 AS open, pg_relation_size('office.incidents_reported_idx')::float8 AS every`,
    );
    expect(size.open).toBeLessThan(size.every / 5);
  });

  it('reads a 2-hour window of the public update feed (Open311 servicerequestupdates) from the history\'s (at, incident, seq) index', async () => {
    // Five history entries an incident over the last days: 600,000 rows.
    await db.query(
      `INSERT INTO office.incident_history (incident_id, seq, action, from_state, to_state, by_role, at, note)
       SELECT i.id, 100 + g, (ARRAY['register','dispatch','accept','handle','comment'])[g], i.state, i.state, 'street_commander',
              now() - (random() * interval '10 days'), 'note'
       FROM office.incidents i CROSS JOIN generate_series(1, 5) g`,
    );
    await db.query('ANALYZE office.incident_history');
    const to = new Date();
    const from = new Date(to.getTime() - 2 * 3600_000);
    const feed = (a: Actor) => caught((ds) => new IncidentUpdatesRepository(ds, new IncidentRepository(ds)).page(a, { from, to }, null, 2001));
    for (const a of [actor(Role.Admin, ''), actor(Role.Platform, 'nj.gulou.s003')]) {
      const p = await plan(await feed(a));
      expect(p).toContain('incident_history_at_idx');
      expect(p).not.toMatch(/Seq Scan on incident_history/);
      expect(p).not.toMatch(/Seq Scan on incidents/);
    }
  });

  it('answers Open311 GET requests (a page of 50, the last 90 days) in one statement from an index at every level, never a scan of incidents or history (after the feed\'s history rows above)', async () => {
    const now = new Date();
    const from = new Date(now.getTime() - 90 * 86_400_000).toISOString();
    const requests = (a: Actor, r: Record<string, unknown>) => {
      const q = new Open311RequestsRepository(undefined as never, new IncidentRepository(undefined as never)).sql(a, { from, to: now.toISOString(), limit: 50, ...r } as never, now);
      return { sql: q.text, params: q.values };
    };
    const { rows: [{ code }] } = await db.query(`SELECT category AS code FROM office.incidents GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`);
    const cases: [string, Actor, Record<string, unknown>][] = [
      ['city key', actor(Role.Platform, 'nj'), {}],
      ['city key, open only', actor(Role.Platform, 'nj'), { status: 'open' }],
      ['city key, closed only, page 3', actor(Role.Platform, 'nj'), { status: 'closed', offset: 100 }],
      ['city key, one service', actor(Role.Platform, 'nj'), { categories: [code] }],
      ['district key', actor(Role.Platform, 'nj.gulou'), {}],
      ['street key', actor(Role.Platform, 'nj.gulou.s003'), {}],
      ['public reader, a street as jurisdiction', actor(Role.Platform, ''), { root: 'nj.gulou.s003' }],
    ];
    for (const [name, a, r] of cases) {
      const p = await plan(requests(a, r));
      expect({ name, plan: p }).toEqual({ name, plan: expect.stringMatching(/Index Scan( Backward)? using incidents_(reported|street_reported|street_key_area|key_area)_idx/) });
      expect({ name, plan: p }).toEqual({ name, plan: expect.not.stringMatching(/Seq Scan on incident|Bitmap Heap Scan on incidents/) });
    }
    // by ids (FixMyStreet's report_ids): the primary key
    const { rows } = await db.query(`SELECT id FROM office.incidents LIMIT 20`);
    const byIds = await plan(requests(actor(Role.Platform, 'nj'), { ids: rows.map((x) => x.id), from: undefined, to: undefined, limit: 20 }));
    expect(byIds).toContain('incidents_pkey');
    expect(byIds).not.toMatch(/Seq Scan on incident/);
  });
  it('keeps the grid-path index an operator built beforehand CONCURRENTLY, and builds again an invalid one (the migration on a large ledger)', async () => {
    const runner = { query: async (sql: string, params?: unknown[]) => (await db.query(sql, params)).rows } as unknown as QueryRunner;
    const migration = new IncidentGridPathText1795910000227();
    const index = async () => (await db.query(`SELECT c.oid, i.indisvalid AS valid FROM pg_class c JOIN pg_index i ON i.indexrelid = c.oid WHERE c.relname = 'incidents_grid_path_text_idx'`)).rows[0];
    const gist = async () => (await db.query(`SELECT count(*)::int AS n FROM pg_class WHERE relname = 'incidents_grid_path_gist'`)).rows[0].n;
    await migration.down(runner);
    expect(await index()).toBeUndefined();
    await db.query(`CREATE INDEX CONCURRENTLY "incidents_grid_path_text_idx" ON "office"."incidents" ((grid_path::text COLLATE "C"))`);
    const built = await index();
    await migration.up(runner);
    expect(await index()).toEqual(built);
    expect(await gist()).toBe(0);
    // A concurrent build that failed leaves an invalid index of the name: the migration builds it again.
    await migration.down(runner);
    await db.query(`CREATE INDEX CONCURRENTLY "incidents_grid_path_text_idx" ON "office"."incidents" ((grid_path::text COLLATE "C"))`);
    await db.query(`UPDATE pg_index SET indisvalid = false WHERE indexrelid = 'office.incidents_grid_path_text_idx'::regclass`);
    await migration.up(runner);
    const rebuilt = await index();
    expect(rebuilt).toMatchObject({ valid: true });
    expect(rebuilt.oid).not.toEqual(built.oid);
  });
});
