import * as argon2 from 'argon2';
import { Client } from 'pg';
import { generateIncidents, loadGrids } from '../data/city';
import { APPS, dataScale, log, PASSWORD, SCALE } from '../lib/config';
import { BenchProcess } from '../lib/procs';
import { add, details, notes } from '../lib/report';
import { figure } from '../lib/stats';
import { BenchRun } from './run-context';

type IncidentsBuilt = Awaited<ReturnType<typeof generateIncidents>>;

/** The data row of the run: how long the incidents, their indexes and counters took to build. */
function addIncidentsBuilt(r: IncidentsBuilt): void {
  add({ section: 'Data', label: `generate ${SCALE.incidents.toLocaleString('en')} incidents + indexes + counters`, value: figure([r.ms / 1000], 's'), note: `insert ${Math.round(r.insertMs / 1000)} s, indexes ${Math.round(r.indexMs / 1000)} s, counters ${Math.round(r.countersMs / 1000)} s (${r.statsRows} counter rows)` });
}

/** Every app's migrations on the bench database. */
export async function migrate(run: BenchRun): Promise<void> {
  const { mode, baseEnv } = run;
  for (const app of APPS) await BenchProcess.app(app, mode, { ...baseEnv, PORT: '0' }).runToEnd(['migrate']);
}

/** The city and incidents of a kept database (--reuse): its build record, reported as built then. */
export function reuseData(run: BenchRun, reused: Record<string, unknown>): void {
  details.city = reused.city;
  details.incidents = reused.incidents;
  run.level3 = (reused.city as { level3: number }).level3;
  notes.push(`Data reused from a kept database built ${String(reused.builtAt)} (--reuse); its build times are those of that run.`);
  const r = reused.incidents as IncidentsBuilt;
  addIncidentsBuilt(r);
}

/** The city's grids (districts × streets of the Baotaqiao shape). */
export async function buildCity(run: BenchRun): Promise<void> {
  const { db } = run;
  const r = await loadGrids(db, SCALE.districts, SCALE.streets, log);
  run.level3 = r.level3;
  details.city = r;
  log(`  ${r.grids} grids (${r.level3} level-3 polygons) in ${Math.round(r.ms / 1000)} s`);
}

/** The incidents (SQL generate_series), their indexes and counters, and the build record a later --reuse finds. */
export async function buildIncidents(run: BenchRun): Promise<void> {
  const { db } = run;
  const r = await generateIncidents(db, SCALE.incidents, SCALE.years, log);
  details.incidents = { count: SCALE.incidents, ...r };
  await db.query(`CREATE TABLE IF NOT EXISTS public.bench_meta (scale jsonb NOT NULL, meta jsonb NOT NULL)`);
  await db.query(`INSERT INTO public.bench_meta VALUES ($1, $2)`, [JSON.stringify(dataScale()), JSON.stringify({ builtAt: new Date().toISOString(), city: details.city, incidents: details.incidents })]);
  addIncidentsBuilt(r);
}

/** The bench's admin account (argon2 as the gateway stores it). */
export async function addBenchAdmin(db: Client): Promise<void> {
  const hash = await argon2.hash(PASSWORD, { type: argon2.argon2id, timeCost: 2, memoryCost: 8192 });
  await db.query(
    `INSERT INTO identity.accounts (username, display_name, password_hash, role, scope) VALUES ('bench-admin', '压测管理员', $1, 'admin', '')
     ON CONFLICT DO NOTHING`,
    [hash],
  );
}
