import { small, SCALE } from '../lib/config';
import { dashboardEvidence } from '../data/explain';
import { load, runs, SeqResult } from '../lib/load';
import { httpGetJson } from '../lib/procs';
import { add, details, notes } from '../lib/report';
import { figure } from '../lib/stats';
import { BenchRun } from './run-context';

/** 4. Dashboard: the key-area statistics and the list at grid, street, district and city, the same statements in the database, the hub. */
export async function measureDashboard(run: BenchRun): Promise<void> {
  const { db, gatewayUrl, auth } = run;
  const { rows: lv } = await db.query<{ grid: string; street: string; district: string; city: string }>(
    `SELECT path::text AS grid, subpath(path, 0, 3)::text AS street, subpath(path, 0, 2)::text AS district, subpath(path, 0, 1)::text AS city
     FROM registry.grids WHERE level = 'building_cluster' ORDER BY code LIMIT 1`,
  );
  const levels = lv[0];
  const dash: Record<string, unknown> = {};
  for (const [level, root] of Object.entries(levels)) {
    // The list's second page (keyset cursor), filtered by key area.
    const first = await fetch(`${gatewayUrl}/api/v1/incidents?root=${root}&keyArea=illegal_business&limit=50`, { headers: auth });
    const cursor = ((await first.json()) as { nextCursor?: string | null }).nextCursor;
    const views = {
      'key-area statistics': [`/api/v1/stats/key-areas?root=${root}`],
      'key-area statistics, last 30 days': [`/api/v1/stats/key-areas?root=${root}&from=${new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10)}`],
      'incident list, filtered, page 1': [`/api/v1/incidents?root=${root}&keyArea=illegal_business&limit=50`],
      'incident list, filtered, page 2 (cursor)': [`/api/v1/incidents?root=${root}&keyArea=illegal_business&limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`],
    };
    for (const [view, paths] of Object.entries(views)) {
      const rs = await runs(SCALE.runs, () => load<SeqResult>('cannon.mjs', { mode: 'seq', url: gatewayUrl, paths, headers: auth, n: Math.max(20, Math.round(SCALE.seqN / 3)), maxMs: 15_000 }));
      dash[`${level} ${view}`] = rs;
      add({ section: 'Dashboard', label: `${view} — ${level} p50`, value: figure(rs.map((x) => x.p50), 'ms') });
      const p99 = figure(rs.map((x) => x.p99), 'ms');
      add({ section: 'Dashboard', label: `${view} — ${level} (${root}) p99`, value: p99, goal: '< 50 ms', met: p99.median < 50, note: `${rs.map((x) => x.n).join('/')} requests; errors ${rs.reduce((a, x) => a + x.errors, 0)}` });
    }
  }
  details.dashboard = dash;
  // The same statements in the database (EXPLAIN ANALYZE and timed), against the plain daily sum.
  const evidence = await dashboardEvidence(db, levels, small ? 5 : 20);
  details.dashboardInDatabase = evidence;
  const office = evidence.officeStatements as Record<string, { ms: number; p50: number; p99: number }>;
  for (const level of ['street', 'district', 'city'] as const) {
    for (const period of ['all time', 'last 30 days'] as const) {
      const t = office[`${level} ${period}`];
      add({ section: 'Dashboard', label: `key-area statistics — ${level}, ${period}, the office's statement in the database p99`, value: figure([t.p99], 'ms'), goal: '< 50 ms', met: t.p99 < 50, note: `EXPLAIN ANALYZE ${t.ms} ms; the plain stats_daily sum it replaces: ${(evidence[`stats ${level}`] as { ms: number }).ms} ms` });
    }
  }
  const hub = await httpGetJson(`${gatewayUrl}/api/v1/hub`, 5000);
  if (hub.status === 404) notes.push('GET /api/v1/hub does not exist yet: the hub aggregate was not measured.');
  else {
    const rs = await runs(SCALE.runs, () => load<SeqResult>('cannon.mjs', { mode: 'seq', url: gatewayUrl, paths: ['/api/v1/hub'], headers: auth, n: 20 }));
    details.hub = rs;
    add({ section: 'Dashboard', label: 'hub aggregate GET /api/v1/hub (whole city, admin) p99', value: figure(rs.map((x) => x.p99), 'ms'), note: `no goal set; errors ${rs.reduce((a, x) => a + x.errors, 0)}` });
  }
}
