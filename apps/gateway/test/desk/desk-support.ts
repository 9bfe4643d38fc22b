import { centroid, demoAccountsScope, demoStreet } from '@grid122/demo-street';
import { loadIdentityEnv } from '../../../identity/src/config/identity.env';
import { seedDemo as seedIdentity } from '../../../identity/src/database/seed';
import { seedDemo as seedRegistry } from '../../../grid-registry/src/database/seed';
import { startSuite, Suite } from '../support/suite';

/**
 * The desk's day (issue 23) as the demo street does it: the gateway with the demo accounts, the
 * registry with the demo street (its buildings, compounds and grids), the office with an empty
 * ledger; every call through the gateway.
 */
export const DEMO_PASSWORD = 'demo-password-for-desk';
export const scope = demoAccountsScope();
export const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');

export interface Desk {
  suite: Suite;
  login: (username: string) => Promise<{ authorization: string }>;
  /** The centre of a grid of the demo street (a point the registry locates to it). */
  pointIn: (path: string) => { lng: number; lat: number };
  /** Uploads a distinct small PNG and answers its sha256. */
  photo: (who: string) => Promise<string>;
  act: (id: string, action: string, who: string, body?: Record<string, unknown>, status?: number) => Promise<any>;
  report: (who: string, body: Record<string, unknown>, status?: number) => Promise<any>;
}

export async function startDesk(services: ('office' | 'grid-registry')[] = ['office', 'grid-registry'], env: Record<string, string> = {}): Promise<Desk> {
  const suite = await startSuite({ services, env: { OFFICE_SWEEP_INTERVAL_MS: '0', ...env } });
  await seedIdentity(await suite.dataSource('identity'), loadIdentityEnv({ ...process.env, DEMO_MODE: 'true', DEMO_PASSWORD }));
  if (services.includes('grid-registry')) await seedRegistry(await suite.dataSource('grid-registry'));
  const tokens = new Map<string, string>();
  const login = async (username: string) => {
    if (!tokens.has(username)) {
      const res = await suite.http().post('/api/v1/auth/login').send({ username, password: DEMO_PASSWORD });
      if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
      tokens.set(username, res.body.accessToken);
    }
    return { authorization: `Bearer ${tokens.get(username)}` };
  };
  const grids = demoStreet().grids;
  let photos = 0;
  return {
    suite,
    login,
    pointIn(path) {
      const g = grids.find((x) => x.path === path);
      if (!g) throw new Error(`no grid ${path}`);
      const [lng, lat] = centroid(g.polygon as never);
      return { lng, lat };
    },
    async photo(who) {
      photos += 1;
      const bytes = Buffer.concat([PNG, Buffer.from(`desk-${process.pid}-${Date.now()}-${photos}`)]);
      const res = await suite.http().post('/api/v1/photos').set(await login(who)).set('content-type', 'image/png').send(bytes);
      if (res.status !== 201) throw new Error(`photo: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.sha256 as string;
    },
    async act(id, action, who, body = {}, status = 200) {
      const res = await suite.http().post(`/api/v1/incidents/${id}/${action}`).set(await login(who)).set('idempotency-key', `${action}-${id}-${Math.random()}`).send(body);
      if (res.status !== status) throw new Error(`${action} by ${who}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    },
    async report(who, body, status = 201) {
      const res = await suite.http().post('/api/v1/incidents').set(await login(who)).set('idempotency-key', `report-${Math.random()}`).send(body);
      if (res.status !== status) throw new Error(`report by ${who}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    },
  };
}
