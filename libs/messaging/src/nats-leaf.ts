import {
  DISTRICT_EVENT_STREAM,
  DISTRICT_TASK_STREAM,
  FEDERATION_STREET_EVENT_STREAM,
  FEDERATION_UP_FILTER,
  federationTaskFilter,
  jetStreamApiPrefix,
  SERVICES,
  SUBJECT_PREFIX,
} from '@grid122/contracts';
import { NatsPermissions } from './nats-permissions';

/**
 * One federation link (issue 20 item 4): a member (a street, or a district under a city) joins the
 * nats-server of the level above (the hub) as a leaf node, with its own user on the hub. What may
 * cross is JetStream sourcing and nothing else:
 * - up: the hub sources `upStream` of the member with exactly `upFilter` (the incident events);
 * - down (a district's streets): the member sources its own tasks from the hub's task stream with
 *   exactly its own filter (`fed.task.<street>.>`).
 * No service subject, no event subject, no stream administration crosses in either direction.
 */
export interface NatsLeafLink {
  /** the member's JetStream domain (`btq`, `street-jianzhong`, `district-erqi`) */
  memberDomain: string;
  /** the hub's JetStream domain (`district`, `district-erqi`, `city`) */
  hubDomain: string;
  /** the member's stream the hub may source, and the one filter it may source it with */
  up: { stream: string; filter: string };
  /** the hub's stream the member may source, and the one filter it may source it with */
  down?: { stream: string; filter: string };
}

/** A street's link to its district: its incident events up, its own tasks down. */
export function streetLeafLink(street: string, streetDomain: string, districtDomain: string): NatsLeafLink {
  return {
    memberDomain: streetDomain,
    hubDomain: districtDomain,
    up: { stream: FEDERATION_STREET_EVENT_STREAM, filter: FEDERATION_UP_FILTER },
    down: { stream: DISTRICT_TASK_STREAM, filter: federationTaskFilter(street) },
  };
}

/** A district's link to its city: the district's incident events up, nothing down. */
export function districtLeafLink(districtDomain: string, cityDomain: string): NatsLeafLink {
  return { memberDomain: districtDomain, hubDomain: cityDomain, up: { stream: DISTRICT_EVENT_STREAM, filter: FEDERATION_UP_FILTER } };
}

/** The member's user on the hub (`leaf-<member domain>`). */
export function natsLeafUser(link: Pick<NatsLeafLink, 'memberDomain'>): string {
  return `leaf-${link.memberDomain}`;
}

/** The environment variable carrying the leaf user's password to the hub's nats-server in a deployment. */
export function natsLeafPasswordEnv(link: Pick<NatsLeafLink, 'memberDomain'>): string {
  return `NATS_PASSWORD_LEAF_${link.memberDomain.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/**
 * The leaf user's permissions on the hub. For a leaf connection nats-server reads them from the
 * member's side: `publish` is what the member may send into the hub, `subscribe` what the hub
 * delivers to the member (checked per message, "Not permitted to deliver"). JetStream sourcing in
 * nats-server 2.9+ creates its consumer with the filter in the subject
 * (`$JS.<domain>.API.CONSUMER.CREATE.<stream>.<name>.<filter>`), so the filter itself is pinned:
 * a district cannot source a street's other events, a street cannot source another street's tasks.
 * Deliveries travel on `$JS.S.<id>`, API answers on `$JSC.R.<id>`, flow control and acks on
 * `$JS.FC|ACK.<stream>.>`.
 */
export function natsLeafPermissions(link: NatsLeafLink): NatsPermissions {
  const sourcing = (domain: string, s: { stream: string; filter: string }) => [
    `${jetStreamApiPrefix(domain)}.CONSUMER.CREATE.${s.stream}.*.${s.filter}`,
    `${jetStreamApiPrefix(domain)}.CONSUMER.DELETE.${s.stream}.>`,
  ];
  const flow = (stream: string) => [`$JS.FC.${stream}.>`, `$JS.ACK.${stream}.>`];
  return {
    // member → hub: its source requests for its tasks, its events delivered, answers to the hub's requests
    publish: { allow: [...(link.down ? [...sourcing(link.hubDomain, link.down), ...flow(link.down.stream)] : []), '$JS.S.>', '$JSC.R.>'] },
    // hub → member: the hub's source requests for the member's events, the tasks delivered, answers
    subscribe: { allow: [...sourcing(link.memberDomain, link.up), ...flow(link.up.stream), ...(link.down ? ['$JS.S.>'] : []), '$JSC.R.>'] },
  };
}

/**
 * What the member's own nats-server refuses to take from the hub and to give it (the remote's
 * `deny_imports` and `deny_exports`): every service subject, events and tasks as plain subjects
 * (they cross only as JetStream sourcing), dead letters, inboxes, the object and KV stores, and the
 * member's JetStream administration (streams, account, meta, direct gets). The member does not rely
 * on the hub's rules alone: even a hub with no rules cannot ask the member's office anything.
 */
export function natsLeafRemoteDeny(memberDomain: string): string[] {
  const api = jetStreamApiPrefix(memberDomain);
  return [
    ...SERVICES.map((s) => `${SUBJECT_PREFIX[s]}.>`),
    'gateway.>',
    'evt.>',
    'fed.>',
    'dlq.>',
    '_INBOX.>',
    '$O.>',
    '$KV.>',
    `${api}.STREAM.>`,
    `${api}.ACCOUNT.>`,
    `${api}.META.>`,
    `${api}.SERVER.>`,
    `${api}.DIRECT.>`,
    `${api}.$KV.>`,
    `${api}.$OBJ.>`,
    `${api}.INFO`,
  ];
}

const list = (xs: string[]) => `[${xs.map((x) => JSON.stringify(x)).join(', ')}]`;

/** The hub's `authorization` entry of one leaf user (its password given, or `$VAR` from the server's environment). */
export function natsLeafUserEntry(link: NatsLeafLink, password: string): string {
  const p = natsLeafPermissions(link);
  const pw = /^\$[A-Z0-9_]+$/.test(password) ? password : JSON.stringify(password);
  return `{ user: ${JSON.stringify(natsLeafUser(link))}, password: ${pw}, allowed_connection_types: ["LEAFNODE"], permissions: { publish: { allow: ${list(p.publish.allow)} }, subscribe: { allow: ${list(p.subscribe.allow)} } } }`;
}

/** The member's `leafnodes` block: its remote up to the hub (URL with the leaf user's credentials) and its deny lists. */
export function natsLeafRemoteBlock(memberDomain: string, url: string, opts: { reconnectSeconds?: number } = {}): string {
  const deny = list(natsLeafRemoteDeny(memberDomain));
  const reconnect = opts.reconnectSeconds ? `reconnect: ${opts.reconnectSeconds}, ` : '';
  return `leafnodes { ${reconnect}remotes: [ { url: ${JSON.stringify(url)}, deny_imports: ${deny}, deny_exports: ${deny} } ] }`;
}
