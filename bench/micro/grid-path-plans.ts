// The scope statements on office.incidents with each index on grid_path (issue 27 item 4;
// docs/performance.md section 16): each repository's statement as it is sent (subtreeRange: `<@`
// and the range of the path's text; arm C), and as the other arms would write its scope,
// EXPLAIN (ANALYZE, BUFFERS) once per arm (ARMS: the index kept, the others dropped in the
// transaction, and the scope as that arm writes it). Rolled back; on a benchmark database (its name
// must contain "bench"; run bench/micro/grid-path-index.ts first: it creates the three indexes):
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/grid122_bench node --require ./scripts/swc-register.js bench/micro/grid-path-plans.ts
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { Actor, Role } from '@grid122/contracts';
import { addDays, streetCalendar } from '@grid122/calendar';
import { IncidentRepository } from '../../apps/office/src/incident/incident.repository';
import { QueueRepository } from '../../apps/office/src/queue/queue.repository';
import { ThemeRepository } from '../../apps/office/src/theme/theme.repository';
import { HotspotRepository } from '../../apps/office/src/hotspot/hotspot.repository';
import { OfficeHubRepository } from '../../apps/office/src/hub/hub.repository';
import { StatsRepository } from '../../apps/office/src/stats/stats.repository';
import { IncidentUpdatesRepository } from '../../apps/office/src/incident/updates/incident-updates.repository';

const URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/grid122_bench';
const GIST = 'incidents_grid_path_gist';
const BTREE = 'incidents_grid_path_idx';
const TEXT = 'incidents_grid_path_text_idx';
type Q = { sql: string; params: unknown[] };

/** Every statement a repository call sends (a DataSource that records them). */
async function caught(call: (ds: DataSource) => Promise<unknown>): Promise<Q[]> {
  const got: Q[] = [];
  const ds = {
    query: async (sql: string, params: unknown[] = []) => (got.push({ sql, params }), []),
    transaction: async (_l: string, work: (m: unknown) => Promise<unknown>) => work(ds),
  };
  await call(ds as unknown as DataSource).catch(() => undefined);
  return got.filter((q) => /office\.incidents/.test(q.sql));
}

/** The scope as subtreeRange writes it: `<@` and the range of the path's text. */
const SCOPE = /\(([\w.]+) <@ (\$\d+)::ltree AND \(\1::text COLLATE "C"\) >= \2::ltree::text AND \(\1::text COLLATE "C"\) < \2::ltree::text \|\| '0'\)/g;
/** Each arm: the index it keeps (the others dropped in its transaction) and the scope as it writes it. */
const ARMS: [string, string, (sql: string) => string][] = [
  ['A gist <@          ', GIST, (sql) => sql.replace(SCOPE, '($1 <@ $2::ltree)')],
  ['B btree range      ', BTREE, (sql) => sql.replace(SCOPE, "($1 >= $2::ltree AND $1 < ($2::ltree::text || '0')::ltree)")],
  ['B btree range + <@ ', BTREE, (sql) => sql.replace(SCOPE, "($1 <@ $2::ltree AND $1 >= $2::ltree AND $1 < ($2::ltree::text || '0')::ltree)")],
  ['C text range + <@  ', TEXT, (sql) => sql],
];

async function main(): Promise<void> {
  if (!/bench/.test(new globalThis.URL(URL).pathname)) throw new Error('BENCH_DATABASE_URL must name a benchmark database');
  const db = new Client({ connectionString: URL });
  await db.connect();
  const { rows: [p] } = await db.query(`SELECT
      (SELECT path::text FROM registry.grids WHERE level = 'district' ORDER BY path LIMIT 1) AS district,
      (SELECT path::text FROM registry.grids WHERE level = 'community' ORDER BY path LIMIT 1) AS community,
      (SELECT path::text FROM registry.grids WHERE level = 'building_cluster' ORDER BY path LIMIT 1) AS grid,
      (SELECT max(stats_day)::text FROM office.incidents) AS last_day`);
  // Days in the street's calendar: the last day's start and end are the street's midnights.
  const from = addDays(p.last_day, -30);
  const year = addDays(p.last_day, -365);
  const lastStart = streetCalendar().dayStart(p.last_day);
  const actor = (scope: string): Actor => ({ id: 'u1', username: 'u1', role: scope.split('.').length > 4 ? Role.GridWorker : Role.StreetCommander, scope });
  const admin: Actor = { id: 'u1', username: 'u1', role: Role.Admin, scope: '' };
  const now = streetCalendar().dayEnd(p.last_day);
  const cases: [string, (ds: DataSource) => Promise<unknown>][] = [];
  for (const [lvl, path] of [['district', p.district], ['community', p.community], ['grid', p.grid]] as const) {
    cases.push([`list ${lvl} (root)`, (ds) => new IncidentRepository(ds).list(admin, { root: path } as never, null, 50, now)]);
    cases.push([`list ${lvl} (actor's scope, state handled)`, (ds) => new IncidentRepository(ds).list(actor(path), { state: 'handled' } as never, null, 50, now)]);
    cases.push([`queue ${lvl} (commander)`, (ds) => new QueueRepository(ds).page({ scope: path, owner: null, states: { reported: 'register', registered: 'dispatch', verified: 'close' } }, { after: null, limit: 50, now })]);
    cases.push([`themes ${lvl} closed times (a year)`, (ds) => new ThemeRepository(ds).closedTimes(path, ['road_damage', 'illegal_parking'], year, p.last_day)]);
    cases.push([`hotspots ${lvl} recurrences`, (ds) => new HotspotRepository(ds).listRecurrences(path, year, p.last_day, null, null, null, 50)]);
    cases.push([`hub ${lvl} figures`, (ds) => new OfficeHubRepository(ds, new StatsRepository(ds)).figures(path, streetCalendar().dayStart(from).toISOString(), lastStart.toISOString())]);
    cases.push([`open by grid ${lvl}`, (ds) => new StatsRepository(ds).openByGrid(path, 6)]);
    cases.push([`update feed ${lvl}`, (ds) => new IncidentUpdatesRepository(ds, new IncidentRepository(ds)).page(admin, { from: new Date(lastStart.getTime() - 7200_000), to: lastStart, root: path }, null, 50)]);
  }
  for (const [name, call] of cases) {
    for (const q of await caught(call)) {
      const out: string[] = [];
      for (const [label, keep, write] of ARMS) {
        const sql = write(q.sql);
        await db.query('BEGIN');
        try {
          for (const [, i] of ARMS) if (i !== keep) await db.query(`DROP INDEX IF EXISTS office.${i}`);
          await db.query(`SET LOCAL statement_timeout = '60s'`);
          const { rows } = await db.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`, q.params);
          const plan = rows[0]['QUERY PLAN'][0];
          const idx = new Set<string>();
          const walk = (n: Record<string, unknown>) => {
            if (n['Index Name']) idx.add(`${n['Node Type']}:${n['Index Name']}`);
            else if (/Seq Scan/.test(n['Node Type'] as string)) idx.add(`${n['Node Type']}:${n['Relation Name']}`);
            for (const c of (n.Plans as Record<string, unknown>[]) ?? []) walk(c);
          };
          walk(plan.Plan);
          const top = plan.Plan as Record<string, number>;
          out.push(`  ${label} ${plan['Execution Time'].toFixed(1).padStart(8)} ms  buffers hit ${top['Shared Hit Blocks']} read ${top['Shared Read Blocks']}  rows ${top['Actual Rows']}  ${[...idx].join(', ')}`);
        } catch (e) {
          out.push(`  ${label} ERROR ${(e as Error).message}`);
        } finally {
          await db.query('ROLLBACK');
        }
      }
      console.log(`${name}\n${out.join('\n')}`);
    }
  }
  await db.end();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
