import { XMLParser } from 'fast-xml-parser';
import { eventually } from '@grid122/testing';
import { hashApiKey } from '../../identity/src/account/account.repository';
import { GatewayEnv } from '../src/config/gateway.env';
import { OTHER_STREET, startSuite, STREET, Suite } from './support/suite';

/**
 * Open311 GeoReport v2 as a real client uses it: form-encoded POSTs with an API key, XML parsed
 * with fast-xml-parser, JSON, date-range and status filters, the spec's errors, a platform's key
 * not throttled at the default limit, and servicerequestupdates following status changes.
 */
const KEY = 'district-platform-key-1';
const OTHER_KEY = 'other-street-platform-key';
/** A second platform of the same street, so the retry test spends no other test's rate-limit burst. */
const RETRY_KEY = 'hotline-platform-key-2';
const xml = new XMLParser({ parseTagValue: false });

describe('Open311 GeoReport v2 at /open311/v2/', () => {
  let suite: Suite;
  const auth = async (who: string) => ({ authorization: `Bearer ${await suite.token(who)}` });
  const post = (body: Record<string, string>, format = 'json') =>
    suite.http().post(`/open311/v2/requests.${format}`).type('form').send(body);

  beforeAll(async () => {
    suite = await startSuite({ services: ['office'], env: { OFFICE_SWEEP_INTERVAL_MS: '0' } });
    const ds = await suite.dataSource('gateway');
    await ds.query(`INSERT INTO identity.api_keys (name, key_hash, scope) VALUES ('鼓楼区平台', $1, $2), ('挹江门平台', $3, $4), ('12345热线平台', $5, $6)`, [hashApiKey(KEY), STREET, hashApiKey(OTHER_KEY), OTHER_STREET, hashApiKey(RETRY_KEY), STREET]);
  }, 60_000);
  afterAll(() => suite?.stop(), 30_000);

  it('serves discovery and the service list (= the office categories) in JSON and XML', async () => {
    const d = await suite.http().get('/open311/v2/discovery.json').expect(200);
    expect(d.body.endpoints[0]).toMatchObject({ specification: 'http://wiki.open311.org/GeoReport_v2', formats: ['text/xml', 'application/json'] });
    const dx = await suite.http().get('/open311/v2/discovery.xml').expect(200);
    expect(dx.headers['content-type']).toMatch(/text\/xml/);
    expect(xml.parse(dx.text).discovery.endpoints.endpoint.formats.format).toEqual(['text/xml', 'application/json']);

    const json = await suite.http().get('/open311/v2/services.json').expect(200);
    const rubbish = json.body.find((s: { service_code: string }) => s.service_code === 'exposed_rubbish');
    expect(rubbish).toMatchObject({ metadata: false, type: 'realtime', keywords: 'other' });
    const cats = await suite.http().get('/api/v1/categories').set(await auth('commander')).expect(200);
    expect(json.body.map((s: { service_code: string }) => s.service_code).sort()).toEqual(cats.body.items.map((c: { code: string }) => c.code).sort());
    const parsed = xml.parse((await suite.http().get('/open311/v2/services.xml').expect(200)).text);
    expect(parsed.services.service.length).toBe(json.body.length);
    expect(parsed.services.service[0]).toHaveProperty('service_code');
  });

  it('creates a request from a form-encoded POST with an API key, and serves it back in XML and JSON', async () => {
    const res = await post({ api_key: KEY, service_code: 'exposed_rubbish', lat: '32.1', long: '118.75', address_string: '宝塔桥东街5号', description: '垃圾堆放在路边\n已经三天', first_name: '张', last_name: '三', phone: '13800138000' }, 'xml').expect(201);
    const created = xml.parse(res.text).service_requests.request;
    expect(created.service_request_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.service_notice).toMatch(/Received as/);
    // One or the other (the spec): intake is synchronous, so the id and never a token too.
    expect(created).not.toHaveProperty('token');
    const id = created.service_request_id;

    const one = xml.parse((await suite.http().get(`/open311/v2/requests/${id}.xml?api_key=${KEY}`).expect(200)).text).service_requests.request;
    expect(one).toMatchObject({ service_request_id: id, status: 'open', service_code: 'exposed_rubbish', description: '垃圾堆放在路边\n已经三天', lat: '32.1', long: '118.75' });
    // Without a key (FixMyStreet sends none on GETs): the same public fields, nothing of the reporter.
    const keyless = await suite.http().get(`/open311/v2/requests/${id}.json`).expect(200);
    expect(keyless.body[0]).toMatchObject({ service_request_id: id, status: 'open', status_notes: '已上报' });
    expect(JSON.stringify(keyless.body)).not.toMatch(/张|13800138000|first_name|phone/);
    expect((await suite.http().get(`/open311/v2/tokens/${id}.xml`).expect(200)).text).toContain(`<service_request_id>${id}</service_request_id>`);
    // A contact a resident wrote into the text is masked for keyless readers, kept for the street's platform.
    const withPhone = (await post({ api_key: KEY, service_code: 'exposed_rubbish', address_string: '宝塔桥东街6号', description: '占道经营，联系我 13912345678' }).expect(201)).body[0].service_request_id;
    expect((await suite.http().get(`/open311/v2/requests/${withPhone}.json`).expect(200)).body[0].description).toBe('占道经营，联系我 139****5678');
    expect((await suite.http().get(`/open311/v2/requests/${withPhone}.json?api_key=${KEY}`).expect(200)).body[0].description).toBe('占道经营，联系我 13912345678');
    const incident = (await suite.http().get(`/api/v1/incidents/${id}`).set(await auth('commander')).expect(200)).body;
    expect(incident).toMatchObject({ source: 'open311', title: '垃圾堆放在路边', gridPath: expect.stringMatching(/^nj\.gulou\.btq/) });
    expect(incident.reporter.name).toBe('张**'); // masked for every role (the reveal shows it)
    // Stored protected (PiiCipher), never as plain text.
    const [row] = await (await suite.dataSource('office')).query(`SELECT reporter_phone, source_ref FROM office.incidents WHERE id = $1`, [id]);
    expect(row.reporter_phone).not.toContain('13800138000');
    expect(row.source_ref).toMatch(/^[0-9a-f-]{36}$/);
    const token = (await suite.http().get(`/open311/v2/tokens/${id}.json`).set('x-api-key', KEY).expect(200)).body;
    expect(token).toEqual([{ service_request_id: id, token: id }]);
    // JSON bodies are accepted too.
    const j = await suite.http().post(`/open311/v2/requests.json?api_key=${KEY}`).send({ service_code: 'exposed_rubbish', address_string: '宝塔桥西街1号', description: '井盖缺失' }).expect(201);
    expect(j.body[0].service_request_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers a repeated client reference with the first request (200, same id): Idempotency-Key or FixMyStreet\'s fixmystreet_id', async () => {
    const body = { api_key: RETRY_KEY, service_code: 'exposed_rubbish', lat: '32.0958', long: '118.7459', description: '垃圾暴露，重发测试' };
    const office = await suite.dataSource('office');
    const count = async (description = body.description) => Number((await office.query(`SELECT count(*)::int AS n FROM office.incidents WHERE description = $1`, [description]))[0].n);
    const first = await post(body).set('idempotency-key', 'ticket-12345-0001').expect(201);
    // The same Idempotency-Key replays the first answer as it was (201, the same bytes), racing retries included.
    const again = await post(body).set('idempotency-key', 'ticket-12345-0001').expect(201);
    expect(again.text).toBe(first.text);
    const racing = await Promise.all([1, 2, 3].map(() => post({ ...body, description: `${body.description}（并发）` }, 'xml').set('idempotency-key', 'ticket-12345-0002')));
    expect(racing.map((r) => r.status)).toEqual([201, 201, 201]);
    expect(new Set(racing.map((r) => r.text)).size).toBe(1);
    // Another body under the key: 422 in the spec's error format, nothing filed.
    const reused = await post({ ...body, description: '另一个问题' }).set('idempotency-key', 'ticket-12345-0001').expect(422);
    expect(reused.body).toEqual([{ code: 422, description: expect.stringMatching(/Idempotency-Key/) }]);
    expect(xml.parse((await post({ ...body, description: '另一个问题' }, 'xml').set('idempotency-key', 'ticket-12345-0001').expect(422)).text).errors.error.code).toBe('422');
    // FixMyStreet's own report id, sent again without a key: the first request, 200.
    const fms = { ...body, 'attribute[fixmystreet_id]': '4711' };
    const a = await post(fms, 'xml').expect(201);
    const b = await post(fms, 'xml').expect(200);
    const idOf = (t: string) => xml.parse(t).service_requests.request.service_request_id;
    expect(idOf(b.text)).toBe(idOf(a.text));
    expect(xml.parse(b.text).service_requests.request.service_notice).toMatch(/重复提交/);
    expect(idOf(a.text)).not.toBe(first.body[0].service_request_id);
    // Another platform's same reference is its own request.
    const other = await post({ ...fms, api_key: OTHER_KEY, lat: '32.1', long: '118.75' }).expect(201);
    expect(other.body[0].service_request_id).not.toBe(idOf(a.text));
    // A list by ids (one office request for all of them) answers those the key may see, in the order asked.
    const listed = await suite.http().get(`/open311/v2/requests.json?api_key=${KEY}&service_request_id=${other.body[0].service_request_id},${idOf(a.text)},${first.body[0].service_request_id}`).expect(200);
    expect(listed.body.map((r: { service_request_id: string }) => r.service_request_id)).toEqual([idOf(a.text), first.body[0].service_request_id]);
    // No reference: every POST is a new report.
    await post(body).expect(201);
    expect(await count()).toBe(4); // one per reference: key, fixmystreet_id, the other platform, none
    expect(await count(`${body.description}（并发）`)).toBe(1);
    expect(await count('另一个问题')).toBe(0);
  });

  it('refuses a missing or bad API key, an unknown service and a missing location in the spec\'s error format', async () => {
    // The spec: 403 when the api_key was not provided or is invalid.
    const missing = await post({ service_code: 'exposed_rubbish', lat: '32.1', long: '118.7' }, 'xml').expect(403);
    expect(xml.parse(missing.text).errors.error).toMatchObject({ code: '403', description: expect.stringMatching(/api_key/) });
    const bad = await post({ api_key: 'nope-nope', service_code: 'exposed_rubbish', lat: '32.1', long: '118.7' }).expect(403);
    expect(bad.body).toEqual([{ code: 403, description: 'api_key is invalid' }]);
    await suite.http().get('/open311/v2/requests.json?api_key=nope-nope').expect(403);
    const unknown = await post({ api_key: KEY, service_code: 'no_such_thing', lat: '32.1', long: '118.7' }).expect(400);
    expect(unknown.body[0].description).toMatch(/service_code/);
    const noWhere = await post({ api_key: KEY, service_code: 'exposed_rubbish', description: 'x' }).expect(400);
    expect(noWhere.body[0].description).toMatch(/location/);
    await suite.http().get('/open311/v2/requests.json').expect(200);
    // A list by ids leaves an unknown one out; one request by an unknown id is a 404.
    const some = await suite.http().get(`/open311/v2/requests.json?service_request_id=00000000-0000-4000-8000-000000000000,nonsense`).expect(200);
    expect(some.body).toEqual([]);
    const nf = await suite.http().get(`/open311/v2/requests/00000000-0000-4000-8000-000000000000.json?api_key=${KEY}`).expect(404);
    expect(nf.body[0].code).toBe(404);
    await suite.http().get('/open311/v2/services.csv').expect(404);
    // Every route answers the spec's errors, an unknown path and a wrong method included.
    const unknown404 = await suite.http().get('/open311/v2/nothing-here.xml').expect(404);
    expect(unknown404.headers['content-type']).toMatch(/text\/xml/);
    expect(xml.parse(unknown404.text).errors.error).toMatchObject({ code: '404' });
    const wrongMethod = await suite.http().delete('/open311/v2/requests.json').expect(404);
    expect(wrongMethod.body).toEqual([{ code: 404, description: expect.any(String) }]);
    const pdf = await suite.http().post('/open311/v2/requests.xml').set('content-type', 'application/pdf').send('%PDF-1.4').expect(415);
    expect(xml.parse(pdf.text).errors.error.code).toBe('415');
    const noService = await suite.http().get('/open311/v2/services/no_such_thing.xml').expect(404);
    expect(xml.parse(noService.text).errors.error.code).toBe('404');
    const badComment = await suite.http().post('/open311/v2/servicerequestupdates.xml').type('form').send({ api_key: KEY, service_request_id: '00000000-0000-4000-8000-000000000000', status: 'OPEN' }).expect(400);
    expect(xml.parse(badComment.text).errors.error.description).toMatch(/update_id/);
  });

  it('serves a service definition for every service', async () => {
    const def = xml.parse((await suite.http().get('/open311/v2/services/exposed_rubbish.xml').expect(200)).text);
    expect(def.service_definition).toMatchObject({ service_code: 'exposed_rubbish' });
  });

  it('makes reads key-only when OPEN311_READS_REQUIRE_KEY is set', async () => {
    const env = suite.gateway.get(GatewayEnv);
    env.OPEN311_READS_REQUIRE_KEY = true;
    try {
      const refused = await suite.http().get('/open311/v2/requests.xml').expect(403);
      expect(xml.parse(refused.text).errors.error.description).toMatch(/api_key is required/);
      await suite.http().get('/open311/v2/servicerequestupdates.json?api_key=').expect(403);
      await suite.http().get(`/open311/v2/requests.json?api_key=${KEY}`).expect(200);
      await suite.http().get('/open311/v2/services.json').expect(200);
    } finally {
      env.OPEN311_READS_REQUIRE_KEY = false;
    }
  });

  it('filters requests by status, service_code and date range, within the key\'s street', async () => {
    const before = new Date(Date.now() - 1000).toISOString();
    const a = (await post({ api_key: KEY, service_code: 'exposed_rubbish', address_string: '挹江门1号', description: '占道 A' }).expect(201)).body[0].service_request_id;
    const b = (await post({ api_key: KEY, service_code: 'exposed_rubbish', address_string: '挹江门2号', description: '占道 B' }).expect(201)).body[0].service_request_id;
    const other = (await post({ api_key: OTHER_KEY, service_code: 'exposed_rubbish', address_string: '别的街道', description: '别处' }).expect(201)).body[0].service_request_id;
    // Close b through the office's own workflow.
    const c = await auth('commander');
    await suite.http().post(`/api/v1/incidents/${b}/reject`).set(c).send({ reason: '重复上报，已由网格员处理' }).expect(200);

    const list = async (query: string) => (await suite.http().get(`/open311/v2/requests.json?api_key=${KEY}&${query}`).expect(200)).body.map((r: { service_request_id: string }) => r.service_request_id);
    const open = await list(`status=open&start_date=${encodeURIComponent(before)}`);
    expect(open).toContain(a);
    expect(open).not.toContain(b);
    const closed = await list(`status=closed&start_date=${encodeURIComponent(before)}`);
    expect(closed).toEqual([b]);
    expect(await list(`start_date=${encodeURIComponent(before)}`)).not.toContain(other);
    expect(await list(`end_date=${encodeURIComponent(before)}`)).not.toContain(a);
    expect(await list(`service_code=other_code_none&start_date=${encodeURIComponent(before)}`)).toEqual([]);
    const parsed = xml.parse((await suite.http().get(`/open311/v2/requests.xml?api_key=${KEY}&status=closed&start_date=${encodeURIComponent(before)}`).expect(200)).text);
    expect(parsed.service_requests.request).toMatchObject({ service_request_id: b, status: 'closed' });
    const badStatus = await suite.http().get(`/open311/v2/requests.json?api_key=${KEY}&status=done`).expect(400);
    expect(badStatus.body[0].description).toMatch(/status/);
    const badDate = await suite.http().get(`/open311/v2/requests.xml?api_key=${KEY}&start_date=yesterday`).expect(400);
    expect(xml.parse(badDate.text).errors.error.description).toMatch(/start_date/);
    // …and the other street's key does not see this street's requests.
    await suite.http().get(`/open311/v2/requests/${a}.json?api_key=${OTHER_KEY}`).expect((r) => expect([403, 404]).toContain(r.status));

    // page_size and page walk the same newest-first list, one page at a time.
    const whole = await list(`start_date=${encodeURIComponent(before)}`);
    expect(whole.slice(0, 2)).toEqual([b, a]);
    expect(await list(`start_date=${encodeURIComponent(before)}&page_size=1`)).toEqual([b]);
    expect(await list(`start_date=${encodeURIComponent(before)}&page_size=1&page=2`)).toEqual([a]);
    expect(await list(`start_date=${encodeURIComponent(before)}&page_size=1&page=3`)).toEqual(whole.slice(2, 3));
    const badPage = await suite.http().get(`/open311/v2/requests.json?api_key=${KEY}&page_size=0`).expect(400);
    expect(badPage.body[0].description).toMatch(/page_size/);
  });

  it('follows status changes with servicerequestupdates', async () => {
    const start = new Date(Date.now() - 1000).toISOString();
    const id = (await post({ api_key: KEY, service_code: 'exposed_rubbish', address_string: '宝塔桥东街9号', description: '路灯不亮' }).expect(201)).body[0].service_request_id;
    await suite.http().post(`/api/v1/incidents/${id}/reject`).set(await auth('commander')).send({ reason: '不属于街道职权' }).expect(200);
    await eventually(async () => {
      const res = await suite.http().get(`/open311/v2/servicerequestupdates.xml?api_key=${KEY}&extended_statuses=false&start_date=${encodeURIComponent(start)}`).expect(200);
      const ups = [xml.parse(res.text).service_request_updates.request_update].flat().filter((u: { service_request_id: string }) => u.service_request_id === id);
      expect(ups.map((u: { status: string }) => u.status)).toEqual(['closed']);
      expect(ups[0]).toMatchObject({ external_status_code: 'rejected', description: '不予立案：不属于街道职权' });
    }, 5000, 200);
    // FixMyStreet's vocabulary by default: a rejection is never a bare `closed` (which it shows as fixed).
    const extended = await suite.http().get(`/open311/v2/servicerequestupdates.json?start_date=${encodeURIComponent(start)}`).expect(200);
    expect(extended.body.filter((u: { service_request_id: string }) => u.service_request_id === id).map((u: { status: string }) => u.status)).toEqual(['no_further_action']);
    const other = await suite.http().get(`/open311/v2/servicerequestupdates.json?api_key=${OTHER_KEY}&start_date=${encodeURIComponent(start)}`).expect(200);
    expect(other.body.filter((u: { service_request_id: string }) => u.service_request_id === id)).toEqual([]);
  });

  it('records residents\' comments once per update_id; OPEN reopens a closed case only within the street\'s window', async () => {
    const c = await auth('commander');
    const CLIENT = 'resident-app-key-1'; // its own rate-limit bucket
    await (await suite.dataSource('gateway')).query(`INSERT INTO identity.api_keys (name, key_hash, scope) VALUES ('居民应用', $1, $2)`, [hashApiKey(CLIENT), STREET]);
    const comment = (id: string, updateId: string, status: string) =>
      suite.http().post('/open311/v2/servicerequestupdates.json').type('form').send({ api_key: CLIENT, service_request_id: id, update_id: updateId, status, description: `评论 ${updateId}`, first_name: '赵', last_name: '六', email: 'zhao@example.cn', updated_datetime: new Date().toISOString() });
    const recent = (await post({ api_key: CLIENT, service_code: 'exposed_rubbish', address_string: '宝塔桥东街11号', description: '污水外溢' }).expect(201)).body[0].service_request_id;
    const old = (await post({ api_key: CLIENT, service_code: 'exposed_rubbish', address_string: '宝塔桥东街12号', description: '污水外溢' }).expect(201)).body[0].service_request_id;
    const rejected = (await post({ api_key: CLIENT, service_code: 'exposed_rubbish', address_string: '宝塔桥东街13号', description: '污水外溢' }).expect(201)).body[0].service_request_id;
    for (const id of [recent, old]) {
      await suite.http().post(`/api/v1/incidents/${id}/register`).set(c).send({}).expect(200);
      await suite.http().post(`/api/v1/incidents/${id}/close`).set(c).send({ closureType: 'closed_not_fixed', note: '已疏通' }).expect(200);
    }
    await suite.http().post(`/api/v1/incidents/${rejected}/reject`).set(c).send({ reason: '已由物业处理' }).expect(200);
    // Closed ten days ago: past OFFICE_REOPEN_DAYS (7).
    await (await suite.dataSource('office')).query(`UPDATE office.incidents SET closed_at = now() - interval '10 days' WHERE id = $1`, [old]);

    const first = await comment(recent, 'c-1', 'OPEN').expect(201);
    expect(first.body).toEqual([{ update_id: expect.stringMatching(new RegExp(`^${recent}:\\d+$`)) }]);
    expect((await comment(recent, 'c-1', 'OPEN').expect(201)).body).toEqual(first.body);
    const get = async (id: string) => (await suite.http().get(`/api/v1/incidents/${id}`).set(c).expect(200)).body;
    const reopened = await get(recent);
    expect(reopened.state).toBe('registered');
    expect(reopened.history.filter((h: { action: string }) => h.action === 'comment')).toHaveLength(1);
    expect(reopened.history.at(-1)).toMatchObject({ action: 'reopen', byRole: 'resident', note: '居民反馈问题仍未解决：评论 c-1' });

    await comment(old, 'c-2', 'OPEN').expect(201);
    const stillClosed = await get(old);
    expect(stillClosed.state).toBe('closed');
    expect(stillClosed.history.at(-1)).toMatchObject({ action: 'comment', note: '评论 c-2', byRole: 'resident', byName: '赵**' }); // a resident masked like a reporter

    await comment(rejected, 'c-3', 'OPEN').expect(201);
    expect((await get(rejected)).state).toBe('rejected');
    // The resident's address is kept protected, never as plain text.
    const [row] = await (await suite.dataSource('office')).query(`SELECT data FROM office.incident_history WHERE incident_id = $1 AND action = 'comment'`, [rejected]);
    expect(JSON.stringify(row.data)).not.toContain('zhao@example.cn');
    // Another street's key cannot comment on this street's request.
    await suite.http().post('/open311/v2/servicerequestupdates.xml').type('form').send({ api_key: OTHER_KEY, service_request_id: recent, update_id: 'x-1', status: 'OPEN' }).expect(404);
  });

  it('does not hold a platform\'s key to a trickle (the default limit; 429 and Retry-After: scale/rate-limits.e2e-spec.ts)', async () => {
    const ds = await suite.dataSource('gateway');
    await ds.query(`INSERT INTO identity.api_keys (name, key_hash, scope) VALUES ('burst', $1, $2)`, [hashApiKey('burst-client-key'), STREET]);
    const statuses = await Promise.all(Array.from({ length: 40 }, () => post({ api_key: 'burst-client-key', service_code: 'no_such_thing' }).then((r) => r.status)));
    expect(statuses.every((s) => s === 400)).toBe(true);
  });
});
