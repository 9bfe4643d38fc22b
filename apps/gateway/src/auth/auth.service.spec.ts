import { JwtService } from '@nestjs/jwt';
import { Actor, GatewayErrorCode, ResolveActor, ResolveApiKey, Role } from '@grid122/contracts';
import { AppError, RpcClient } from '@grid122/messaging';
import { AuditService } from '../audit/audit.service';
import { GatewayEnv } from '../config/gateway.env';
import { LoginThrottle } from '../security/login-throttle';
import { RateLimits } from '../security/rate-limits';
import { AuthService, REFUSED_KEY_CACHE_MS } from './auth.service';

describe(AuthService.name, () => {
  const platform: Actor = { id: 'k1', username: 'apikey:鼓楼区平台', role: Role.Platform, scope: 'nj.gulou' };
  const worker: Actor = { id: 'a1', username: 'worker', role: Role.GridWorker, scope: 'nj.gulou.btq' };
  const jwt = new JwtService({ secret: 'test-secret-test-secret-test-secret' });
  let asked: string[];
  let answer: (subject: string) => Promise<Actor>;
  let sut: AuthService;
  /** The addresses counted into (and checked against) the anonymous budget. */
  let counted: string[];
  let checked: string[];

  beforeEach(() => {
    asked = [];
    counted = [];
    checked = [];
    answer = async (subject) => (subject === ResolveApiKey.subject ? platform : worker);
    const rpc = {
      call: async (contract: { subject: string }) => {
        asked.push(contract.subject);
        await new Promise((r) => setTimeout(r, 5));
        return answer(contract.subject);
      },
    } as unknown as RpcClient;
    const limits = {
      anonymous: async (ip: string) => void counted.push(ip),
      assertAnonymousLeft: async (ip: string) => void checked.push(ip),
    } as unknown as RateLimits;
    sut = new AuthService(jwt, {} as GatewayEnv, rpc, {} as AuditService, {} as LoginThrottle, limits);
  });

  it('asks identity once for an API key its concurrent requests carry, and keeps the answer', async () => {
    const actors = await Promise.all(Array.from({ length: 50 }, () => sut.actorFromApiKey('district-key')));
    expect(actors.every((a) => a === platform)).toBe(true);
    expect(await sut.actorFromApiKey('district-key')).toBe(platform);
    expect(asked).toEqual([ResolveApiKey.subject]);
  });

  it('keeps a refused API key refused for a few seconds, counting every attempt against its address', async () => {
    answer = async () => {
      throw new AppError(GatewayErrorCode.BadApiKey, 'Invalid API key');
    };
    const refusals = await Promise.all(Array.from({ length: 5 }, () => sut.actorFromApiKey('nope', '10.0.0.9').catch((e: AppError) => e.code)));
    expect(refusals).toEqual(Array(5).fill(GatewayErrorCode.BadApiKey));
    await expect(sut.actorFromApiKey('nope', '10.0.0.9')).rejects.toMatchObject({ code: GatewayErrorCode.BadApiKey });
    expect(asked).toEqual([ResolveApiKey.subject]);
    expect(counted).toEqual(Array(6).fill('10.0.0.9'));
    // Past the refusal's few seconds identity is asked again (a key created since then works).
    const now = Date.now();
    const clock = jest.spyOn(Date, 'now').mockReturnValue(now + REFUSED_KEY_CACHE_MS + 1);
    try {
      answer = async () => platform;
      expect(await sut.actorFromApiKey('nope', '10.0.0.9')).toBe(platform);
    } finally {
      clock.mockRestore();
    }
    expect(asked).toEqual([ResolveApiKey.subject, ResolveApiKey.subject]);
    expect(counted).toHaveLength(6);
  });

  it('checks the address\'s budget before asking identity about a key it does not hold, not for a key it holds', async () => {
    await sut.actorFromApiKey('district-key', '10.0.0.1');
    await sut.actorFromApiKey('district-key', '10.0.0.2');
    expect(checked).toEqual(['10.0.0.1']);
    expect(counted).toEqual([]);
  });

  it('asks identity once for a token its concurrent requests carry, apart from an API key', async () => {
    const token = await jwt.signAsync({ sub: worker.id, sid: 's1' });
    const [a, b, c] = await Promise.all([sut.actorFromToken(token), sut.actorFromToken(token), sut.actorFromApiKey('district-key')]);
    expect([a, b, c]).toEqual([worker, worker, platform]);
    expect(asked.sort()).toEqual([ResolveActor.subject, ResolveApiKey.subject].sort());
  });
});
