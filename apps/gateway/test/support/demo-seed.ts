import { DataSource } from 'typeorm';
import { seedDemo as seedAppraisal } from '../../../appraisal/src/database/seed';
import { seedDemo as seedEnforcement } from '../../../enforcement/src/database/seed';
import { seedDemo as seedRegistry } from '../../../grid-registry/src/database/seed';
import { seedMeetings } from '../../../grid-registry/src/meeting/meeting.seed';
import { seedDemo as seedOffice } from '../../../office/src/database/seed';
import { seedDiarySupervision } from '../../../office/src/diary-check/diary-check.seed';
import { seedDemo as seedPetitions } from '../../../petitions/src/database/seed';
import { seedDemo as seedSocial } from '../../../social-services/src/database/seed';
import { Suite } from './suite';

/**
 * Each app's `seed` command as `npm start` runs it, in its order: the app's demo data, then (for
 * the registry and the office) the supervision's (督查: meetings; diaries, spot-checks, reviews).
 */
const DEMO_SEEDS = [
  { app: 'grid-registry', data: (ds: DataSource) => seedRegistry(ds), supervision: (ds: DataSource) => seedMeetings(ds) },
  { app: 'office', data: (ds: DataSource) => seedOffice(ds), supervision: (ds: DataSource) => seedDiarySupervision(ds) },
  { app: 'petitions', data: seedPetitions },
  { app: 'enforcement', data: seedEnforcement },
  { app: 'social-services', data: seedSocial },
  { app: 'appraisal', data: seedAppraisal },
] as const;

export type DemoSeedApp = (typeof DEMO_SEEDS)[number]['app'];

/**
 * The demo street in a suite, as `npm start` seeds it: `apps` (every seeded app unless named),
 * each with its supervision data unless `supervision: false`. Accounts are the suite's own.
 */
export async function seedDemoStreet(suite: Suite, opts: { apps?: readonly DemoSeedApp[]; supervision?: boolean } = {}): Promise<void> {
  for (const s of DEMO_SEEDS) {
    if (opts.apps && !opts.apps.includes(s.app)) continue;
    const ds = await suite.dataSource(s.app);
    await s.data(ds);
    if ('supervision' in s && opts.supervision !== false) await s.supervision(ds);
  }
}
