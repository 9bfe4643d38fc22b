import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { DomainEvent, HotspotEvents, OfficeEvents } from '@grid122/contracts';
import { EventConsumers, OutboxWriter, Registered } from '@grid122/messaging';
import { statementsPerRunner, TestEnv } from '@grid122/testing';
import { NatsConnection } from 'nats';
import { DataSource } from 'typeorm';
import { OfficeEnv } from '../src/config/office.env';
import { dataSourceOptions } from '../src/database/data-source';
import { HotspotConsumer } from '../src/hotspot/hotspot.consumer';
import { HotspotEnv } from '../src/hotspot/hotspot.env';
import { HotspotRepository } from '../src/hotspot/hotspot.repository';
import { IncidentClockService } from '../src/incident/incident-clock.service';
import { IncidentRepository } from '../src/incident/incident.repository';

jest.setTimeout(240_000);

/**
 * The office's hotspot consumer in batches (#27 item 6): a batch's "was it here before?" lookups,
 * category counters and spike windows are a constant number of statements, with the same rows
 * and events as when the same events are applied one per batch — two reports at one closed place
 * in a batch (the first is the predecessor's first repeat), a closure and a report of its place in
 * one batch, a spike crossing its threshold inside the batch (raised once, its count the day's) —
 * and a redelivered batch applies nothing. Real Postgres and NATS; the batches are given to
 * handleEvents, as the JetStream reader gives them.
 */
const DAY = '2026-12-03'; // a Thursday, Asia/Shanghai
const T0 = Date.parse('2026-12-03T01:00:00Z'); // 09:00 in the street
const G1 = 'nj.gulou.btq.c01.g2_01';
const G2 = 'nj.gulou.btq.c01.g2_02';
const G3 = 'nj.gulou.btq.c02.g2_01';
const CAT = 'exposed_rubbish';
const AT = { lng: 118.78, lat: 32.06 };
const near = (dx: number) => ({ lng: AT.lng + dx * 0.0001, lat: AT.lat });
const far = (k: number) => ({ lng: AT.lng + 0.05 + k * 0.01, lat: AT.lat + 0.05 });

interface Incident {
  id: string;
  code: string;
  gridPath: string;
  category: string;
  location: { lng: number; lat: number } | null;
  address: string | null;
  reportedAt: string;
}

describe('office hotspots: a batch applied in a constant number of statements, as one by one', () => {
  let env: TestEnv;
  let ds: DataSource;
  let nc: NatsConnection;
  let consumers: EventConsumers;
  let reg: Registered;
  let n = 0;
  let t = 0;

  beforeAll(async () => {
    Logger.overrideLogger(['error', 'warn']);
    env = await TestEnv.start();
    await env.migrate(dataSourceOptions());
    ds = await new DataSource(dataSourceOptions()).initialize();
    nc = await env.connectNats('hotspot-batches');
    consumers = new EventConsumers(ds, () => nc);
    const officeEnv = new OfficeEnv();
    new HotspotConsumer(consumers, new HotspotRepository(ds), new IncidentRepository(ds), new IncidentClockService(ds, officeEnv), new OutboxWriter('office', 'office'), new HotspotEnv(), officeEnv).onModuleInit();
    reg = consumers.registration('office-hotspots')!;
  });
  afterAll(async () => {
    await nc?.close();
    await ds?.destroy();
    await env?.stop();
  });

  /** An incident row (what a recurrence link, its history and the predecessor's code need). */
  const incident = async (o: { gridPath: string; location?: { lng: number; lat: number } | null; address?: string | null; minutes?: number; category?: string }): Promise<Incident> => {
    n += 1;
    const reportedAt = new Date(T0 + (o.minutes ?? n) * 60_000).toISOString();
    const i: Incident = { id: randomUUID(), code: `BTQ-B${n}`, gridPath: o.gridPath, category: o.category ?? CAT, location: o.location ?? null, address: o.address ?? null, reportedAt };
    await ds.query(
      `INSERT INTO office.incidents (id, code, title, key_area, category, state, source, grid_path, location, address, stats_day, reported_at)
       VALUES ($1, $2, '暴露垃圾', 'other', $3, 'reported', 'grid_patrol', $4::ltree,
         CASE WHEN $5::float8 IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint($5::float8, $6::float8), 4326)::geography END, $7, ($8::timestamptz AT TIME ZONE 'Asia/Shanghai')::date, $8)`,
      [i.id, i.code, i.category, i.gridPath, i.location?.lng ?? null, i.location?.lat ?? null, i.address, reportedAt],
    );
    return i;
  };
  const event = (type: string, i: Incident, over: Record<string, unknown> = {}, at?: number): DomainEvent => {
    t += 1;
    return {
      id: randomUUID(),
      type,
      version: 1,
      source: 'office',
      occurredAt: new Date(at ?? Date.parse(i.reportedAt) + t * 1000).toISOString(),
      gridPath: i.gridPath,
      actorId: null,
      data: { incidentId: i.id, code: i.code, title: '暴露垃圾', keyArea: 'other', category: i.category, gridPath: i.gridPath, location: i.location, address: i.address, reportedAt: i.reportedAt, state: 'reported', ...over },
    };
  };
  const reported = (i: Incident) => event(OfficeEvents.IncidentReported, i);
  /** Closed `daysAgo` days before the day's first report. */
  const closed = (i: Incident, daysAgo: number) => event(OfficeEvents.IncidentClosed, i, { state: 'closed', closureType: 'fixed' }, T0 - daysAgo * 86_400_000);

  /** The same weekday of the 8 weeks before: `perWeek` found a week in each of the cells. */
  const baseline = async (cells: string[], perWeek: number) => {
    for (const cell of cells) {
      await ds.query(
        `INSERT INTO office.category_daily (category, grid_path, day, key_area, community_path, found)
         SELECT $1, $2::ltree, $3::date - 7 * g, 'other', subpath($2::ltree, 0, 4), $4 FROM generate_series(1, 8) g`,
        [CAT, cell, DAY, perWeek],
      );
    }
  };
  const reset = async () => {
    await ds.query(`TRUNCATE office.category_daily, office.spikes, office.recurrence_places, office.outbox, office.inbox, office.incident_history`);
    await ds.query(`UPDATE office.incidents SET recurrence_of = NULL, recurred_at = NULL`);
  };
  const snapshot = async () => ({
    counters: await ds.query(`SELECT category, grid_path::text, day::text, key_area, community_path::text, found, recurring, recurring_30d, closed, came_back_30d FROM office.category_daily ORDER BY 1, 2, 3`),
    spikes: await ds.query(`SELECT place_path::text, place_level, category, key_area, day::text, observed, expected, p_value, incident_id FROM office.spikes ORDER BY 1, 3, 5`),
    links: await ds.query(`SELECT id, recurrence_of, recurred_at FROM office.incidents WHERE recurrence_of IS NOT NULL OR recurred_at IS NOT NULL ORDER BY id`),
    history: await ds.query(`SELECT incident_id, seq, action, note FROM office.incident_history ORDER BY 1, 2`),
    places: await ds.query(`SELECT incident_id, category, grid_path::text, address_key, closed_at FROM office.recurrence_places ORDER BY 1`),
    // The events raised (the spike's id is the row's).
    events: (await ds.query(`SELECT type, event->'data' AS data FROM office.outbox ORDER BY type, event->'data'->>'incidentId', event->'data'->>'placePath'`)).map(
      (r: { type: string; data: Record<string, unknown> }) => ({ type: r.type, data: { ...r.data, spikeId: r.data.spikeId ? 'id' : undefined } }),
    ),
  });
  /** Applies the events in batches of `size` (each one transaction); the statements of each batch's transaction. */
  const apply = (events: DomainEvent[], size: number): Promise<number[]> =>
    statementsPerRunner(ds, async () => {
      for (let i = 0; i < events.length; i += size) await consumers.handleEvents(reg, events.slice(i, i + size).map((event) => ({ event })));
    });

  it('links, counts and raises spikes in batches of any size as one event per batch', async () => {
    // Closed before: a problem at AT 10 days ago (its place known before the batch), one at an address 40 days ago.
    const before = await incident({ gridPath: G1, location: AT, minutes: -20_000 });
    const atAddress = await incident({ gridPath: G2, address: '鼓楼区北京西路 12 号', minutes: -60_000 });
    // Closed inside the batch, 2 days ago, far from AT: a report of its place later in the same batch repeats it.
    const inBatch = await incident({ gridPath: G3, location: far(1), minutes: -3_000 });
    const reports = [
      await incident({ gridPath: G1, location: near(1) }), // repeats `before` (its first repeat: came back within 30 days)
      await incident({ gridPath: G1, location: far(2) }),
      await incident({ gridPath: G1, location: near(-1) }), // repeats `before` again (not its first)
      await incident({ gridPath: G2, address: '鼓楼区 北京西路12号' }), // repeats `atAddress` (no point: by the address); the community's 4th today: a spike
      await incident({ gridPath: G1, location: far(3) }), // the grid's 4th today: a spike (usual: 0.2 a day)
      await incident({ gridPath: G3, location: far(1) }), // repeats `inBatch`
      await incident({ gridPath: G1, location: far(4) }), // the grid's 5th: the spike's count rises
      await incident({ gridPath: G2, location: far(5), category: 'street_occupation' }),
      await incident({ gridPath: G1, location: far(6) }),
      await incident({ gridPath: G2, location: far(7) }),
      await incident({ gridPath: G1, location: far(8) }),
    ];
    const events = [closed(before, 10), closed(atAddress, 40), ...reports.slice(0, 5).map(reported), closed(inBatch, 2), ...reports.slice(5).map(reported)];
    await reset();
    await apply(events, 1);
    const oneByOne = await snapshot();
    // What one by one gives (today's behaviour): four links, the predecessor's first repeat counted once, each spike raised once with the day's count.
    expect(oneByOne.links.filter((l: { recurrence_of: string | null }) => l.recurrence_of)).toHaveLength(4);
    expect(oneByOne.links.find((l: { id: string }) => l.id === reports[2].id).recurrence_of).toBe(before.id);
    expect(oneByOne.events.filter((e: { type: string }) => e.type === HotspotEvents.RecurrenceDetected)).toHaveLength(4);
    const g1 = oneByOne.counters.find((c: { grid_path: string; day: string; category: string }) => c.grid_path === G1 && c.day === DAY && c.category === CAT);
    expect(g1).toMatchObject({ found: 7, recurring: 2, recurring_30d: 2 });
    const spikes = oneByOne.spikes as { place_path: string; observed: number }[];
    expect(spikes.map((s) => s.place_path).sort()).toEqual(['nj.gulou.btq.c01', G1].sort());
    expect(spikes.find((s) => s.place_path === G1)!.observed).toBe(7);
    const raised = oneByOne.events.filter((e: { type: string }) => e.type === HotspotEvents.SpikeDetected);
    expect(raised).toHaveLength(2);
    for (const size of [3, 5, events.length]) {
      await reset();
      await apply(events, size);
      expect(await snapshot()).toEqual(oneByOne);
    }
  });

  it('applies a redelivered batch not at all', async () => {
    const reports = await Promise.all([1, 2, 3, 4].map(async (k) => reported(await incident({ gridPath: G1, location: far(10 + k) }))));
    await reset();
    await baseline([G1, G2], 0);
    await apply(reports, 16);
    const once = await snapshot();
    expect(once.spikes).toHaveLength(2);
    expect(await consumers.handleEvents(reg, reports.map((event) => ({ event })))).toEqual([]);
    expect(await snapshot()).toEqual(once);
  });

  it('sends as many statements for a batch of 16 reports as for a batch of 2', async () => {
    // Reports at places with no closed problem, in cells used to more (no spike): lookups, counters and windows only.
    const cells = [G1, G2, G3];
    await reset();
    await baseline(cells, 10);
    const make = async (k: number) => Promise.all(Array.from({ length: k }, async (_, j) => reported(await incident({ gridPath: cells[j % 3], location: far(100 + n) }))));
    const [two] = await apply(await make(2), 2);
    const [many] = await apply(await make(16), 16);
    expect(two).toBeGreaterThan(4);
    expect(many).toBe(two);
    expect((await snapshot()).spikes).toEqual([]);
  });
});
