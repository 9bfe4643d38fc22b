import { EntityManager } from 'typeorm';
import { HotspotEnv } from './hotspot.env';
import { HotspotRepository } from './hotspot.repository';

/** Levels below the street of the demo's grid paths (city.district.street): the community is label 4. */
const DEMO_COMMUNITY_DEPTH = 4;

/**
 * After a bulk seed (which bypasses the events the hotspot consumer follows): links recurrences and
 * rebuilds the category counters and the closed places from the incident rows, with the default rules.
 */
export async function rebuildHotspotCounters(m: EntityManager): Promise<void> {
  const env = new HotspotEnv();
  await new HotspotRepository(m.connection).rebuild(m, {
    radiusM: env.RECURRENCE_RADIUS_M,
    windowDays: env.RECURRENCE_WINDOW_DAYS,
    quickDays: env.RECURRENCE_QUICK_DAYS,
    communityDepth: DEMO_COMMUNITY_DEPTH,
    since: new Date(0),
  });
}

/** What the demo seed's rows carry that the planting rewrites. */
export interface SeedIncidentRow {
  key_area: string;
  category: string;
  title: string;
  description: string | null;
  grid_id: string;
  grid_path: string;
  lng: number;
  lat: number;
  reported_at: string;
  diary_id: string | null;
}

export interface SeedGrid {
  id: string;
  name: string;
  path: string;
}

export interface PlantOptions<G extends SeedGrid> {
  now: Date;
  /** categories by key area (the seed's own table) */
  categories: readonly { code: string; name: string; keyArea: string }[];
  /** a point inside a grid */
  pointIn: (g: G) => [number, number];
  random: () => number;
}

/** Metres → degrees near the demo street (the small jitter of a spot). */
const M = 1 / 111_320;

/** Reports a recurring spot gets over the seeded history (about one every week or two in 120 days). */
const REPORTS_PER_SPOT = 12;
/** The key area of the seasonal rise (流动摊贩 in spring and summer). */
const RISING_AREA = 'illegal_business';

/**
 * Gives the demo street's history what real streets have (issue 26): a few places where the same
 * problem keeps coming back, and one category rising over the last six weeks in one community.
 * It rewrites rows the seed generated — only place and category, within the row's own key area, so
 * the key-area proportions the ledger shows stay as generated — before they are inserted:
 * - 5 recurring spots (an L3 grid, a category, a point): about REPORTS_PER_SPOT rows each move
 *   there (within 15 m of the point), each closed (mostly) before the next arrives;
 * - a seasonal rise: rows of illegal business reported in the last 42 days move, with a chance
 *   rising from 0 to 40 %, to 流动摊贩 (mobile vendors) in the first community.
 * Rows from patrol diaries stay where their diary was.
 */
export function plantHotspotHistory<G extends SeedGrid>(rows: SeedIncidentRow[], l3: G[], o: PlantOptions<G>): void {
  const byArea = new Map<string, { code: string; name: string }[]>();
  for (const c of o.categories) byArea.set(c.keyArea, [...(byArea.get(c.keyArea) ?? []), c]);
  const pick = <T>(xs: T[]): T => xs[Math.floor(o.random() * xs.length)];
  const areas = ['illegal_business', 'illegal_construction', 'production_safety', 'illegal_business', 'production_safety'];
  const spots = areas.map((keyArea, i) => {
    const grid = l3[(i * 37 + 11) % l3.length];
    const category = byArea.get(keyArea)![i % byArea.get(keyArea)!.length];
    const [lng, lat] = o.pointIn(grid);
    return { keyArea, grid, category, lng, lat };
  });
  const movable = rows.filter((r) => !r.diary_id);
  const perArea = new Map<string, number>();
  for (const r of movable) perArea.set(r.key_area, (perArea.get(r.key_area) ?? 0) + 1);
  const community = l3[0].path.split('.').slice(0, 4).join('.');
  const risingGrids = l3.filter((g) => g.path.startsWith(`${community}.`));
  const rising = o.categories.find((c) => c.code === 'mobile_vendor') ?? byArea.get(RISING_AREA)![0];
  const moveTo = (r: SeedIncidentRow, grid: G, category: { code: string; name: string }, point: [number, number]) => {
    r.category = category.code;
    r.grid_id = grid.id;
    r.grid_path = grid.path;
    r.lng = point[0];
    r.lat = point[1];
    r.title = `${category.name}（${grid.name}）`;
    r.description = `${grid.name}发现${category.name}问题`;
  };
  for (const r of movable) {
    const ageDays = (o.now.getTime() - Date.parse(r.reported_at)) / 86_400_000;
    if (r.key_area === RISING_AREA && ageDays < 42 && risingGrids.length && o.random() < 0.4 * (1 - ageDays / 42)) {
      const g = pick(risingGrids);
      moveTo(r, g, rising, o.pointIn(g));
      continue;
    }
    const mine = spots.filter((x) => x.keyArea === r.key_area);
    if (mine.length && o.random() < (REPORTS_PER_SPOT * mine.length) / (perArea.get(r.key_area) ?? 1)) {
      const x = pick(mine);
      moveTo(r, x.grid, x.category, [x.lng + (o.random() - 0.5) * 20 * M, x.lat + (o.random() - 0.5) * 20 * M]);
    }
  }
}
