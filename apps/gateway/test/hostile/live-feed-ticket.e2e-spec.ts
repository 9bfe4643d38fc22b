import { eventually } from '@grid122/testing';
import { sseClients } from '../support/sse-client';
import { startSuite, Suite } from '../support/suite';

/**
 * Hostile network, the live feed's URL: an access token in `?access_token=` is refused (URLs land
 * in proxy logs and browser history); an EventSource opens the stream with a one-time ticket that
 * lives 30 seconds and works once.
 */
jest.setTimeout(120_000);

describe('hostile network: the live feed opened with a one-time ticket', () => {
  let suite: Suite;
  const { listen, open, closeAll } = sseClients();
  const auth = async (who: string) => ({ authorization: `Bearer ${await suite.token(who)}` });
  const ticketFor = async (who: string) => (await suite.http().post('/api/v1/events/ticket').set(await auth(who)).expect(200)).body.ticket as string;

  beforeAll(async () => {
    suite = await startSuite({ services: [] });
    await listen(suite.gateway);
  });
  afterAll(async () => {
    closeAll();
    await suite?.stop();
  });

  it('refuses the access token in the URL, even a valid one', async () => {
    const res = await suite.http().get(`/api/v1/events/stream?access_token=${await suite.token('commander')}`);
    expect({ status: res.status, code: res.body.code, field: res.body.details?.field }).toEqual({ status: 401, code: 'UNAUTHENTICATED', field: 'access_token' });
  });

  it('opens the stream once with a ticket; the same ticket again, a made-up one and an expired one are refused', async () => {
    const ticket = await ticketFor('commander');
    expect(ticket).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const s = open(`/api/v1/events/stream?ticket=${ticket}`);
    expect(await s.status).toBe(200);
    await eventually(() => expect(s.body()).toMatch(/connected as commander/));
    expect((await suite.http().get(`/api/v1/events/stream?ticket=${ticket}`)).status).toBe(401);
    expect((await suite.http().get(`/api/v1/events/stream?ticket=${'x'.repeat(43)}`)).status).toBe(401);
    const stale = await ticketFor('commander');
    await (await suite.dataSource('gateway')).query(`UPDATE gateway.stream_tickets SET expires_at = now() - interval '1 second'`);
    const res = await suite.http().get(`/api/v1/events/stream?ticket=${stale}`);
    expect({ status: res.status, message: res.body.message }).toEqual({ status: 401, message: expect.stringMatching(/ticket/) });
    // only the ticket's hash is kept
    expect(await (await suite.dataSource('gateway')).query(`SELECT 1 FROM gateway.stream_tickets WHERE ticket_hash = $1`, [stale])).toEqual([]);
  });

  it('gives no ticket to the auditor or the security admin (no live feed for them, 三员分立), nor to a caller without a token', async () => {
    expect((await suite.http().post('/api/v1/events/ticket').set(await auth('auditor'))).status).toBe(403);
    expect((await suite.http().post('/api/v1/events/ticket')).status).toBe(401);
  });
});
