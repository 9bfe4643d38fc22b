import { DataSource } from 'typeorm';
import { eventually } from '@grid122/testing';
import { hashApiKey } from '../../identity/src/account/account.repository';
import { GatewayEnv } from '../src/config/gateway.env';
import { FMS_FIXED_STATES, FMS_OPEN_STATES, fetchUpdates, FmsOpen311, FmsProblem, sendComment, w3cdtf } from './support/fixmystreet-open311';
import { startSuite, STREET, Suite } from './support/suite';

/**
 * FixMyStreet as a client of the suite's Open311 endpoint, through a faithful port of its own
 * client code (support/fixmystreet-open311.ts cites the Perl it follows): populate the service
 * list, send reports, fetch reports, resolve a token, fetch updates in its 2-hour and 24-hour
 * windows after a burst of 5,000 history entries, post comments (one reopening a closed case),
 * follow a "me too" duplicate, and see rejected and not-responsible reports as not fixed — in its
 * default configuration, with `extended_statuses`, and with a key on every request.
 */
const KEY = 'fixmystreet-body-key-1';

describe('FixMyStreet (its Open311 client) against /open311/v2/', () => {
  let suite: Suite;
  let office: DataSource;
  let base: string;
  let nextId = 1;
  const auth = async (who: string) => ({ authorization: `Bearer ${await suite.token(who)}` });
  const act = async (who: string, id: string, action: string, body: Record<string, unknown> = {}) =>
    suite.http().post(`/api/v1/incidents/${id}/${action}`).set(await auth(who)).send(body).expect(200);
  const problem = (title: string, lat: number, lng: number): FmsProblem => {
    const id = nextId++;
    return { id, title, detail: `${title}，请尽快处理`, name: '王 小明', email: 'resident@example.cn', latitude: lat, longitude: lng, url: `https://fms.example.cn/report/${id}`, state: 'confirmed', external_id: '', lastupdate: new Date(), comments: [] };
  };
  const send = async (fms: FmsOpen311, p: FmsProblem, code = 'exposed_rubbish') => {
    const id = await fms.send_service_request(p, code);
    expect(fms.error).toBe('');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    p.external_id = id as string;
    p.whensent = new Date();
    return id as string;
  };

  beforeAll(async () => {
    suite = await startSuite({ services: ['office'], env: { OFFICE_SWEEP_INTERVAL_MS: '0' } });
    const ds = await suite.dataSource('gateway');
    await ds.query(`INSERT INTO identity.api_keys (name, key_hash, scope) VALUES ('FixMyStreet 宝塔桥', $1, $2)`, [hashApiKey(KEY), STREET]);
    office = await suite.dataSource('office');
    await suite.gateway.listen(0, '127.0.0.1');
    const addr = suite.gateway.getHttpServer().address() as { port: number };
    base = `http://127.0.0.1:${addr.port}/open311/v2/`;
  }, 60_000);
  afterAll(() => suite?.stop(), 30_000);

  it('completes every step in its default configuration', async () => {
    const fms = new FmsOpen311({ endpoint: base, api_key: KEY, jurisdiction: STREET });

    // Populate the service list (and a service definition).
    const services = await fms.get_service_list();
    const list = services!.service as Record<string, string>[];
    const cats = (await suite.http().get('/api/v1/categories').set(await auth('commander')).expect(200)).body.items;
    expect(list).toHaveLength(cats.length);
    expect(list.every((s) => s.service_code && s.service_name && s.group)).toBe(true);
    expect((await fms.get_service_meta_info('exposed_rubbish'))?.service_code).toBe('exposed_rubbish');

    // Send reports: a form-encoded POST with api_key and jurisdiction_id; the id read from the answer.
    const p1 = problem('路边垃圾堆积', 32.1, 118.75);
    const id1 = await send(fms, p1);
    const post = fms.requests.at(-1)!;
    expect(post.method).toBe('POST');
    expect(Object.fromEntries(new URLSearchParams(post.body))).toMatchObject({ api_key: KEY, jurisdiction_id: STREET, service_code: 'exposed_rubbish', first_name: '王', last_name: '小明' });
    const pRejected = problem('别的街道的问题', 32.2, 118.85);
    const idRejected = await send(fms, pRejected);
    const pNotOurs = problem('铁路边的垃圾', 32.3, 118.95);
    const idNotOurs = await send(fms, pNotOurs);
    const pClosed = problem('井盖松动', 32.4, 118.65);
    const idClosed = await send(fms, pClosed);

    // Fetch reports (GetServiceRequests: the last hour, no key on a GET).
    const now = new Date(Date.now() + 1000);
    const fetched = await fms.get_service_requests({ start_date: w3cdtf(new Date(now.getTime() - 3600_000)), end_date: w3cdtf(now) });
    expect(fms.error).toBe('');
    const get = fms.requests.at(-1)!;
    expect(get.url).not.toContain('api_key');
    const mine = fetched!.find((r) => r.service_request_id === id1) as Record<string, string>;
    expect(mine).toMatchObject({ status: 'open', service_code: 'exposed_rubbish', lat: '32.1', long: '118.75' });
    // Public fields only: nothing of the reporter.
    const raw = JSON.stringify(fetched);
    expect(raw).not.toContain('小明');
    expect(raw).not.toContain('resident@example.cn');
    // …and every report inside FixMyStreet's window check (updated_datetime, compared as UTC W3C strings).
    for (const r of fetched!) expect(w3cdtf(new Date(String(r.updated_datetime))) >= w3cdtf(new Date(now.getTime() - 3600_000))).toBe(true);

    // Resolve a token.
    expect(await fms.get_service_request_id_from_token(id1)).toBe(id1);

    // The street works the cases: p1 dispatched and accepted, one rejected, one not its responsibility, one closed unsolved.
    await act('commander', id1, 'register');
    await act('commander', id1, 'dispatch', { unit: 'enforcement' });
    await act('commander', idRejected, 'reject', { reason: '不属于本街道辖区，请向所在街道反映' });
    await act('commander', idNotOurs, 'register');
    await act('commander', idNotOurs, 'close', { closureType: 'not_responsible', responsibleParty: '铁路部门', note: '已告知铁路部门' });
    await act('commander', idClosed, 'register');
    await act('commander', idClosed, 'close', { closureType: 'closed_not_fixed', note: '现场未发现问题' });

    // A burst of 5,000 public history entries across the street in the last half hour, many in the same millisecond.
    const [busy] = await office.query(`SELECT id FROM office.incidents WHERE id <> ALL($1::uuid[]) LIMIT 1`, [[id1, idRejected, idNotOurs, idClosed]]);
    const burstOf = busy?.id ?? (await send(fms, problem('另一处垃圾', 32.5, 118.55)));
    await office.query(
      `INSERT INTO office.incident_history (incident_id, seq, action, from_state, to_state, by_role, at, note)
       SELECT $1, 1000 + g, 'comment', 'reported', 'reported', 'resident', now() - interval '30 minutes' + g * interval '100 microseconds', '补充说明 ' || g
       FROM generate_series(1, 5000) g`,
      [burstOf],
    );
    await act('enforcement', id1, 'accept');

    // Fetch updates: FixMyStreet's 2-hour window (ending at the whole second before now, as its cron
    // run would, so the next run picks up the last second) sees all 3 updates of its report, after the burst.
    const problems = [p1, pRejected, pNotOurs, pClosed];
    await eventually(async () => {
      await fetchUpdates(fms, problems);
      expect(fms.error).toBe('');
      expect(p1.comments.map((c) => c.problem_state)).toEqual(['investigating', 'action scheduled', 'action scheduled']);
      expect(pClosed.comments).toHaveLength(2);
    }, 10_000, 500);
    expect(p1.state).toBe('action scheduled');
    const answered = await fms.get_service_request_updates(w3cdtf(new Date(Date.now() - 2 * 3600_000)), w3cdtf(new Date(Date.now() + 1000)));
    expect((answered as unknown[]).length).toBeGreaterThan(5000);
    // A bound is never a silent cut: past OPEN311_UPDATES_MAX the answer is an error FixMyStreet logs, asking for a shorter window.
    const env = suite.gateway.get(GatewayEnv);
    const max = env.OPEN311_UPDATES_MAX;
    env.OPEN311_UPDATES_MAX = 1000;
    try {
      const bounded = new FmsOpen311({ endpoint: base, api_key: KEY, jurisdiction: STREET });
      expect(await bounded.get_service_request_updates(w3cdtf(new Date(Date.now() - 2 * 3600_000)), w3cdtf(new Date()))).toBeUndefined();
      expect(bounded.error).toMatch(/request failed: 413\nerror: 413: More than 1000 updates between start_date and end_date: ask for a shorter window/);
    } finally {
      env.OPEN311_UPDATES_MAX = max;
    }
    // Rejected and not-responsible reports are not fixed in FixMyStreet.
    expect(pRejected.state).toBe('unable to fix');
    expect(pRejected.comments.at(-1)!.text).toContain('不予立案：不属于本街道辖区');
    expect(pNotOurs.state).toBe('not responsible');
    // The closing update is the completion reply (办结回复), composed from the closure when the desk wrote none.
    expect(pNotOurs.comments.at(-1)!.text).toBe('经核实，您反映的问题不属于本街道职责，责任方为铁路部门，请向其反映：已告知铁路部门。');
    expect(pClosed.state).toBe('unable to fix');
    for (const p of [pRejected, pNotOurs, pClosed]) expect(FMS_FIXED_STATES).not.toContain(p.state);

    // The daily 24-hour fetch finds nothing new (update_id dedup) and nothing missing.
    expect(await fetchUpdates(fms, problems, { start: new Date(Date.now() - 24 * 3600_000), end: new Date(Date.now() + 1000) })).toBe(0);
    const fresh = { ...p1, comments: [], state: 'confirmed', lastupdate: new Date(0) };
    expect(await fetchUpdates(fms, [fresh], { start: new Date(Date.now() - 24 * 3600_000), end: new Date(Date.now() + 1000) })).toBe(3);

    // Post a comment: recorded as the resident's comment; the same update_id again is the same update.
    const comment = { id: 9001, problem: p1, text: '垃圾又多了，麻烦尽快', name: '王 小明', email: 'resident@example.cn', confirmed: new Date() };
    const u1 = await sendComment(fms, comment);
    expect(fms.error).toBe('');
    expect(Object.fromEntries(new URLSearchParams(fms.requests.at(-1)!.body))).toMatchObject({ status: 'OPEN', update_id: '9001', service_request_id: id1, api_key: KEY });
    expect(u1).toBeTruthy();
    expect(await fms.post_service_request_update(comment)).toBe(u1); // sent again (a retry): the same update
    const history = (await suite.http().get(`/api/v1/incidents/${id1}`).set(await auth('commander')).expect(200)).body.history;
    const comments = history.filter((h: { action: string }) => h.action === 'comment');
    expect(comments).toEqual([expect.objectContaining({ note: '垃圾又多了，麻烦尽快', byRole: 'resident', byName: '王***' })]); // a resident masked like a reporter
    // FixMyStreet's next fetch does not take its own comment back as a new one.
    expect(await fetchUpdates(fms, [p1])).toBe(0);

    // "Not fixed" on a case closed unsolved: FixMyStreet shows it open again and sends OPEN; the street reopens it.
    pClosed.state = 'confirmed';
    expect(await sendComment(fms, { id: 9002, problem: pClosed, text: '问题还在', name: '王 小明', confirmed: new Date() })).toBeTruthy();
    const reopened = (await suite.http().get(`/api/v1/incidents/${idClosed}`).set(await auth('commander')).expect(200)).body;
    expect(reopened.state).toBe('registered');
    expect(reopened.history.map((h: { action: string }) => h.action).slice(-2)).toEqual(['comment', 'reopen']);
    await eventually(async () => {
      await fetchUpdates(fms, [pClosed]);
      expect(pClosed.state).toBe('investigating');
    }, 10_000, 500);
    expect(FMS_OPEN_STATES).toContain(pClosed.state);

    // A comment on an unknown request is an error FixMyStreet can read.
    expect(await fms.post_service_request_update({ id: 9003, problem: { ...p1, external_id: '00000000-0000-4000-8000-000000000000' }, text: 'x', name: 'A B', confirmed: new Date() })).toBe(0);
    expect(fms.error).toMatch(/request failed: 404\nerror: 404: .* not found/);
  });

  it('shows a "me too" duplicate with its original\'s status and updates until the original closes', async () => {
    const fms = new FmsOpen311({ endpoint: base, api_key: KEY, jurisdiction: STREET });
    const original = problem('占道经营', 32.6, 118.45);
    const idOriginal = await send(fms, original, 'exposed_rubbish');
    const metoo = problem('占道经营又来了', 32.6, 118.45);
    const idMeToo = await send(fms, metoo, 'exposed_rubbish');
    const row = (await suite.http().get(`/api/v1/incidents/${idMeToo}`).set(await auth('commander')).expect(200)).body;
    expect(row).toMatchObject({ state: 'duplicate', duplicateOfId: idOriginal });

    await act('commander', idOriginal, 'register');
    await act('commander', idOriginal, 'dispatch', { unit: 'enforcement' });
    const [asList] = (await fms.get_service_requests({ service_request_id: idMeToo }))! as Record<string, string>[];
    expect(asList).toMatchObject({ service_request_id: idMeToo, status: 'open' });
    expect(asList.status_notes).toMatch(/已合并为重复上报，随原案 .+ 办理/);
    const listed = (await fms.get_service_requests({ start_date: w3cdtf(new Date(Date.now() - 3600_000)), end_date: w3cdtf(new Date(Date.now() + 1000)) }))!;
    expect(listed.map((r) => r.service_request_id)).toContain(idMeToo);

    await eventually(async () => {
      await fetchUpdates(fms, [original, metoo]);
      expect(metoo.state).toBe('action scheduled');
    }, 10_000, 500);
    expect(metoo.comments.at(-1)!.text).toMatch(/已合并为重复上报/);

    await act('enforcement', idOriginal, 'accept');
    await act('enforcement', idOriginal, 'handle', { result: '已清理占道摊位' });
    await act('commander', idOriginal, 'verify');
    await act('commander', idOriginal, 'close', { closureType: 'fixed', note: '摊位已清理' });
    await eventually(async () => {
      await fetchUpdates(fms, [original, metoo]);
      expect(original.state).toBe('fixed - council');
      expect(metoo.state).toBe('fixed - council');
    }, 10_000, 500);
    const [closed] = (await fms.get_service_requests({ service_request_id: idMeToo }))! as Record<string, string>[];
    expect(closed.status).toBe('closed');

    // The desk merges a report into an open original by hand: its reporter is told, then follows the original.
    const next = problem('又见占道', 32.65, 118.4);
    const idNext = await send(fms, next);
    const handMerged = problem('同一处占道', 32.66, 118.41);
    const idHandMerged = await send(fms, handMerged);
    await act('commander', idNext, 'register');
    await act('commander', idHandMerged, 'merge', { originalId: idNext, note: '同一地点同一问题' });
    await act('commander', idNext, 'dispatch', { unit: 'enforcement' });
    await eventually(async () => {
      await fetchUpdates(fms, [next, handMerged]);
      expect(handMerged.state).toBe('action scheduled');
    }, 10_000, 500);
    expect(handMerged.comments.map((c) => c.text)).toEqual([
      expect.stringMatching(/^已与附近同类问题合并办理（原案 BTQ-\d{8}-\d{4}）：同一地点同一问题$/),
      expect.stringMatching(/^（已合并为重复上报，随原案 BTQ-\d{8}-\d{4} 办理）已派遣处置单位$/),
    ]);
  });

  it('with extended_statuses: FixMyStreet\'s own vocabulary both ways', async () => {
    const fms = new FmsOpen311({ endpoint: base, api_key: KEY, jurisdiction: STREET, extended_statuses: true });
    const p = problem('树枝挡路', 32.7, 118.35);
    const id = await send(fms, p);
    await act('commander', id, 'reject', { reason: '已由园林部门处理' });
    await eventually(async () => {
      await fetchUpdates(fms, [p]);
      expect(p.state).toBe('unable to fix');
    }, 10_000, 500);
    // A plain GeoReport client asking for plain statuses gets `closed` with the reason in status_notes.
    const plain = await suite.http().get(`/open311/v2/requests/${id}.json?extended_statuses=false`).expect(200);
    expect(plain.body[0]).toMatchObject({ status: 'closed', status_notes: '不予立案：已由园林部门处理' });
    const extended = await suite.http().get(`/open311/v2/requests/${id}.json?extended_statuses=true`).expect(200);
    expect(extended.body[0].status).toBe('no_further_action');
    // FixMyStreet marks it fixed and says so: FIXED is a comment, not a closure the street did not make.
    p.state = 'fixed - user';
    expect(await sendComment(fms, { id: 9101, problem: p, text: '自己修好了', name: '李 四', confirmed: new Date() })).toBeTruthy();
    expect(Object.fromEntries(new URLSearchParams(fms.requests.at(-1)!.body)).status).toBe('FIXED');
    const after = (await suite.http().get(`/api/v1/incidents/${id}`).set(await auth('commander')).expect(200)).body;
    expect(after.state).toBe('rejected');
  });

  it('with a key on every request: reads are the key\'s street; a bad key is 403 in the spec\'s errors', async () => {
    const fms = new FmsOpen311({ endpoint: base, api_key: KEY, jurisdiction: STREET, always_send_api_key: true });
    const p = problem('路灯不亮', 32.8, 118.25);
    const id = await send(fms, p);
    expect(await fms.get_service_request_id_from_token(id)).toBe(id);
    expect(fms.requests.at(-1)!.url).toContain(`api_key=${KEY}`);
    const rows = (await fms.get_service_requests({ service_request_id: id }))!;
    expect(rows[0].service_request_id).toBe(id);
    await fetchUpdates(fms, [p]);
    expect(fms.error).toBe('');

    const bad = new FmsOpen311({ endpoint: base, api_key: 'not-a-key-at-all', always_send_api_key: true });
    expect(await bad.get_service_requests({})).toBeUndefined();
    expect(bad.error).toMatch(/request failed: 403\nerror: 403: api_key is invalid/);
    expect(await bad.send_service_request(problem('x', 32.1, 118.75), 'exposed_rubbish')).toBe(0);
    expect(bad.error).toMatch(/403: api_key is invalid/);
  });
});
