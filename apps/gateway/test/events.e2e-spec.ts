import { eventually } from '@grid122/testing';
import { EventFeed } from '../src/events/event-feed.service';
import { SseStream, sseClients } from './support/sse-client';
import { OTHER_STREET, startSuite, STREET, Suite } from './support/suite';

/**
 * The live feed (SSE) through a real socket: delivery, scope filtering, resume with Last-Event-ID
 * from the ring buffer and, older than the ring, from JetStream; the `hub` nudge; auth.
 */
const GRID = `${STREET}.c01.g2_01.g3_01`;
const OTHER_GRID = `${OTHER_STREET}.c01.g2_01.g3_01`;

describe('live feed: GET /api/v1/events/stream', () => {
  let suite: Suite;
  let n = 0;
  const { listen, open, closeAll } = sseClients();
  const auth = async (who: string) => ({ authorization: `Bearer ${await suite.token(who)}` });
  const report = (who: string, gridPath: string) => {
    n += 1;
    return suite.report(who, { source: 'grid_patrol', title: `占道经营 ${n}`, keyArea: 'other', category: 'exposed_rubbish', location: { lng: 118.7 + n * 0.003, lat: 32.1 }, gridPath });
  };
  const incidentIds = (s: SseStream) => s.messages.filter((m) => m.event === 'incident').map((m) => JSON.parse(m.data).data.incidentId as string);

  beforeAll(async () => {
    suite = await startSuite({ services: ['office'], env: { OFFICE_SWEEP_INTERVAL_MS: '0' } });
    await listen(suite.gateway);
  });
  afterAll(async () => {
    closeAll();
    await suite?.stop();
  });

  it('refuses a subscriber without a token (401) and with a bad Last-Event-ID (400)', async () => {
    const res = await suite.http().get('/api/v1/events/stream').expect(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
    const bad = await suite.http().get('/api/v1/events/stream').set(await auth('commander')).set('last-event-id', 'abc').expect(400);
    expect(bad.body.message).toMatch(/Last-Event-ID/);
  });

  it('delivers a new incident event to a subscriber in scope, with the stream sequence as id; never to another street', async () => {
    const mine = open('/api/v1/events/stream', await auth('commander'));
    const { ticket } = (await suite.http().post('/api/v1/events/ticket').set(await auth('other-commander')).expect(200)).body;
    const other = open(`/api/v1/events/stream?ticket=${ticket}`);
    expect(await mine.status).toBe(200);
    expect(await other.status).toBe(200);
    await eventually(() => expect(mine.body()).toMatch(/connected as commander/));
    await eventually(() => expect(other.body()).toMatch(/connected as other-commander/));

    const here = await report('worker', GRID);
    await eventually(() => expect(incidentIds(mine)).toContain(here.id));
    const msg = mine.messages.find((m) => m.event === 'incident')!;
    expect(msg.id).toMatch(/^\d+$/);
    const event = JSON.parse(msg.data);
    expect(event).toMatchObject({ type: 'office.incident.reported', source: 'office', gridPath: GRID });

    // The other street's commander sees their own incidents, and none of this street's.
    const there = await report('other-commander', OTHER_GRID);
    await eventually(() => expect(incidentIds(other)).toContain(there.id));
    expect(incidentIds(other)).not.toContain(here.id);
    expect(incidentIds(mine)).not.toContain(there.id);
  });

  it('sends a `hub` event when a figure in the scope changes', async () => {
    const s = open('/api/v1/events/stream', await auth('commander'));
    await eventually(() => expect(s.body()).toMatch(/connected/));
    await report('worker', GRID);
    await eventually(() => expect(s.messages.some((m) => m.event === 'hub' && JSON.parse(m.data).gridPath === GRID)).toBe(true), 6000);
    expect(s.messages.find((m) => m.event === 'hub')!.id).toBeUndefined();
  });

  it('resumes after a disconnect with Last-Event-ID: exactly the missed events, in order', async () => {
    const first = open('/api/v1/events/stream', await auth('commander'));
    await eventually(() => expect(first.body()).toMatch(/connected/));
    const a = await report('worker', GRID);
    await eventually(() => expect(incidentIds(first)).toContain(a.id));
    const lastId = first.messages.filter((m) => m.id).at(-1)!.id!;
    first.close();

    const b = await report('worker', GRID);
    const c = await report('worker', GRID);
    const again = open('/api/v1/events/stream', { ...(await auth('commander')), 'last-event-id': lastId });
    await eventually(() => expect(incidentIds(again)).toEqual(expect.arrayContaining([b.id, c.id])));
    expect(incidentIds(again)).not.toContain(a.id);
    const ids = again.messages.filter((m) => m.id).map((m) => Number(m.id));
    expect(ids.every((id) => id > Number(lastId))).toBe(true);
    expect([...ids].sort((x, y) => x - y)).toEqual(ids);
    expect(incidentIds(again).indexOf(b.id)).toBeLessThan(incidentIds(again).indexOf(c.id));
  });

  it('resumes from JetStream when the Last-Event-ID is older than the ring buffer', async () => {
    const s1 = open('/api/v1/events/stream', await auth('commander'));
    await eventually(() => expect(s1.body()).toMatch(/connected/));
    const a = await report('worker', GRID);
    await eventually(() => expect(incidentIds(s1)).toContain(a.id));
    const lastId = s1.messages.filter((m) => m.id).at(-1)!.id!;
    s1.close();
    const b = await report('worker', GRID);
    const feed = suite.gateway.get(EventFeed);
    await eventually(() => expect(feed['ring'].some((e) => (e.event.data as { incidentId: string }).incidentId === b.id)).toBe(true));
    // Forget everything in memory: only JetStream can serve the resume now.
    feed['ring'].length = 0;
    const s2 = open(`/api/v1/events/stream?lastEventId=${lastId}`, await auth('commander'));
    await eventually(() => expect(incidentIds(s2)).toContain(b.id));
    expect(incidentIds(s2)).not.toContain(a.id);
    // …and it is live afterwards.
    const c = await report('worker', GRID);
    await eventually(() => expect(incidentIds(s2)).toContain(c.id));
  });

  it('shows a grid worker only their own grid, and a liaison nothing not dispatched to their department', async () => {
    const worker = open('/api/v1/events/stream', await auth('worker'));
    const liaison = open('/api/v1/events/stream', await auth('liaison'));
    await eventually(() => expect(worker.body()).toMatch(/connected/));
    await eventually(() => expect(liaison.body()).toMatch(/connected/));
    const elsewhere = await report('commander', `${STREET}.c02.g2_01.g3_01`);
    const own = await report('worker', GRID);
    await eventually(() => expect(incidentIds(worker)).toContain(own.id));
    expect(incidentIds(worker)).not.toContain(elsewhere.id);
    expect(incidentIds(liaison)).toEqual([]);
  });
});
