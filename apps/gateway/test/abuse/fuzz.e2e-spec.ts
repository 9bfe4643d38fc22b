import fc from 'fast-check';
import { AppProcess, freePort } from '@grid122/testing';
import { startSuite, STREET, Suite, TEST_PASSWORD } from '../support/suite';
import { Route, routesOf, Schema } from './openapi-routes';

/**
 * Fuzzing the public API (模糊测试) from its OpenAPI document: random and malformed bodies, wrong
 * types, huge strings, deep JSON, unicode, SQL and script payloads, path traversal, oversized and
 * mistyped uploads. Always a 4xx JSON error (never a 500), nosniff on every answer, and stored
 * text comes back verbatim as JSON data, never as markup. Then: no secret or personal datum in a
 * gateway process's logs.
 */
jest.setTimeout(120_000);

const NASTY = [
  "' OR 1=1 --",
  "'; DROP TABLE office.incidents; --",
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '../../../../etc/passwd',
  '..%2f..%2f..%2fetc%2fpasswd',
  '\u0000\u0001\u202e',
  '𠜎𠜱𠝹 网格 🚧',
  '${jndi:ldap://x}',
  '{{7*7}}',
  'nj.*.btq|| true',
];

/** A value of the schema's type, or deliberately not. */
const valueFor = (s: Schema | undefined, depth = 0): fc.Arbitrary<unknown> => {
  const wrong = fc.oneof(fc.constantFrom(...NASTY), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.string({ maxLength: 5000 }), fc.constant('x'.repeat(200_000)));
  if (!s || depth > 2) return wrong;
  const right =
    s.enum ? fc.constantFrom(...s.enum) :
    s.type === 'string' ? fc.oneof(fc.string(), fc.constantFrom(...NASTY), fc.string({ unit: 'grapheme', maxLength: 300 })) :
    s.type === 'integer' || s.type === 'number' ? fc.oneof(fc.integer(), fc.constantFrom(-1, 0, 2 ** 53, Number.MAX_SAFE_INTEGER)) :
    s.type === 'boolean' ? fc.boolean() :
    s.type === 'array' ? fc.array(valueFor(s.items, depth + 1), { maxLength: 5 }) :
    s.properties ? bodyFor(s, depth + 1) : wrong;
  return fc.oneof({ weight: 3, arbitrary: right }, { weight: 1, arbitrary: wrong });
};

/** An object shaped like the schema (some fields missing, some wrong, some unknown). */
const bodyFor = (s: Schema, depth = 0): fc.Arbitrary<unknown> =>
  fc.record(Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, valueFor(v, depth)])), { requiredKeys: [] });

const deep = (n: number): unknown => (n === 0 ? 'bottom' : { a: deep(n - 1) });

const anyBody = (r: Route): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 4, arbitrary: r.bodySchema?.properties ? bodyFor(r.bodySchema) : fc.object() },
    { weight: 1, arbitrary: fc.jsonValue() },
    { weight: 1, arbitrary: fc.constantFrom(deep(2000), [deep(300)], { __proto__: { admin: true } }, { constructor: { prototype: { x: 1 } } }) },
    { weight: 1, arbitrary: fc.record({ unknownField: fc.constantFrom(...NASTY) }) },
  );

describe('abuse: fuzzing the API from its OpenAPI document', () => {
  let suite: Suite;
  let routes: Route[];
  let admin: string;

  beforeAll(async () => {
    // Every service, so a body the gateway lets through is fuzzed in the service that owns it too.
    suite = await startSuite({ env: { OFFICE_SWEEP_INTERVAL_MS: '0' } });
    admin = await suite.token('admin');
    routes = routesOf((await suite.http().get('/api/docs-json').expect(200)).body).filter((r) => !r.streaming && !r.endsSession);
  }, 120_000);
  afterAll(async () => suite?.stop());

  const check = (r: Route, res: { status: number; headers: Record<string, string> }, what: string) => {
    // 503/504 name a unit service this file does not start: a clean error, not a crash.
    if (res.status >= 500 && res.status !== 503 && res.status !== 504) throw new Error(`${r.method} ${r.path} ${what}: ${res.status}`);
    if (res.status >= 400 && !/application\/json/.test(res.headers['content-type'] ?? '')) throw new Error(`${r.method} ${r.path}: ${res.status} not JSON`);
    // 414 is Fastify's router refusing a path parameter over maxParamLength before any hook runs.
    if (res.status !== 414 && res.headers['x-content-type-options'] !== 'nosniff') throw new Error(`${r.method} ${r.path}: ${res.status} without nosniff`);
  };

  it('answers every random or malformed JSON body on every write route with a 4xx JSON error, never a 500', async () => {
    const writes = routes.filter((r) => r.method !== 'get' && r.bodyType !== undefined && /json/.test(r.bodyType));
    expect(writes.length).toBeGreaterThan(10);
    for (const r of writes) {
      await fc.assert(
        fc.asyncProperty(anyBody(r), async (body) => {
          const res = await suite.http()[r.method](r.url).set({ authorization: `Bearer ${admin}`, 'content-type': 'application/json' }).send(JSON.stringify(body));
          check(r, res, JSON.stringify(body).slice(0, 200));
        }),
        { numRuns: 20 },
      );
    }
  });

  it('answers nasty path and query parameters with a 4xx, never a 500', async () => {
    const params = routes.filter((r) => r.path.includes('{') || r.method === 'get');
    for (const r of params) {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...NASTY.map(encodeURIComponent), 'x'.repeat(3000)), async (p) => {
          const url = r.path.includes('{') ? r.path.replace(/\{[^}]+\}/g, p) : `${r.url}?q=${p}&limit=${p}&from=${p}&root=${p}&cursor=${p}`;
          const res = await suite.http()[r.method](url).set({ authorization: `Bearer ${admin}` }).send(r.method === 'get' ? undefined : {});
          check(r, res, url.slice(0, 120));
        }),
        { numRuns: 4 },
      );
    }
  });

  it('refuses bodies that are not JSON, too large, or deeply nested, with a JSON 4xx', async () => {
    const auth = { authorization: `Bearer ${admin}` };
    const bad = await suite.http().post('/api/v1/incidents').set(auth).set('content-type', 'application/json').send('{"title": "unterminated');
    expect([bad.status, bad.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const big = await suite.http().post('/api/v1/incidents').set(auth).send({ title: 'x'.repeat(2_000_000) });
    expect([big.status, big.body.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    const xml = await suite.http().post('/api/v1/incidents').set(auth).set('content-type', 'application/xml').send('<a/>');
    expect(xml.status).toBe(415);
    expect(xml.headers['content-type']).toMatch(/application\/json/);
  });

  it('refuses oversized and mistyped uploads and traversal in photo names', async () => {
    const auth = { authorization: `Bearer ${await suite.token('worker')}` };
    const html = await suite.http().post('/api/v1/photos').set(auth).set('content-type', 'image/png').send(Buffer.from('<html><script>alert(1)</script></html>'));
    expect([html.status, html.body.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    const huge = await suite.http().post('/api/v1/photos').set(auth).set('content-type', 'image/jpeg').send(Buffer.alloc(6 * 1024 * 1024, 0xff));
    expect(huge.status).toBe(413);
    for (const name of ['..%2F..%2Fetc%2Fpasswd', '....//....//etc/passwd', '%00', 'a'.repeat(64) + '.html']) {
      const res = await suite.http().get(`/api/v1/photos/${name}`).set(auth);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.text).not.toMatch(/root:/);
    }
  });

  it('stores script payloads verbatim and returns them only as JSON data with nosniff; the page never carries them', async () => {
    const auth = { authorization: `Bearer ${await suite.token('commander')}` };
    const payload = '<script>alert("grid122")</script><img src=x onerror=alert(1)>';
    const created = await suite
      .http()
      .post('/api/v1/incidents')
      .set(auth)
      .send({ source: 'grid_patrol', title: payload, description: payload, keyArea: 'other', category: 'exposed_rubbish', address: payload.slice(0, 100), gridId: '11111111-1111-4111-8111-111111111111', gridPath: `${STREET}.c01.g2_01.g3_01` })
      .expect(201);
    const got = await suite.http().get(`/api/v1/incidents/${created.body.id}`).set(auth).expect(200);
    expect(got.body.title).toBe(payload);
    expect(got.headers['content-type']).toMatch(/^application\/json/);
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    const page = await suite.http().get('/');
    expect(page.text).not.toContain('alert("grid122")');
    expect(page.headers['content-security-policy'] ?? '').toMatch(/script-src 'self'/);
  });

  it('sends the security headers on every answer', async () => {
    const res = await suite.http().get('/health/live');
    expect(res.headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'x-frame-options': 'SAMEORIGIN' });
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('writes no password, token, API key or phone number to a gateway process log (pino redaction)', async () => {
    const gw = new AppProcess({
      app: 'gateway',
      port: await freePort(),
      env: { DATABASE_URL: suite.env.databaseUrl, NATS_URL: suite.env.natsUrl, NODE_ENV: 'test', LOG_LEVEL: 'trace', DEMO_MODE: 'false', ...suite.env.appEnv('gateway') },
    });
    await gw.start();
    try {
      const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
        fetch(`${gw.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
      await post('/api/v1/auth/login', { username: 'commander', password: 'Secret-Wrong-Pass-42' });
      const ok = (await (await post('/api/v1/auth/login', { username: 'commander', password: TEST_PASSWORD })).json()) as { accessToken: string };
      await post(
        '/api/v1/incidents',
        { source: 'hotline_12345', title: 'log check', keyArea: 'other', category: 'exposed_rubbish', address: '5号楼', reporter: { name: '王阿姨', phone: '13912345678' }, gridId: '11111111-1111-4111-8111-111111111111', gridPath: `${STREET}.c01.g2_01.g3_01` },
        { authorization: `Bearer ${ok.accessToken}` },
      );
      await fetch(`${gw.url}/api/v1/incidents?limit=1`, { headers: { 'x-api-key': 'grid122-demo-key-SECRET-999', authorization: 'Bearer forged.token.value' } });
      await fetch(`${gw.url}/api/v1/nope/${'13912345678'}`);
    } catch (e) {
      // A gateway that went away mid-test: say why (its own last lines), not only "fetch failed".
      throw new Error(`${(e as Error).message}; gateway running: ${gw.running}; its last lines:\n${gw.output().slice(-20).join('\n')}`);
    } finally {
      await gw.stop();
    }
    const log = gw.output().join('\n');
    expect(log.length).toBeGreaterThan(0);
    for (const secret of ['Secret-Wrong-Pass-42', TEST_PASSWORD, 'grid122-demo-key-SECRET-999', 'forged.token.value', '13912345678']) expect(log).not.toContain(secret);
  });
});
