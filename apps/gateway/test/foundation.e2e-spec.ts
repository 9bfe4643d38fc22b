import { SERVICES } from '@grid122/contracts';
import request from 'supertest';
import { getMetadataStorage } from 'class-validator';
import { INPUT_CLASSES } from '../src/routing/routes';
import { startSuite, Suite } from './support/suite';

describe('foundation: gateway, services, auth, errors', () => {
  let suite: Suite;

  beforeAll(async () => {
    suite = await startSuite();
  });
  afterAll(() => suite?.stop());

  it('GET /health asks every service over NATS and shows each up', async () => {
    const res = await suite.http().get('/health').expect(200);
    expect(res.body.status).toBe('up');
    for (const s of SERVICES) expect(res.body.services[s]).toBe('up');
    expect(res.body.gateway).toEqual({ database: 'up', nats: 'up' });
    // The live feed's reader (the shared JetStream consumer, ordered): its state.
    expect(res.body.liveFeed).toBe('running');
  });

  it("a service's own /health reports its streams, dead letters and each consumer's lag and state", async () => {
    const res = await request(suite.services.office!.getHttpServer()).get('/health').expect(200);
    expect(res.body).toMatchObject({
      status: 'up',
      checks: { database: 'up', nats: 'up', streams: 'up', consumers: 'up' },
      streams: { GRID122_EVENTS: 'up', GRID122_DEAD_LETTERS: 'up' },
      deadLetters: 0,
      outbox: { unpublished: expect.any(Number), parked: 0, oldestUnpublishedSeconds: expect.any(Number) },
    });
    expect(res.body.consumers['office-findings__enforcement_finding_reported']).toEqual({ consumer: 'office-findings', state: 'running', pending: 0, ackPending: 0, redelivered: 0 });
  });

  it('logs in and returns a token with the user', async () => {
    const res = await suite.http().post('/api/v1/auth/login').send({ username: 'commander', password: 'test-password-1' }).expect(200);
    expect(res.body.accessToken).toEqual(expect.any(String));
    expect(res.body.expiresIn).toBeGreaterThan(0);
    expect(res.body.user).toMatchObject({ username: 'commander', role: 'street_commander', scope: 'nj.gulou.btq' });
    const me = await suite.http().get('/api/v1/auth/me').set('authorization', `Bearer ${res.body.accessToken}`).expect(200);
    expect(me.body.username).toBe('commander');
  });

  it('refuses a wrong password with 401 and a code, and writes the audit log', async () => {
    const res = await suite.http().post('/api/v1/auth/login').send({ username: 'district', password: 'nope' }).expect(401);
    expect(res.body.code).toBe('AUTH_BAD_CREDENTIALS');
    const ds = await suite.dataSource('gateway');
    const rows = await ds.query(`SELECT action, result FROM identity.audit_log WHERE actor_name = 'district' ORDER BY id DESC LIMIT 1`);
    expect(rows[0]).toEqual({ action: 'auth.login', result: 'failed' });
  });

  it('answers 401 without a token and with a forged one', async () => {
    const none = await suite.http().get('/api/v1/auth/me').expect(401);
    expect(none.body.code).toBe('UNAUTHENTICATED');
    const forged = await suite.http().get('/api/v1/auth/me').set('authorization', 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.AAAA').expect(401);
    expect(forged.body.code).toBe('UNAUTHENTICATED');
  });

  it('answers 400 naming the field for a bad body, and rejects unknown fields', async () => {
    const res = await suite.http().post('/api/v1/auth/login').send({ username: 42, password: 'x' }).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.message).toMatch(/username/);
    expect(res.body.details.fields[0].field).toBe('username');
    const extra = await suite.http().post('/api/v1/auth/login').send({ username: 'a', password: 'b', admin: true }).expect(400);
    expect(extra.body.message).toMatch(/admin/);
  });

  it('locks an account after repeated failures', async () => {
    for (let i = 0; i < 5; i++) await suite.http().post('/api/v1/auth/login').send({ username: 'auditor', password: 'wrong' });
    const res = await suite.http().post('/api/v1/auth/login').send({ username: 'auditor', password: 'test-password-1' }).expect(429);
    expect(res.body.code).toBe('AUTH_ACCOUNT_LOCKED');
  });

  it('serves /metrics openly when no METRICS_TOKEN is set', async () => {
    const res = await suite.http().get('/metrics').expect(200);
    expect(res.text).toContain('process_resident_memory_bytes');
  });

  it('serves the OpenAPI document', async () => {
    const res = await suite.http().get('/api/docs-json').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(Object.keys(res.body.paths)).toContain('/api/v1/auth/login');
  });

  it("fills the route tables' request schemas from the contracts' rules, nested classes as schemas of their own", async () => {
    const doc = (await suite.http().get('/api/docs-json').expect(200)).body;
    const schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }> = doc.components.schemas;
    const withRules = [...INPUT_CLASSES].filter(([name, C]) => name in schemas && getMetadataStorage().getTargetValidationMetadatas(C, '', true, false).length > 0);
    expect(withRules.length).toBeGreaterThan(100);
    expect(withRules.filter(([name]) => Object.keys(schemas[name].properties ?? {}).length === 0).map(([name]) => name)).toEqual([]);

    // 上报事件 (POST /api/v1/incidents): its required fields, their types, an enum, a nested point.
    expect(doc.paths['/api/v1/incidents'].post.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/OfficeIncidentReportBody' });
    const report = schemas.OfficeIncidentReportBody;
    expect(report.required).toEqual(expect.arrayContaining(['source', 'title', 'keyArea', 'category']));
    expect(report.properties).toMatchObject({
      title: { type: 'string', minLength: 2, maxLength: 200 },
      keyArea: { type: 'string', enum: expect.arrayContaining(['illegal_construction', 'other']) },
      gridId: { type: 'string', format: 'uuid' },
      photos: { type: 'array', items: { type: 'string' } },
      location: { $ref: '#/components/schemas/GeoPoint' },
    });
    expect(schemas.GeoPoint).toMatchObject({ required: ['lng', 'lat'], properties: { lng: { type: 'number' } } });

    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]);
    expect(refs.filter((name) => !(name in schemas))).toEqual([]);
  });

  it('a stopped service shows down and its calls give 503 naming it, within the timeout', async () => {
    await suite.stopService('appraisal');
    const started = Date.now();
    const res = await suite.http().get('/health').expect(503);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(res.body.services.appraisal).toBe('down');
    expect(res.body.services.office).toBe('up');
  });
});

describe('foundation: /metrics behind METRICS_TOKEN', () => {
  let suite: Suite;
  const TOKEN = 'scrape-token-0123456789abcdef';

  beforeAll(async () => {
    suite = await startSuite({ services: [], env: { METRICS_TOKEN: TOKEN } });
  });
  afterAll(() => suite?.stop());

  it('answers 401 naming the header without the token or with a wrong one, the metrics with it', async () => {
    for (const auth of [undefined, 'Bearer wrong-token', `Basic ${TOKEN}`]) {
      const req = suite.http().get('/metrics');
      const res = await (auth ? req.set('authorization', auth) : req).expect(401);
      expect(res.body).toMatchObject({ statusCode: 401, code: 'UNAUTHENTICATED', details: { field: 'authorization' } });
    }
    const ok = await suite.http().get('/metrics').set('authorization', `Bearer ${TOKEN}`).expect(200);
    expect(ok.text).toContain('process_resident_memory_bytes');
  });
});
