import { randomUUID } from 'node:crypto';
import { connect, headers as natsHeaders, JSONCodec, NatsConnection } from 'nats';
import { DEMO_ACTOR_SIGNING_KEY } from '@grid122/config';
import { GetIncident, HEADER_ACTOR, HEADER_REQUEST_ID, OfficeEvents, Role, eventSubject } from '@grid122/contracts';
import { ActorSigner } from '@grid122/messaging';
import { eventually } from '@grid122/testing';
import { startSuite, STREET, Suite } from '../support/suite';

/**
 * Hostile network, NATS itself: the suite's nats-server knows one user per app, each with the
 * subjects it may use (libs/messaging nats-auth.ts). A client without credentials or with a wrong
 * password is refused at connect; a real app's identity used for something else (a compromised
 * appraisal asking the office for an incident, subscribing to the office's requests to answer in
 * its place, publishing the office's events; the gateway trying to answer as a service) is
 * refused by the server, while the suite keeps working (the incident was created through the
 * gateway, and the office still answers it).
 */
jest.setTimeout(120_000);

describe('hostile network: NATS identities', () => {
  let suite: Suite;
  let incidentId: string;
  const codec = JSONCodec<unknown>();
  const signer = new ActorSigner({ current: DEMO_ACTOR_SIGNING_KEY, ttlSeconds: 60 });
  const admin = { id: randomUUID(), username: 'admin', role: Role.Admin, scope: '' };
  const opened: NatsConnection[] = [];

  /** Connects as one of the apps, collecting the server's permission errors. */
  async function as(user: string): Promise<{ nc: NatsConnection; violations: string[] }> {
    const nc = await suite.env.connectNats(`hostile-${user}`, user);
    opened.push(nc);
    const violations: string[] = [];
    void (async () => {
      for await (const s of nc.status()) if (s.type === 'error') violations.push(String(s.data));
    })();
    return { nc, violations };
  }

  function signedRequest(subject: string, data: unknown) {
    const h = natsHeaders();
    const rid = randomUUID();
    h.set(HEADER_REQUEST_ID, rid);
    h.set(HEADER_ACTOR, signer.sign(admin, rid, subject));
    return { payload: codec.encode({ pattern: subject, data, id: randomUUID() }), headers: h };
  }

  beforeAll(async () => {
    suite = await startSuite({ services: ['office'], env: { OFFICE_SWEEP_INTERVAL_MS: '0' } });
    incidentId = (await suite.report('commander', { source: 'grid_patrol', title: '暴露垃圾 nats identities', keyArea: 'other', category: 'exposed_rubbish', address: '5号楼', gridId: '11111111-1111-4111-8111-111111111111', gridPath: `${STREET}.c01.g2_01.g3_01` })).id;
  });
  afterAll(async () => {
    for (const nc of opened) await nc.close().catch(() => undefined);
    await suite?.stop();
  });

  it('refuses a client without credentials, and one with a wrong password', async () => {
    await expect(connect({ servers: suite.env.natsUrl, name: 'anonymous', reconnect: false })).rejects.toThrow(/Authorization Violation|AUTHORIZATION_VIOLATION/i);
    await expect(connect({ servers: suite.env.natsUrl, name: 'guess', user: 'office', pass: 'not-the-password-0000', reconnect: false })).rejects.toThrow(/Authorization Violation|AUTHORIZATION_VIOLATION/i);
  });

  /** The error that ends a subscription the server refused. */
  async function subscriptionError(nc: NatsConnection, subject: string): Promise<Error | undefined> {
    const sub = nc.subscribe(subject, { queue: 'office' });
    try {
      for await (const _ of sub) return undefined;
    } catch (e) {
      return e as Error;
    }
    return undefined;
  }

  it('refuses another app (appraisal) asking the office for an incident, even with a correctly signed actor', async () => {
    const { nc } = await as('appraisal');
    const { payload, headers } = signedRequest(GetIncident.subject, { id: incidentId });
    await expect(nc.request(GetIncident.subject, payload, { timeout: 5000, headers })).rejects.toThrow(/Permissions Violation for Publish to "office\.incident\.get"/);
  });

  it('refuses another app subscribing to the office requests (to answer in its place)', async () => {
    const { nc } = await as('appraisal');
    expect((await subscriptionError(nc, 'office.>'))?.message).toMatch(/Permissions Violation for Subscription to "office\.>"/);
  });

  it('refuses another app publishing the office events: the server reports it and the stream never holds it', async () => {
    const { nc, violations } = await as('appraisal');
    const id = randomUUID();
    nc.publish(eventSubject(OfficeEvents.IncidentClosed), codec.encode({ id, forged: true }), { headers: (() => { const h = natsHeaders(); h.set('Nats-Msg-Id', id); return h; })() });
    await eventually(() => expect(violations).toContain('PERMISSIONS_VIOLATION'));
    const test = await suite.env.connectNats('hostile-check');
    opened.push(test);
    const jsm = await test.jetstreamManager();
    await expect(jsm.streams.getMessage('GRID122_EVENTS', { last_by_subj: eventSubject(OfficeEvents.IncidentClosed) })).rejects.toThrow(/no message found/i);
  });

  it('refuses the gateway answering as a service', async () => {
    const { nc } = await as('gateway');
    expect((await subscriptionError(nc, 'office.incident.get'))?.message).toMatch(/Permissions Violation for Subscription to "office\.incident\.get"/);
  });

  it('still lets the gateway ask the office (control: the rules refuse the wrong caller, not the right one)', async () => {
    const { nc } = await as('gateway');
    const { payload, headers } = signedRequest(GetIncident.subject, { id: incidentId });
    const msg = await nc.request(GetIncident.subject, payload, { timeout: 5000, headers });
    expect((codec.decode(msg.data) as { response: { id: string } }).response).toMatchObject({ id: incidentId });
  });
});
