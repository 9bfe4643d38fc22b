import { randomBytes } from 'node:crypto';
import { DEAD_LETTER_SUBJECT_PREFIX } from './inbox/dead-letters';
import { NatsLeafLink, natsLeafUserEntry } from './nats-leaf';
import { NatsPermissions } from './nats-permissions';
import {
  AppName,
  EVENT_SUBJECT_PREFIX,
  FEDERATION_TASK_SUBJECT_PREFIX,
  GetDiaryReview,
  GridNeighbours,
  KeyAreaStats,
  ListDepartments,
  ListThemes,
  ListGrids,
  ListGridPolygons,
  LocateGrid,
  MeetingFigures,
  PHOTO_BUCKET,
  ReportIncident,
  SearchAddresses,
  SERVICES,
  ServiceName,
  StaffNames,
  StaffRoster,
  SUBJECT_PREFIX,
} from '@grid122/contracts';

/** A NATS user's name and password (`NATS_USER` / `NATS_PASSWORD`). */
export interface NatsCredentials {
  user: string;
  password: string;
}

export type { NatsPermissions } from './nats-permissions';

/**
 * What each app may do on NATS (the one table: the tests' nats-server, `npm start`, compose and
 * the Helm values are generated from it, and a test proves they carry it):
 * - a service answers only its own subjects (`<prefix>.>`) and publishes only its own events
 *   (`evt.<prefix>.>`) and the events its consumers park (`dlq.>`); it may ask another service only what its code asks (the office locates a
 *   point at the registry, …);
 * - the gateway may ask every service what it serves, store photos, and read the event stream
 *   for the live feed; it answers nothing;
 * - the federation service alone hands tasks and decisions down (`fed.task.>`);
 * - replies go back through `allow_responses` (no publish right on other clients' inboxes);
 * - JetStream API for the streams and consumers the apps run, never deleting a stream or
 *   purging the account;
 * - a plain client connection only (`allowed_connection_types: ["STANDARD"]`): an app's password
 *   opens no websocket, leaf-node or MQTT connection (the hub's leaf users are `LEAFNODE` only).
 */
const CALLS: Record<ServiceName, string[]> = {
  office: [LocateGrid.subject, ListGridPolygons.subject, GridNeighbours.subject, ReportIncident.subject, StaffRoster.subject, StaffNames.subject, ListDepartments.subject, SearchAddresses.subject],
  'grid-registry': [],
  petitions: [],
  enforcement: [LocateGrid.subject],
  'social-services': [ListGrids.subject],
  // the notice's 督查 figures by their owners' code: the office's 讲评, the registry's 三会一评
  appraisal: [KeyAreaStats.subject, ListThemes.subject, ListDepartments.subject, GetDiaryReview.subject, MeetingFigures.subject],
  federation: [],
  // 账号与审计: answers the gateway (the audit log); asks nobody
  identity: [],
};

/** Subjects a service publishes beyond its events: the federation service hands tasks and decisions down (`fed.task.<street>.<id>` into DISTRICT_TASKS). */
const PUBLISHES: Partial<Record<ServiceName, string[]>> = {
  federation: [`${FEDERATION_TASK_SUBJECT_PREFIX}.>`],
};

/** The subjects a service may ask of other services (nats-auth.spec.ts checks it against the code's calls). */
export function natsCalls(service: ServiceName): readonly string[] {
  return CALLS[service];
}

/** JetStream: its API (here and, for federation, in another domain), acks and flow control. */
const JETSTREAM = ['$JS.API.>', '$JS.*.API.>', '$JS.ACK.>', '$JS.FC.>'];
const JETSTREAM_DENY = ['$JS.API.STREAM.DELETE.>', '$JS.API.ACCOUNT.PURGE.>', '$JS.*.API.STREAM.DELETE.>', '$JS.*.API.ACCOUNT.PURGE.>'];
const INBOX = '_INBOX.>';

export function natsPermissions(app: AppName): NatsPermissions {
  if (app === 'gateway') {
    return {
      publish: {
        allow: [...SERVICES.map((s) => `${SUBJECT_PREFIX[s]}.>`), `$O.${PHOTO_BUCKET}.>`, ...JETSTREAM],
        deny: JETSTREAM_DENY,
      },
      subscribe: { allow: [INBOX] },
    };
  }
  const prefix = SUBJECT_PREFIX[app];
  return {
    publish: { allow: [`${EVENT_SUBJECT_PREFIX}${prefix}.>`, `${DEAD_LETTER_SUBJECT_PREFIX}>`, ...CALLS[app], ...(PUBLISHES[app] ?? []), ...JETSTREAM], deny: [...JETSTREAM_DENY, '$JS.API.STREAM.PURGE.>'] },
    subscribe: { allow: [`${prefix}.>`, INBOX] },
  };
}

export const NATS_APPS: readonly AppName[] = ['gateway', ...SERVICES];

/** The only connection type an app's user may open (nats-server `allowed_connection_types`). */
export const NATS_APP_CONNECTION_TYPES: readonly string[] = ['STANDARD'];

/** A fresh random password for every app (npm start, the tests' private servers). */
export function generateNatsCredentials(extraUsers: string[] = []): Record<string, NatsCredentials> {
  const out: Record<string, NatsCredentials> = {};
  for (const u of [...NATS_APPS, ...extraUsers]) out[u] = { user: u, password: randomBytes(18).toString('base64url') };
  return out;
}

export interface NatsAuthConfigOptions {
  /** Password of each app by user name, or a `$VAR` the nats-server reads from its environment. */
  passwords: Record<string, string>;
  /** Users with every right (the tests' own client); never in a deployment. */
  superUsers?: string[];
  /** A hub's leaf users: one per member joining it as a leaf node (nats-leaf.ts), with its password. */
  leafUsers?: { link: NatsLeafLink; password: string }[];
}

/**
 * The `authorization { users = [...] }` block of a nats-server configuration: one user per app
 * with its permissions. A client without a user, or with a wrong password, is refused at connect.
 */
export function natsAuthorizationBlock(opts: NatsAuthConfigOptions): string {
  const q = (s: string) => (s.startsWith('$') && /^\$[A-Z0-9_]+$/.test(s) ? s : JSON.stringify(s));
  const list = (xs: string[]) => `[${xs.map((x) => JSON.stringify(x)).join(', ')}]`;
  const side = (p: { allow: string[]; deny?: string[] }) => `{ allow: ${list(p.allow)}${p.deny?.length ? `, deny: ${list(p.deny)}` : ''} }`;
  const users = NATS_APPS.map((app) => {
    if (!opts.passwords[app]) throw new Error(`no NATS password for ${app}`);
    const p = natsPermissions(app);
    return `    { user: ${JSON.stringify(app)}, password: ${q(opts.passwords[app])}, allowed_connection_types: ${list([...NATS_APP_CONNECTION_TYPES])}, permissions: { publish: ${side(p.publish)}, subscribe: ${side(p.subscribe)}, allow_responses: true } }`;
  });
  for (const l of opts.leafUsers ?? []) users.push(`    ${natsLeafUserEntry(l.link, l.password)}`);
  for (const u of opts.superUsers ?? []) users.push(`    { user: ${JSON.stringify(u)}, password: ${q(opts.passwords[u])} }`);
  return `authorization {\n  users = [\n${users.join(',\n')}\n  ]\n}\n`;
}

/** The environment variable that carries an app's NATS password to the nats-server and the app in a deployment. */
export function natsPasswordEnv(app: AppName): string {
  return `NATS_PASSWORD_${app.toUpperCase().replace(/-/g, '_')}`;
}

/** The authorization block of a deployed nats-server (compose): passwords from its environment. */
export function deployedNatsAuthorizationBlock(): string {
  return natsAuthorizationBlock({ passwords: Object.fromEntries(NATS_APPS.map((a) => [a, `$${natsPasswordEnv(a)}`])) });
}
