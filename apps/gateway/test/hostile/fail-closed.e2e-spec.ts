import { randomBytes } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { AppProcess, eventually, freePort } from '@grid122/testing';
import { startSuite, Suite, TEST_PASSWORD } from '../support/suite';

/**
 * Hostile network, secrets: production is the default mode and fails closed. An app started
 * without NODE_ENV, with DEMO_MODE and the repository's published secrets, refuses to start and
 * names every bad key; a gateway running in production with real secrets refuses a token signed
 * with the repository's default JWT secret (the attack: an account id read from the live
 * feed, a token made with the public secret), and keeps /metrics behind its token.
 */
jest.setTimeout(180_000);

const REPO_JWT_SECRET = 'grid122-demo-jwt-secret-not-for-production-use';
const secret = () => randomBytes(30).toString('base64url');
/** The suite's signing key (its apps run in test mode on it): the production gateway shares it, so identity takes its audit entries. */
const ACTOR_KEY = secret();

/** Runs `serve` until the process exits on its own; its exit code and output. */
async function refusedStart(app: AppProcess): Promise<{ error: string }> {
  const error = await app.start(30_000).then(
    () => '',
    (e: Error) => e.message,
  );
  await app.stop();
  return { error };
}

describe('hostile network: secrets fail closed', () => {
  let suite: Suite;

  beforeAll(async () => {
    suite = await startSuite({ services: ['office'], env: { OFFICE_SWEEP_INTERVAL_MS: '0', ACTOR_SIGNING_KEY: ACTOR_KEY } });
    await suite.token('commander');
  });
  afterAll(async () => suite?.stop());

  it('refuses to start a service without NODE_ENV, with DEMO_MODE and the published compose keys, naming each', async () => {
    const office = new AppProcess({
      app: 'office',
      port: await freePort(),
      env: {
        DATABASE_URL: suite.env.databaseUrl,
        NATS_URL: suite.env.natsUrl,
        DEMO_MODE: 'true',
        PII_ENCRYPTION_KEY: 'demo-only-pii-encryption-key-0123456789abcdef',
        PII_HASH_KEY: 'demo-only-pii-hash-key-0123456789abcdef012345',
      },
    });
    const { error } = await refusedStart(office);
    expect(error).toMatch(/exited during start \(1\)/);
    for (const problem of ['DEMO_MODE: refused in production', 'PII_ENCRYPTION_KEY: a published default', 'PII_HASH_KEY: a published default', 'ACTOR_SIGNING_KEY: required in production', 'NATS_PASSWORD: required in production']) {
      expect(error).toContain(problem);
    }
  });

  it('refuses to start a production gateway on the default JWT secret or without a metrics token', async () => {
    const gw = new AppProcess({
      app: 'gateway',
      port: await freePort(),
      env: { DATABASE_URL: suite.env.databaseUrl, NATS_URL: suite.env.natsUrl, NODE_ENV: 'production', JWT_SECRET: REPO_JWT_SECRET, ADMIN_PASSWORD: secret(), PII_ENCRYPTION_KEY: secret(), PII_HASH_KEY: secret(), ACTOR_SIGNING_KEY: secret(), ...suite.env.appEnv('gateway') },
    });
    const { error } = await refusedStart(gw);
    expect(error).toContain('JWT_SECRET: a published default');
    expect(error).toContain('METRICS_TOKEN: required in production');
  });

  describe('a gateway in production with real secrets', () => {
    let gw: AppProcess;
    const metricsToken = secret();
    const jwtSecret = secret();

    beforeAll(async () => {
      gw = new AppProcess({
        app: 'gateway',
        port: await freePort(),
        env: {
          DATABASE_URL: suite.env.databaseUrl,
          NATS_URL: suite.env.natsUrl,
          NODE_ENV: 'production',
          LOG_LEVEL: 'warn',
          JWT_SECRET: jwtSecret,
          ADMIN_PASSWORD: secret(),
          METRICS_TOKEN: metricsToken,
          PII_ENCRYPTION_KEY: secret(),
          PII_HASH_KEY: secret(),
          ACTOR_SIGNING_KEY: ACTOR_KEY,
          ...suite.env.appEnv('gateway'),
        },
      });
      await gw.start();
    });
    afterAll(async () => gw?.stop());

    it('refuses a token signed with the default secret for a real account id, and takes its own', async () => {
      const [{ id }] = await (await suite.dataSource('gateway')).query(`SELECT id FROM identity.accounts WHERE username = 'admin'`);
      const forged = new JwtService({ secret: REPO_JWT_SECRET }).sign({ sub: id, username: 'admin', role: 'admin', scope: '' }, { expiresIn: 600 });
      const refused = await fetch(`${gw.url}/api/v1/incidents?limit=1`, { headers: { authorization: `Bearer ${forged}` } });
      expect(refused.status).toBe(401);

      const login = await fetch(`${gw.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'commander', password: TEST_PASSWORD }) });
      expect(login.status).toBe(200);
      const { accessToken } = (await login.json()) as { accessToken: string };
      expect(new JwtService({ secret: jwtSecret }).verify(accessToken)).toMatchObject({ username: 'commander' });
    });

    it('keeps /metrics behind its token', async () => {
      expect((await fetch(`${gw.url}/metrics`)).status).toBe(401);
      await eventually(async () => expect((await fetch(`${gw.url}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } })).status).toBe(200));
    });
  });
});
