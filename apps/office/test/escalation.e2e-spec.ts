import { createHmac } from 'node:crypto';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { eventually } from '@grid122/testing';
import { startSuite, STREET, Suite } from '../../gateway/test/support/suite';

/**
 * The escalation webhook (上报区级) end to end: the office escalates an incident through the gateway,
 * the durable consumer `office-escalation` queues a delivery, the sender posts it signed to a local
 * district endpoint that fails twice then accepts; another endpoint never accepts and the delivery
 * is dead-lettered after N attempts; both visible at GET /api/v1/escalations/deliveries.
 */
const SECRET = 'district-webhook-secret-0123456789';
const GRID = `${STREET}.c01.g2_01.g3_01`;

interface Received {
  body: string;
  headers: http.IncomingHttpHeaders;
  at: number;
}

describe('escalation webhook', () => {
  let suite: Suite;
  let server: http.Server;
  const received = new Map<string, Received[]>();
  let n = 0;
  const auth = async (who: string) => ({ authorization: `Bearer ${await suite.token(who)}` });

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const event = JSON.parse(body);
        const id = event.data.incidentId as string;
        const list = received.get(id) ?? [];
        list.push({ body, headers: req.headers, at: Date.now() });
        received.set(id, list);
        // "DEAD" incidents never get through; the others fail twice, then are accepted.
        const ok = !String(event.data.title).includes('DEAD') && list.length >= 3;
        res.writeHead(ok ? 202 : 503).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    suite = await startSuite({
      services: ['office'],
      env: {
        OFFICE_SWEEP_INTERVAL_MS: '0',
        ESCALATION_WEBHOOK_URL: `http://127.0.0.1:${port}/grid122/escalations`,
        ESCALATION_WEBHOOK_SECRET: SECRET,
        ESCALATION_WEBHOOK_MAX_ATTEMPTS: '4',
        ESCALATION_WEBHOOK_BACKOFF_MS: '100',
        ESCALATION_POLL_MS: '50',
      },
    });
  });
  afterAll(async () => {
    await suite?.stop();
    server?.close();
    for (const k of ['ESCALATION_WEBHOOK_URL', 'ESCALATION_WEBHOOK_SECRET', 'ESCALATION_WEBHOOK_MAX_ATTEMPTS', 'ESCALATION_WEBHOOK_BACKOFF_MS', 'ESCALATION_POLL_MS']) delete process.env[k];
  });

  const escalate = async (title: string) => {
    n += 1;
    const r = await suite
      .http()
      .post('/api/v1/incidents')
      .set(await auth('commander'))
      .send({ source: 'hotline_12345', title, keyArea: 'other', category: 'exposed_rubbish', location: { lng: 118.7 + n * 0.01, lat: 32.1 }, gridPath: GRID })
      .expect(201);
    await suite.http().post(`/api/v1/incidents/${r.body.id}/register`).set(await auth('commander')).send({}).expect(200);
    await suite.http().post(`/api/v1/incidents/${r.body.id}/escalate`).set(await auth('commander')).send({ reason: '超出街道职权，需区住建局处理' }).expect(200);
    return r.body as { id: string; code: string };
  };
  const deliveries = async (state?: string) =>
    (await suite.http().get(`/api/v1/escalations/deliveries${state ? `?state=${state}` : ''}`).set(await auth('commander')).expect(200)).body;
  /** Waits until the incident's delivery is listed in `state`. */
  const listedAs = (state: string, incidentId: string) =>
    eventually(async () => expect((await deliveries(state)).items.map((d: { incidentId: string }) => d.incidentId)).toContain(incidentId), 15_000, 100);

  it('retries with backoff until the district accepts, and signs every attempt', async () => {
    const i = await escalate('违建加层 二次上报');
    await listedAs('delivered', i.id);
    const attempts = received.get(i.id)!;
    expect(attempts).toHaveLength(3);
    // Exponential backoff (100 ms × 2^(n-1), ±20% jitter: the schedule itself is unit-tested in
    // escalation.service.spec): each wait is at least its backoff's lower bound. Only lower bounds,
    // which a loaded machine can stretch but never break; comparing the two gaps was flaky under load.
    const gap1 = attempts[1].at - attempts[0].at;
    const gap2 = attempts[2].at - attempts[1].at;
    expect(gap1).toBeGreaterThanOrEqual(75);
    expect(gap2).toBeGreaterThanOrEqual(155);
    for (const a of attempts) {
      const ts = a.headers['x-grid122-timestamp'] as string;
      expect(Math.abs(Number(ts) - Date.now() / 1000)).toBeLessThan(60);
      const expected = `sha256=${createHmac('sha256', SECRET).update(`${ts}.${a.body}`).digest('hex')}`;
      expect(a.headers['x-grid122-signature']).toBe(expected);
      expect(a.headers['x-grid122-event']).toBe('office.incident.escalated');
    }
    // The same event each time (the receiver dedups on it), carrying what the district needs.
    expect(new Set(attempts.map((a) => a.headers['idempotency-key'])).size).toBe(1);
    const event = JSON.parse(attempts[0].body);
    expect(event).toMatchObject({ type: 'office.incident.escalated', gridPath: GRID, data: { code: i.code, state: 'escalated', escalation: { reason: '超出街道职权，需区住建局处理' } } });
    const d = (await deliveries('delivered')).items.find((x: { incidentId: string }) => x.incidentId === i.id);
    expect(d).toMatchObject({ state: 'delivered', attempts: 3, lastStatus: 202, stateLabel: { zh: '已送达' } });
  });

  it('dead-letters after N attempts, shows it, and a commander can put it back in the queue', async () => {
    const i = await escalate('DEAD 无法送达');
    await listedAs('dead', i.id);
    expect(received.get(i.id)).toHaveLength(4);
    const all = await deliveries();
    const d = all.items.find((x: { incidentId: string }) => x.incidentId === i.id);
    expect(d).toMatchObject({ state: 'dead', attempts: 4, lastStatus: 503, lastError: 'HTTP 503', nextAttemptAt: null });
    expect(all.counts.dead).toBeGreaterThanOrEqual(1);
    expect(all.counts.delivered).toBeGreaterThanOrEqual(1);

    const again = await suite.http().post(`/api/v1/escalations/deliveries/${d.id}/retry`).set(await auth('commander')).expect(200);
    expect(again.body).toMatchObject({ state: 'pending', attempts: 0 });
    await eventually(() => expect(received.get(i.id)!.length).toBeGreaterThan(4), 10_000, 100);
    const twice = await suite.http().post(`/api/v1/escalations/deliveries/${d.id}/retry`).set(await auth('commander'));
    expect([200, 409]).toContain(twice.status);
  });

  it('shows deliveries only to the admin and commanders, within their scope', async () => {
    await suite.http().get('/api/v1/escalations/deliveries').set(await auth('worker')).expect(403);
    const other = await suite.http().get('/api/v1/escalations/deliveries').set(await auth('other-commander')).expect(200);
    expect(other.body.items).toEqual([]);
    const bad = await suite.http().get('/api/v1/escalations/deliveries?state=lost').set(await auth('commander')).expect(400);
    expect(bad.body.message).toMatch(/state/);
  });
});
