import { RUN_ID, small, SCALE, log } from '../lib/config';
import { runImport } from '../data/import';
import { copyFloor, insertFloor } from '../data/floors';
import { add, details, notes } from '../lib/report';
import { figure, round } from '../lib/stats';
import { BenchRun } from './run-context';
import { Workload } from './workload';

/** 7. The bulk import of historical incidents, beside Postgres's own INSERT … SELECT and COPY into the same table. */
export async function measureImport(run: BenchRun, w: Workload): Promise<void> {
  const { db, gatewayUrl, token } = run;
  const { points, cats } = w;
  // The floor, in the same run: Postgres alone inserting closed incidents into the same table with
  // the same indexes (copies of existing rows, new ids), rolled back — no app, no NATS, no JSON.
  const floorN = Math.max(1000, Math.min(100_000, Math.round(SCALE.importN / 10)));
  const floor = await insertFloor(db, floorN);
  details.importFloor = floor;
  add({ section: 'Bulk', label: `Postgres alone: INSERT … SELECT of ${floorN.toLocaleString('en')} closed incidents into the same table (rolled back)`, value: figure([floor.perSecond], 'rows/s'), note: `${floor.seconds} s; the floor the import is compared to` });
  // A failure of this floor is a note, not a failed phase: the import is still measured.
  const copy = await copyFloor(db, floorN).catch((e: Error) => {
    notes.push(`the COPY floor could not be measured: ${e.message}`);
    return null;
  });
  details.importCopyFloor = copy;
  if (copy) add({ section: 'Bulk', label: `Postgres alone: COPY of ${floorN.toLocaleString('en')} closed incidents into the same table (rolled back)`, value: figure([copy.perSecond], 'rows/s'), note: `${copy.seconds} s: Postgres's own bulk path` });
  const r = await runImport({ gatewayUrl, token, count: SCALE.importN, points, cats, log, runId: RUN_ID });
  if (!r) {
    notes.push('POST /api/v1/incidents/import does not exist: the bulk import was not measured.');
    return;
  }
  details.import = r;
  add({ section: 'Bulk', label: 'import rows/s as a share of Postgres alone', value: figure([round(r.perSecond / floor.perSecond, 2)], '×') });
  if (copy) add({ section: 'Bulk', label: 'import rows/s as a share of Postgres\'s own COPY', value: figure([round(r.perSecond / copy.perSecond, 2)], '×') });
  add({ section: 'Bulk', label: `import ${SCALE.importN.toLocaleString('en')} incidents (NDJSON through the gateway)`, value: figure([r.seconds], 's'), goal: small ? '< 60 s for 1M (scaled)' : '< 60 s', met: r.seconds * (1_000_000 / SCALE.importN) < 60, note: `${Math.round(r.perSecond)} rows/s; inserted ${r.inserted}, skipped ${r.skipped}, rejected ${r.rejected}; a second run of the same file inserted ${r.rerunInserted}` });
  const { rows: [c] } = await db.query(`SELECT (SELECT count(*) FROM office.incidents)::bigint AS incidents, (SELECT sum(found) FROM office.stats_daily)::bigint AS found, (SELECT count(*) FROM office.incidents WHERE state <> 'duplicate')::bigint AS not_dup`);
  details.countersAfterImport = c;
  if (String(c.found) !== String(c.not_dup)) notes.push(`counters drift after the import: sum(found) ${c.found} vs ${c.not_dup} non-duplicate incidents`);
}
