// Locate benchmark (not a test): loads ~20,000 level-3 grids (generateCity) into a scratch
// database whose name contains "bench", then reports locate latency p50/p99 measured in the
// database (EXPLAIN ANALYZE execution time) and end to end through the driver, and the time to
// list a street's and a district's subtree.
//
//   node --require ./scripts/swc-register.js bench/registry/locate.bench.ts
//   BENCH_STREETS_PER_DISTRICT=27 BENCH_DISTRICTS=3 BENCH_QUERIES=2000 (defaults: 81 streets = 20,007 L3 grids)
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/grid122_bench_registry (recreated, dropped after unless BENCH_KEEP=1)
import { centroid, generateCity, Grid } from '@grid122/demo-street';
import { runMigrations } from '@grid122/persistence';
import { DataSource } from 'typeorm';
import { loadGridRegistryEnv } from '../../apps/grid-registry/src/config/grid-registry.env';
import { dataSourceOptions } from '../../apps/grid-registry/src/database/data-source';
import { insertGrids } from '../../apps/grid-registry/src/database/seed';
import { GridRepository } from '../../apps/grid-registry/src/grid/grid.repository';
import { dropDatabase, recreateDatabase } from '../data/database';

const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/grid122_bench_registry';
const districts = Number(process.env.BENCH_DISTRICTS ?? 3);
const streetsPerDistrict = Number(process.env.BENCH_STREETS_PER_DISTRICT ?? 27);
const queries = Number(process.env.BENCH_QUERIES ?? 2000);

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const ms = (n: number) => `${n.toFixed(3)} ms`;

async function main(): Promise<void> {
  await recreateDatabase(url);
  const opts = dataSourceOptions(loadGridRegistryEnv({ ...process.env, DATABASE_URL: url }));
  await runMigrations(opts);
  const ds = await new DataSource(opts).initialize();
  try {
    let t = Date.now();
    const city = generateCity({ districts, streetsPerDistrict, detail: false });
    const clusters = city.grids.filter((g) => g.level === 'building_cluster');
    process.stdout.write(`generated ${city.grids.length} grids (${clusters.length} level-3) in ${Date.now() - t} ms\n`);
    t = Date.now();
    await ds.transaction((m) => insertGrids(m, city));
    await ds.query('ANALYZE registry.grids');
    await ds.query('ANALYZE registry.grid_versions');
    process.stdout.write(`loaded in ${Date.now() - t} ms\n`);

    const repo = new GridRepository(ds);
    // Points: centroids of random level-3 grids (hits) and a few outside the city (misses).
    let seed = 122;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const points = Array.from({ length: queries }, (_, i) => {
      if (i % 50 === 49) return [100 + rnd(), 20 + rnd()] as [number, number];
      return centroid(clusters[Math.floor(rnd() * clusters.length)] as Grid) as [number, number];
    });
    for (const p of points.slice(0, 50)) await repo.locateNow(p[0], p[1], ''); // warm up

    const e2e: number[] = [];
    let hits = 0;
    for (const p of points) {
      const s = process.hrtime.bigint();
      const rows = await repo.locateNow(p[0], p[1], '');
      e2e.push(Number(process.hrtime.bigint() - s) / 1e6);
      if (rows.length > 0) hits++;
    }
    const inDb: number[] = [];
    for (const p of points.slice(0, Math.min(500, points.length))) {
      const plan = await ds.query(
        `EXPLAIN (ANALYZE, FORMAT JSON)
         WITH hit AS (SELECT path FROM registry.grids WHERE ST_Intersects(polygon, ST_SetSRID(ST_MakePoint($1, $2), 4326)) AND path <@ ''::ltree
                      ORDER BY nlevel(path) DESC, code ASC LIMIT 1)
         SELECT g.id, g.code, g.name, g.level, g.path::text, g.parent_id FROM registry.grids g, hit WHERE g.path @> hit.path ORDER BY nlevel(g.path)`,
        p,
      );
      inDb.push(plan[0]['QUERY PLAN'][0]['Execution Time']);
    }
    const street = city.grids.find((g) => g.level === 'street')!;
    const district = city.grids.find((g) => g.level === 'district')!;
    const time = async (f: () => Promise<unknown>, n = 20) => {
      const xs: number[] = [];
      for (let i = 0; i < n; i++) {
        const s = process.hrtime.bigint();
        await f();
        xs.push(Number(process.hrtime.bigint() - s) / 1e6);
      }
      return pct(xs, 50);
    };
    const streetList = await time(() => repo.list({ scope: '', rootPath: street.path, limit: 500 }));
    const districtCount = await time(() => repo.countSubtree(district.path));
    const districtClusters = await time(() => repo.list({ scope: district.path, level: 'building_cluster' as never, limit: 500 }));
    const plan = await ds.query(
      `EXPLAIN (FORMAT TEXT) SELECT path FROM registry.grids WHERE ST_Intersects(polygon, ST_SetSRID(ST_MakePoint($1, $2), 4326)) ORDER BY nlevel(path) DESC, code LIMIT 1`,
      points[0],
    );

    const report = {
      grids: city.grids.length,
      level3: clusters.length,
      queries,
      hits,
      locateInDatabase: { p50: ms(pct(inDb, 50)), p99: ms(pct(inDb, 99)) },
      locateEndToEnd: { p50: ms(pct(e2e, 50)), p99: ms(pct(e2e, 99)) },
      subtree: {
        streetListing500: ms(streetList),
        districtCount: ms(districtCount),
        districtLevel3Page500: ms(districtClusters),
      },
      plan: plan.map((r: Record<string, string>) => r['QUERY PLAN']),
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    await ds.destroy();
    if (!process.env.BENCH_KEEP) await dropDatabase(url); // the scratch database is dropped afterwards unless BENCH_KEEP=1
  }
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
