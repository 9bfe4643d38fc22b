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
