import { randomUUID } from 'node:crypto';
import { connect, headers as natsHeaders, JSONCodec, NatsConnection } from 'nats';
import { DEMO_ACTOR_SIGNING_KEY } from '@grid122/config';
import { GetIncident, HEADER_ACTOR, HEADER_REQUEST_ID, Role } from '@grid122/contracts';
import { ActorSigner } from '@grid122/messaging';
import { Metrics } from '@grid122/observability';
import { startSuite, STREET, Suite } from '../support/suite';

/**
 * Hostile network, the caller: a NATS client that reaches a service directly (no gateway, no
 * token) and writes its own `x-actor`. Every service verifies the gateway's signature before it
 * reads the payload: unsigned (the hand-written JSON admin), forged (another key, or a
 * real signature over a changed actor), expired, and replayed onto another subject are refused
 * with ACTOR_REJECTED naming the reason; the same request signed with the suite's key is served
 * (so the refusals are the signature's doing, not a broken request).
 */
jest.setTimeout(120_000);

describe('hostile network: the signed caller', () => {
  let suite: Suite;
  let nc: NatsConnection;
  let incidentId: string;
  const codec = JSONCodec<unknown>();
  const admin = { id: randomUUID(), username: 'admin', role: Role.Admin, scope: '' };

  async function ask(subject: string, data: unknown, actorHeader?: (rid: string) => string): Promise<{ response?: unknown; err?: { code: string; details?: { reason?: string } } }> {
    const h = natsHeaders();
    const rid = randomUUID();
    h.set(HEADER_REQUEST_ID, rid);
    if (actorHeader) h.set(HEADER_ACTOR, actorHeader(rid));
    const msg = await nc.request(subject, codec.encode({ pattern: subject, data, id: randomUUID() }), { timeout: 5000, headers: h });
    return codec.decode(msg.data) as never;
  }

  beforeAll(async () => {
    suite = await startSuite({ services: ['office'], env: { OFFICE_SWEEP_INTERVAL_MS: '0' } });
    nc = await suite.env.connectNats('hostile-test');
    incidentId = (await suite.report('commander', { source: 'grid_patrol', title: '暴露垃圾 signed actor', keyArea: 'other', category: 'exposed_rubbish', address: '5号楼', gridId: '11111111-1111-4111-8111-111111111111', gridPath: `${STREET}.c01.g2_01.g3_01` })).id;
  });
  afterAll(async () => {
    await nc?.close();
    await suite?.stop();
  });

  it('serves a request signed with the suite key (control)', async () => {
    const signer = new ActorSigner({ current: DEMO_ACTOR_SIGNING_KEY, ttlSeconds: 60 });
    const r = await ask(GetIncident.subject, { id: incidentId }, (rid) => signer.sign(admin, rid, GetIncident.subject));
    expect(r.err ?? null).toBeNull();
    expect(r.response).toMatchObject({ id: incidentId });
  });

  it('refuses the hand-written JSON admin of the issue, and no actor at all, as unsigned', async () => {
    for (const header of [() => JSON.stringify({ id: admin.id, username: 'admin', role: 'admin', scope: '' }), undefined]) {
      const r = await ask(GetIncident.subject, { id: incidentId }, header);
      expect(r.response ?? null).toBeNull();
      expect(r.err).toMatchObject({ code: 'ACTOR_REJECTED', details: { reason: 'unsigned' } });
    }
  });

  it('refuses a forged actor: another key, or a raised role under a real signature', async () => {
    const foreign = new ActorSigner({ current: 'not-the-suite-key-not-the-suite-key', ttlSeconds: 60 });
    const r1 = await ask(GetIncident.subject, { id: incidentId }, (rid) => foreign.sign(admin, rid, GetIncident.subject));
    expect(r1.err).toMatchObject({ code: 'ACTOR_REJECTED', details: { reason: 'unknown_key' } });

    const signer = new ActorSigner({ current: DEMO_ACTOR_SIGNING_KEY, ttlSeconds: 60 });
    const r2 = await ask(GetIncident.subject, { id: incidentId }, (rid) => {
      const [v, kid, body, sig] = signer.sign({ ...admin, role: Role.GridWorker, scope: 'nj.x' }, rid, GetIncident.subject).split('.');
      const raised = { ...JSON.parse(Buffer.from(body, 'base64url').toString()), a: admin };
      return [v, kid, Buffer.from(JSON.stringify(raised)).toString('base64url'), sig].join('.');
    });
    expect(r2.err).toMatchObject({ code: 'ACTOR_REJECTED', details: { reason: 'forged' } });
  });

  it('refuses an expired actor and one replayed onto another subject', async () => {
    const signer = new ActorSigner({ current: DEMO_ACTOR_SIGNING_KEY, ttlSeconds: 60 });
    const expired = await ask(GetIncident.subject, { id: incidentId }, (rid) => signer.sign(admin, rid, GetIncident.subject, Date.now() - 120_000));
    expect(expired.err).toMatchObject({ code: 'ACTOR_REJECTED', details: { reason: 'expired' } });
    const replayed = await ask(GetIncident.subject, { id: incidentId }, (rid) => signer.sign(admin, rid, 'office.incident.list'));
    expect(replayed.err).toMatchObject({ code: 'ACTOR_REJECTED', details: { reason: 'wrong_subject' } });
  });

  it('counts the refusals in the service metrics', async () => {
    const text = await suite.services.office!.get(Metrics).registry.metrics();
    expect(text).toMatch(/grid122_rpc_actor_rejected_total\{[^}]*reason="unsigned"[^}]*\} [1-9]/);
  });
});
