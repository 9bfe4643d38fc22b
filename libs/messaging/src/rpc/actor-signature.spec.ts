import { Role, SYSTEM_ACTOR } from '@grid122/contracts';
import { ActorSigner, keyId } from './actor-signature';

describe(ActorSigner.name, () => {
  const key = 'k'.repeat(40);
  const sut = new ActorSigner({ current: key, ttlSeconds: 60 });
  const actor = { id: 'a1', username: 'commander', role: Role.StreetCommander, scope: 'nj.gulou.btq' };
  const now = Date.UTC(2026, 0, 5, 2, 0, 0);

  it('verifies its own signature for the same subject and request', () => {
    const token = sut.sign(actor, 'r1', 'office.incident.get', now);
    expect(sut.verify(token, 'r1', 'office.incident.get', now + 1000)).toEqual({ ok: true, actor });
  });

  it('refuses a missing or hand-written JSON actor as unsigned', () => {
    expect(sut.verify(undefined, 'r1', 's', now)).toEqual({ ok: false, reason: 'unsigned' });
    expect(sut.verify(JSON.stringify({ role: 'admin', scope: '' }), 'r1', 's', now)).toEqual({ ok: false, reason: 'unsigned' });
  });

  it('refuses a signature made with another key, and a payload changed under a real signature', () => {
    const other = new ActorSigner({ current: 'x'.repeat(40), ttlSeconds: 60 });
    const foreign = other.sign(SYSTEM_ACTOR, 'r1', 's', now);
    expect(sut.verify(foreign, 'r1', 's', now)).toEqual({ ok: false, reason: 'unknown_key' });
    const [v, , body, sig] = foreign.split('.');
    expect(sut.verify([v, keyId(key), body, sig].join('.'), 'r1', 's', now)).toEqual({ ok: false, reason: 'forged' });
    const real = sut.sign(actor, 'r1', 's', now).split('.');
    const raised = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(real[2], 'base64url').toString()), a: { ...actor, role: 'admin', scope: '' } })).toString('base64url');
    expect(sut.verify([real[0], real[1], raised, real[3]].join('.'), 'r1', 's', now)).toEqual({ ok: false, reason: 'forged' });
  });

  it('refuses an expired signature, another subject and another request id', () => {
    const token = sut.sign(actor, 'r1', 's', now);
    expect(sut.verify(token, 'r1', 's', now + 61_000)).toEqual({ ok: false, reason: 'expired' });
    expect(sut.verify(token, 'r1', 'office.incident.transition', now)).toEqual({ ok: false, reason: 'wrong_subject' });
    expect(sut.verify(token, 'r2', 's', now)).toEqual({ ok: false, reason: 'wrong_request' });
  });

  it('accepts the previous key during a rotation, signing with the new one', () => {
    const old = new ActorSigner({ current: key, ttlSeconds: 60 });
    const rotated = new ActorSigner({ current: 'n'.repeat(40), previous: key, ttlSeconds: 60 });
    expect(rotated.verify(old.sign(actor, 'r', 's', now), 'r', 's', now).ok).toBe(true);
    expect(old.verify(rotated.sign(actor, 'r', 's', now), 'r', 's', now)).toEqual({ ok: false, reason: 'unknown_key' });
  });
});
