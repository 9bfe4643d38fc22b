import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { AppraisalEvents, EnforcementEvents, EVENT_TYPES, HotspotEvents, OfficeEvents, PetitionsEvents, RegistryEvents, SocialEvents, Unit, UNIT_CASE_EVENTS } from '@grid122/contracts';
import { MAPPED_EVENT_TYPES } from '../apps/appraisal/src/indicator/fact-mapper';

/**
 * Every type of the event map (libs/contracts/src/events.ts) has a producer, so a consumer, which
 * can only subscribe to the map's types (`.on(type, …)` does not compile otherwise), never waits
 * for an event nobody publishes (docs/metrics.md). Also each consumer's
 * subscriptions, listed here, against what the producing service publishes — a constant of its
 * contract that its own source (not a test, not a seed) passes to its outbox. A subscription to a
 * type nobody publishes (the appraisal once waited for four) fails here, as does a consumer that is
 * registered somewhere but not listed.
 */
const ROOT = join(__dirname, '..');

/** The event constants of each producer's contract, and the app that owns them. */
const CONTRACTS: { name: string; events: Record<string, string>; app: string }[] = [
  { name: 'OfficeEvents', events: OfficeEvents, app: 'office' },
  { name: 'HotspotEvents', events: HotspotEvents, app: 'office' },
  { name: 'PetitionsEvents', events: PetitionsEvents, app: 'petitions' },
  { name: 'SocialEvents', events: SocialEvents, app: 'social-services' },
  { name: 'EnforcementEvents', events: EnforcementEvents, app: 'enforcement' },
  { name: 'AppraisalEvents', events: AppraisalEvents, app: 'appraisal' },
  { name: 'RegistryEvents', events: RegistryEvents, app: 'grid-registry' },
  // The petitions group names its unit-case events `CASES.<kind>` (UNIT_CASE_EVENTS[Unit.Petitions]).
  { name: 'CASES', events: UNIT_CASE_EVENTS[Unit.Petitions], app: 'petitions' },
];

/** Each consumer and the types it subscribes to (typed constants, so a rename breaks the build). */
const SUBSCRIPTIONS: Record<string, { file: string; types: readonly string[] }> = {
  'appraisal indicators': { file: 'apps/appraisal/src/indicator/indicator.service.ts', types: MAPPED_EVENT_TYPES },
  'office: enforcement findings into the ledger': { file: 'apps/office/src/unit-cases/finding.consumer.ts', types: [EnforcementEvents.FindingReported, PetitionsEvents.PetitionReceived, PetitionsEvents.DisputeOpened] },
  'office: return visit "not fixed" reopens': { file: 'apps/office/src/unit-cases/survey.consumer.ts', types: [AppraisalEvents.SurveyNotFixed] },
  'office: recurrences and spikes (hotspots)': { file: 'apps/office/src/hotspot/hotspot.consumer.ts', types: [OfficeEvents.IncidentReported, OfficeEvents.IncidentClosed, OfficeEvents.IncidentReopened, OfficeEvents.IncidentReclassified] },
  'office: escalation to the district': { file: 'apps/office/src/escalation/escalation.service.ts', types: [OfficeEvents.IncidentEscalated] },
  'office: units\' cases follow incidents': { file: 'apps/office/src/unit-cases/unit-case.consumer.ts', types: Object.values(UNIT_CASE_EVENTS).flatMap((k) => Object.values(k)) },
  'enforcement: dispatched incidents become cases': { file: 'apps/enforcement/src/case/incident-intake.consumer.ts', types: [OfficeEvents.IncidentDispatched, OfficeEvents.IncidentDuplicateLinked] },
  'petitions: dispatched incidents become petitions or disputes': { file: 'apps/petitions/src/intake/office-dispatch.consumer.ts', types: [OfficeEvents.IncidentDispatched] },
  'social services: dispatched incidents become service requests': { file: 'apps/social-services/src/requests/requests.service.ts', types: [OfficeEvents.IncidentDispatched] },
  'organisation group: dispatched incidents become tasks': { file: 'apps/grid-registry/src/task/task.service.ts', types: [OfficeEvents.IncidentDispatched] },
};

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return sources(p);
    return /\.ts$/.test(f) && !/\.(spec|e2e-spec|fault-spec)\.ts$/.test(f) && !/seed|fixture/.test(f) ? [p] : [];
  });
}

const appSources = new Map<string, { path: string; text: string }[]>();
const appText = (app: string) => {
  if (!appSources.has(app)) appSources.set(app, sources(join(ROOT, 'apps', app, 'src')).map((p) => ({ path: relative(ROOT, p), text: readFileSync(p, 'utf8') })));
  return appSources.get(app)!;
};

/** Where a type is published: its owner's source names its constant and writes events to the outbox. */
function producersOf(type: string): string[] {
  const owner = CONTRACTS.find((c) => Object.values(c.events).includes(type));
  if (!owner) return [];
  const refs = Object.entries(owner.events)
    .filter(([, v]) => v === type)
    .map(([k]) => `${owner.name}.${k}`);
  const files = appText(owner.app);
  if (!files.some((f) => f.text.includes('outbox.add'))) return [];
  return files.filter((f) => refs.some((r) => f.text.includes(r)) || f.text.includes(`'${type}'`)).map((f) => f.path);
}

describe('every event a consumer uses has a producer', () => {
  it('every type of the event map is published by its owner', () => {
    const unpublished = EVENT_TYPES.filter((t) => producersOf(t).length === 0);
    expect(unpublished).toEqual([]);
  });

  for (const [consumer, { types }] of Object.entries(SUBSCRIPTIONS)) {
    it(`${consumer}: ${types.length} types, each published`, () => {
      const unpublished = types.filter((t) => producersOf(t).length === 0);
      expect(unpublished).toEqual([]);
    });
  }

  it('lists every consumer the apps register', () => {
    const registering = ['appraisal', 'office', 'enforcement', 'petitions', 'social-services', 'grid-registry', 'gateway']
      .flatMap((app) => appText(app))
      .filter((f) => /consumers\s*\.(register|consumer)\(/.test(f.text))
      .map((f) => f.path)
      .sort();
    expect(registering).toEqual([...new Set(Object.values(SUBSCRIPTIONS).map((s) => s.file))].sort());
  });

  it('apps consume through the typed map (consumer(name).on(type, …)), never by untyped registration', () => {
    const untyped = ['appraisal', 'office', 'enforcement', 'petitions', 'social-services', 'grid-registry', 'gateway']
      .flatMap((app) => appText(app))
      .filter((f) => /consumers\.register\(|as unknown as \w*(Event)?Data\b/.test(f.text))
      .map((f) => f.path);
    expect(untyped).toEqual([]);
  });

  it('finds nothing for a type no one publishes (the check itself can fail)', () => {
    expect(producersOf('petitions.followup.overdue')).toEqual([]);
    expect(producersOf(OfficeEvents.IncidentClosed)).toContain('apps/office/src/incident/workflow/incident-step.ts');
  });
});
