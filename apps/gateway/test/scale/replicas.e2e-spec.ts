import { INestApplication } from '@nestjs/common';
import { DomainEvent, EVENT_STREAM } from '@grid122/contracts';
import { EventConsumers, NatsHolder } from '@grid122/messaging';
import { eventually } from '@grid122/testing';
import { MAPPED_EVENT_TYPES } from '../../../appraisal/src/indicator/fact-mapper';
import { IncidentIntakeService } from '../../../office/src/incident/incident-intake.service';
import { STREET, startSuite, Suite } from '../support/suite';

/**
 * Scale-out on one level: two replicas of a service, booted twice in one process on the same
 * NATS and database. Requests share the load through the queue group (both replicas answer some);
 * event consumers share the durable (no event handled by both, every event applied once); two
 * outbox relays publish each event once (FOR UPDATE SKIP LOCKED + Nats-Msg-Id).
 */
jest.setTimeout(120_000);

const GRID = { gridId: '11111111-1111-4111-8111-111111111111', gridPath: `${STREET}.c01.g2_01.g3_01` };

describe('scale-out: two replicas of a service', () => {
  let suite: Suite;
  const offices: INestApplication[] = [];
  const appraisals: INestApplication[] = [];
  let category = 'party_building';

  beforeAll(async () => {
    suite = await startSuite({ services: ['office', 'appraisal'], env: { OFFICE_SWEEP_INTERVAL_MS: '0' } });
    offices.push(suite.services.office!, await suite.startService('office'));
    appraisals.push(suite.services.appraisal!, await suite.startService('appraisal'));
    const ds = await suite.dataSource('office');
    const cats: { code: string }[] = await ds.query(`SELECT code FROM office.categories WHERE key_area = 'grassroots_organisation' ORDER BY code LIMIT 1`);
    if (cats[0]) category = cats[0].code;
  });
  afterAll(async () => {
    // The suite closes the replicas it still names; the first of each pair is ours to close.
    for (const app of [offices[0], appraisals[0]]) await app?.close().catch(() => undefined);
    await suite?.stop();
  });

  it('shares requests between replicas and handles every event exactly once', async () => {
    // Who answered: count intake calls on each replica's own IncidentIntakeService.
    const answered = offices.map((app) => {
      const svc = app.get(IncidentIntakeService);
      const counter = { n: 0 };
      const original = svc.report.bind(svc);
      svc.report = (async (...args: Parameters<IncidentIntakeService['report']>) => {
        counter.n += 1;
        return original(...args);
      }) as IncidentIntakeService['report'];
      return counter;
    });
    // Who handled which event: each appraisal replica's EventConsumers.
    const handled = appraisals.map((app) => {
      const consumers = app.get(EventConsumers);
      const seen = { delivered: [] as string[], applied: [] as string[] };
      const original = consumers.handleEvents.bind(consumers);
      // Every event goes through handleEvents (a batch, or one at a time), which answers the ids it applied.
      consumers.handleEvents = async (reg, events, lastDelivery) => {
        seen.delivered.push(...events.map((d) => d.event.id));
        const applied = await original(reg, events, lastDelivery);
        seen.applied.push(...applied);
        return applied;
      };
      return seen;
    });

    const worker = await suite.token('worker');
    const commander = await suite.token('commander');
    const N = 40;
    const ids: string[] = [];
    for (let i = 0; i < N; i += 8) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(8, N - i) }, (_, j) =>
          suite
            .http()
            .post('/api/v1/incidents')
            .set('authorization', `Bearer ${worker}`)
            .send({ source: 'grid_patrol', title: `replica ${i + j}`, keyArea: 'grassroots_organisation', category, address: `${i + j}号楼`, ...GRID }),
        ),
      );
      for (const r of batch) {
        expect(r.status).toBe(201);
        ids.push(r.body.id);
      }
    }
    for (const id of ids.slice(0, 10)) {
      expect((await suite.http().post(`/api/v1/incidents/${id}/register`).set('authorization', `Bearer ${commander}`).send({})).status).toBe(200);
    }

    // Both replicas answered some of the requests (NATS picks one member of the queue group per request).
    expect(answered[0].n + answered[1].n).toBe(N);
    expect(answered[0].n).toBeGreaterThan(0);
    expect(answered[1].n).toBeGreaterThan(0);

    const ds = await suite.dataSource('appraisal');
    const officeDs = await suite.dataSource('office');
    // N reports and 10 registrations; 40 same-category reports in one grid on one day also raise
    // spike alerts (office.spike.detected), which appraisal receives too: every event once.
    // Appraisal applies (and keeps an inbox row for) the types it maps to facts; the others it acknowledges.
    let o = { n: 0, total: 0, mapped: 0, pending: -1 };
    await eventually(async () => {
      [o] = await officeDs.query(
        `SELECT count(*) FILTER (WHERE type LIKE 'office.incident.%')::int AS n, count(*)::int AS total, count(*) FILTER (WHERE type = ANY($1))::int AS mapped,
                count(*) FILTER (WHERE published_at IS NULL)::int AS pending FROM office.outbox`,
        [MAPPED_EVENT_TYPES],
      );
      expect({ n: o.n, pending: o.pending }).toEqual({ n: N + 10, pending: 0 });
      const [inbox] = await ds.query(`SELECT count(*)::int AS n FROM appraisal.inbox WHERE consumer = 'appraisal'`);
      expect(inbox.n).toBe(o.mapped);
      expect(new Set([...handled[0].delivered, ...handled[1].delivered]).size).toBe(o.total);
    }, 30_000, 200);

    // Two relays, one copy of each incident event in the stream.
    const jsm = await offices[0].get(NatsHolder).get().jetstreamManager();
    const info = await jsm.streams.info(EVENT_STREAM, { subjects_filter: 'evt.office.incident.>' } as never);
    const inStream = Object.values((info.state as unknown as { subjects?: Record<string, number> }).subjects ?? {}).reduce((a, b) => a + b, 0);
    expect(inStream).toBe(N + 10);

    // No event went to both replicas; each was applied once, by one of them.
    const both = handled[0].delivered.filter((id) => handled[1].delivered.includes(id));
    expect(both).toEqual([]);
    const applied = [...handled[0].applied, ...handled[1].applied];
    expect(applied).toHaveLength(o.mapped);
    expect(new Set(applied).size).toBe(o.mapped);
    // Effects counted once: one "reported" fact per incident.
    const [facts] = await ds.query(
      `SELECT count(*)::int AS n, count(DISTINCT event_id)::int AS distinct_events FROM appraisal.indicator_facts WHERE event_type = 'office.incident.reported' AND indicator = 'incidents_reported'`,
    );
    expect(facts).toEqual({ n: N, distinct_events: N });
  });
});
