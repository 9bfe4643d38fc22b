import { ResolveApiKey } from '@grid122/contracts';
import { Metrics } from '@grid122/observability';
import { XMLParser } from 'fast-xml-parser';
import { hashApiKey } from '../../../identity/src/account/account.repository';
import { STREET, startSuite, Suite } from '../support/suite';

/**
 * Hostile network, guessing API keys: a refused key (unknown or revoked) is counted against the
 * address's anonymous budget (ANONYMOUS_RATE_LIMIT_PER_MINUTE, the one shared limiter), so past it
 * the address gets 429 with Retry-After in the route's error format — and an unknown key is not
 * looked up any more, so a guess costs identity nothing. A refusal is kept a few seconds
 * (REFUSED_KEY_CACHE_MS): one bad key repeated costs identity one lookup. Identity's lookups are
 * counted by its own metric (`grid122_rpc_duration_seconds_count{subject="identity.…api-key"}`).
 */
jest.setTimeout(120_000);

const KEY = 'district-platform-guessing-key';
const LIMIT = 4;
const xml = new XMLParser({ parseTagValue: false });

describe('hostile network: guessing API keys', () => {
  let suite: Suite;
  const post = (ip: string, key: string, format = 'json') =>
    suite.http().post(`/open311/v2/requests.${format}`).set('x-forwarded-for', ip).type('form').send({ api_key: key, service_code: 'no_such_thing', lat: '32.1', long: '118.75' });
  /** How many API keys identity has looked up so far. */
  const lookups = async () => {
    const m = await suite.services.identity!.get(Metrics).rpcDuration.get();
    return m.values.filter((v) => v.metricName === 'grid122_rpc_duration_seconds_count' && v.labels.subject === ResolveApiKey.subject).reduce((n, v) => n + v.value, 0);
  };

  beforeAll(async () => {
    suite = await startSuite({ services: ['office'], env: { OFFICE_SWEEP_INTERVAL_MS: '0', ANONYMOUS_RATE_LIMIT_PER_MINUTE: String(LIMIT) } });
    await (await suite.dataSource('gateway')).query(`INSERT INTO identity.api_keys (name, key_hash, scope) VALUES ('鼓楼区平台', $1, $2)`, [hashApiKey(KEY), STREET]);
  });
  afterAll(async () => suite?.stop());

  it('answers 429 with Retry-After, in Open311\'s format, once an address has spent its budget on bad keys; guesses past it are not looked up', async () => {
    const ip = '203.0.113.70';
    const before = await lookups();
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT; i++) statuses.push((await post(ip, `guess-${i}`)).status);
    expect(statuses).toEqual(Array(LIMIT).fill(403));
    const limited = await post(ip, 'guess-json').expect(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(limited.body).toEqual([{ code: 429, description: expect.stringMatching(/address/) }]);
    const limitedXml = await post(ip, 'guess-xml', 'xml').expect(429);
    expect(Number(limitedXml.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(xml.parse(limitedXml.text).errors.error).toMatchObject({ code: '429', description: expect.stringMatching(/address/) });
    // A read with a bad key, and an API-key route of the REST API (its own JSON error), the same.
    await suite.http().get('/open311/v2/requests.json?api_key=guess-read').set('x-forwarded-for', ip).expect(429);
    const rest = await suite.http().get('/api/v1/hub').set('x-forwarded-for', ip).set('x-api-key', 'guess-rest').expect(429);
    expect(rest.body.code).toBe('RATE_LIMITED');
    expect(Number(rest.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // Identity was asked for the refused four only: the guesses past the budget cost it nothing.
    expect((await lookups()) - before).toBe(LIMIT);
  });

  it('does not hold back a good key from another address', async () => {
    await post('203.0.113.71', 'guess-a').expect(403);
    for (let i = 0; i < LIMIT + 2; i++) await post('203.0.113.72', KEY).expect(400); // the office's refusal of an unknown service: the key was taken
  });

  it('asks identity once for a bad key repeated within its refusal\'s few seconds, and counts each attempt', async () => {
    const ip = '203.0.113.73';
    const before = await lookups();
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 1; i++) statuses.push((await post(ip, 'the-same-bad-key')).status);
    expect(statuses).toEqual([...Array(LIMIT).fill(403), 429]);
    expect((await lookups()) - before).toBe(1);
  });

  it('refuses a bad key on a REST route counted the same way (401 until the budget is spent)', async () => {
    const ip = '203.0.113.74';
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 1; i++) statuses.push((await suite.http().get('/api/v1/hub').set('x-forwarded-for', ip).set('x-api-key', `rest-guess-${i}`)).status);
    expect(statuses).toEqual([...Array(LIMIT).fill(401), 429]);
  });
});
