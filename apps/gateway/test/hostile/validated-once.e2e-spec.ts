import { randomUUID } from 'node:crypto';
import { headers as natsHeaders, JSONCodec, NatsConnection } from 'nats';
import { DEMO_ACTOR_SIGNING_KEY } from '@grid122/config';
import { HEADER_ACTOR, HEADER_REQUEST_ID, ReportIncident, Role } from '@grid122/contracts';
import { ActorSigner, payloadDigest, rulesFingerprint, ValidatedMarker } from '@grid122/messaging';
import { Metrics } from '@grid122/observability';
import { startSuite, STREET, Suite } from '../support/suite';

/**
 * One validation per request (issue 27 item 2), and #20's signed caller not weakened: an intake
 * through the gateway is validated there only (the office's pipe takes the payload as the gateway's
 * signed marker vouches for its bytes: counted `trusted`, never `validated`); a NATS client that
 * reaches the office directly with a signed actor but no marker, a marker over other bytes (a
 * captured header replayed with another body), another class's rules, or a foreign key gets what
 * it got before: the office validates and answers VALIDATION_FAILED naming the field (or
 * ACTOR_REJECTED for the foreign key).
 */
jest.setTimeout(120_000);

describe('hostile network: a payload validated once, by the gateway', () => {
  const subject = ReportIncident.subject;
  const signer = new ActorSigner({ current: DEMO_ACTOR_SIGNING_KEY, ttlSeconds: 60 });
  const codec = JSONCodec<unknown>();
  let suite: Suite;
  let nc: NatsConnection;
  const commander = { id: randomUUID(), username: 'commander', role: Role.StreetCommander, scope: STREET };
  const good = () => ({ source: 'grid_patrol', title: `暴露垃圾 validated once ${randomUUID().slice(0, 8)}`, keyArea: 'other', category: 'exposed_rubbish', address: '5号楼', gridPath: `${STREET}.c01.g2_01.g3_01` });
  // No title: the office's validation names it.
  const bad = () => ({ source: 'grid_patrol', keyArea: 'other', category: 'exposed_rubbish', address: '5号楼', gridPath: `${STREET}.c01.g2_01.g3_01` });

  /** One request straight to the office; `marker` gets the exact bytes sent (to sign their digest, or another's). */
  async function ask(data: unknown, marker?: (bytes: Uint8Array) => ValidatedMarker, by: ActorSigner = signer) {
    const h = natsHeaders();
    const rid = randomUUID();
    h.set(HEADER_REQUEST_ID, rid);
    const bytes = codec.encode({ pattern: subject, data, id: randomUUID() });
    h.set(HEADER_ACTOR, by.sign(commander, rid, subject, Date.now(), marker?.(bytes)));
    const msg = await nc.request(subject, bytes, { timeout: 10_000, headers: h });
    return codec.decode(msg.data) as { response?: { id?: string }; err?: { code: string; details?: { fields?: { field: string }[]; reason?: string } } };
  }

  async function checks(): Promise<{ validated: number; trusted: number }> {
    const m = await suite.services.office!.get(Metrics).payloadChecks.get();
    const of = (outcome: string) => m.values.find((v) => v.labels.outcome === outcome)?.value ?? 0;
    return { validated: of('validated'), trusted: of('trusted') };
  }

  beforeAll(async () => {
    suite = await startSuite({ services: ['office', 'grid-registry'], env: { OFFICE_SWEEP_INTERVAL_MS: '0' } });
    nc = await suite.env.connectNats('hostile-test');
  });
  afterAll(async () => {
    await nc?.close();
    await suite?.stop();
  });

  it('an intake through the gateway is validated by the gateway only: the office trusts its signed marker', async () => {
    const token = await suite.token('commander');
    const before = await checks();
    const res = await suite.http().post('/api/v1/incidents').set({ authorization: `Bearer ${token}` }).send(good());
    expect(res.status).toBe(201);
    const after = await checks();
    expect(after.trusted - before.trusted).toBe(1);
    expect(after.validated - before.validated).toBe(0);
    // And the gateway still refuses what is invalid, naming the field (the office never sees it).
    const refused = await suite.http().post('/api/v1/incidents').set({ authorization: `Bearer ${token}` }).send(bad());
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('title');
  });

  it('an intake with an Idempotency-Key (a field the gateway adds from the header) is validated once too: the body and the key by the gateway, the office trusts it', async () => {
    const token = await suite.token('commander');
    const before = await checks();
    const res = await suite.http().post('/api/v1/incidents').set({ authorization: `Bearer ${token}`, 'idempotency-key': `k-${randomUUID()}` }).send(good());
    expect(res.status).toBe(201);
    const after = await checks();
    expect(after.trusted - before.trusted).toBe(1);
    expect(after.validated - before.validated).toBe(0);
    // A key outside the contract's rules is refused at the gateway, naming the field; nothing is filed.
    const refused = await suite.http().post('/api/v1/incidents').set({ authorization: `Bearer ${token}`, 'idempotency-key': 'k'.repeat(129) }).send(good());
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('idempotencyKey');
    const last = await checks();
    expect(last.trusted + last.validated).toBe(after.trusted + after.validated);
  });

  it('a signed request without a marker is validated: VALIDATION_FAILED naming the field', async () => {
    const ok = await ask(good());
    expect(ok.err ?? null).toBeNull();
    const r = await ask(bad());
    expect(r.err).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(r.err!.details!.fields!.map((f) => f.field)).toContain('title');
  });

  it('a marker over other bytes (a captured header replayed with another body) is not trusted: the body is validated', async () => {
    const f = rulesFingerprint(ReportIncident.Request)!;
    expect(f).toBeTruthy();
    const otherBytes = codec.encode({ pattern: subject, data: good(), id: randomUUID() });
    const before = await checks();
    const r = await ask(bad(), () => ({ f, d: payloadDigest(otherBytes) }));
    expect(r.err).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(r.err!.details!.fields!.map((x) => x.field)).toContain('title');
    const after = await checks();
    expect(after.trusted - before.trusted).toBe(0);
  });

  it('a marker for another class of rules is not trusted: the body is validated', async () => {
    const r = await ask(bad(), (bytes) => ({ f: 'not-the-rules-of-this-class', d: payloadDigest(bytes) }));
    expect(r.err).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(r.err!.details!.fields!.map((x) => x.field)).toContain('title');
  });

  it('a marker under a foreign key is refused with the actor, before the payload is read', async () => {
    const foreign = new ActorSigner({ current: 'not-the-suite-key-not-the-suite-key', ttlSeconds: 60 });
    const r = await ask(bad(), (bytes) => ({ f: rulesFingerprint(ReportIncident.Request)!, d: payloadDigest(bytes) }), foreign);
    expect(r.err).toMatchObject({ code: 'ACTOR_REJECTED', details: { reason: 'unknown_key' } });
  });

  it('a marker that matches the bytes and the rules is trusted (what the gateway sends): the report is filed', async () => {
    const before = await checks();
    const r = await ask(good(), (bytes) => ({ f: rulesFingerprint(ReportIncident.Request)!, d: payloadDigest(bytes) }));
    expect(r.err ?? null).toBeNull();
    expect(r.response?.id).toBeTruthy();
    const after = await checks();
    expect(after.trusted - before.trusted).toBe(1);
    expect(after.validated - before.validated).toBe(0);
  });
});
