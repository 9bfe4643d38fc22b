import { JwtService } from '@nestjs/jwt';
import { Actor, GatewayErrorCode, ResolveActor, ResolveApiKey, Role } from '@grid122/contracts';
import { AppError, RpcClient } from '@grid122/messaging';
import { AuditService } from '../audit/audit.service';
import { GatewayEnv } from '../config/gateway.env';
import { LoginThrottle } from '../security/login-throttle';
import { AuthService } from './auth.service';

describe(AuthService.name, () => {
  const platform: Actor = { id: 'k1', username: 'apikey:鼓楼区平台', role: Role.Platform, scope: 'nj.gulou' };
  const worker: Actor = { id: 'a1', username: 'worker', role: Role.GridWorker, scope: 'nj.gulou.btq' };
  const jwt = new JwtService({ secret: 'test-secret-test-secret-test-secret' });
  let asked: string[];
  let answer: (subject: string) => Promise<Actor>;
  let sut: AuthService;

  beforeEach(() => {
    asked = [];
    answer = async (subject) => (subject === ResolveApiKey.subject ? platform : worker);
    const rpc = {
      call: async (contract: { subject: string }) => {
        asked.push(contract.subject);
        await new Promise((r) => setTimeout(r, 5));
        return answer(contract.subject);
      },
    } as unknown as RpcClient;
    sut = new AuthService(jwt, {} as GatewayEnv, rpc, {} as AuditService, {} as LoginThrottle);
  });

  it('asks identity once for an API key its concurrent requests carry, and keeps the answer', async () => {
    const actors = await Promise.all(Array.from({ length: 50 }, () => sut.actorFromApiKey('district-key')));
    expect(actors.every((a) => a === platform)).toBe(true);
    expect(await sut.actorFromApiKey('district-key')).toBe(platform);
    expect(asked).toEqual([ResolveApiKey.subject]);
  });

  it('does not keep a refused API key: the next request asks again', async () => {
    answer = async () => {
      throw new AppError(GatewayErrorCode.BadApiKey, 'Invalid API key');
    };
    const refusals = await Promise.all(Array.from({ length: 5 }, () => sut.actorFromApiKey('nope').catch((e: AppError) => e.code)));
    expect(refusals).toEqual(Array(5).fill(GatewayErrorCode.BadApiKey));
    await expect(sut.actorFromApiKey('nope')).rejects.toMatchObject({ code: GatewayErrorCode.BadApiKey });
    expect(asked).toEqual([ResolveApiKey.subject, ResolveApiKey.subject]);
  });

  it('asks identity once for a token its concurrent requests carry, apart from an API key', async () => {
    const token = await jwt.signAsync({ sub: worker.id, sid: 's1' });
    const [a, b, c] = await Promise.all([sut.actorFromToken(token), sut.actorFromToken(token), sut.actorFromApiKey('district-key')]);
    expect([a, b, c]).toEqual([worker, worker, platform]);
    expect(asked.sort()).toEqual([ResolveActor.subject, ResolveApiKey.subject].sort());
  });
});
