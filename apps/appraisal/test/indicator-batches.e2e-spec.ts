import { randomUUID } from 'node:crypto';
import { DomainEvent, eventAggregate, OfficeEvents, Role } from '@grid122/contracts';
import { EventConsumers, Registered } from '@grid122/messaging';
import { statementsPerRunner, TestEnv } from '@grid122/testing';
import { NatsConnection } from 'nats';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source';
import { IndicatorRepository } from '../src/indicator/indicator.repository';
import { CONSUMER, IndicatorService } from '../src/indicator/indicator.service';
import { SurveyRepository } from '../src/survey/survey.repository';

jest.setTimeout(240_000);

/**
 * Appraisal's consumer in batches (#27 item 6): a batch's facts, return visits, enrolments and
 * indicator additions are written in a constant number of statements, with the same rows as when
 * the same events are applied one per batch — a closure's handler taken from the handlings and
 * acceptances of the batch's earlier events included — and a redelivered batch applies nothing.
 * Real Postgres and NATS; the batches are given to handleEvents, as the JetStream reader gives them.
 */
const P = (n: number) => `11111111-1111-4111-8111-${String(n).padStart(12, '0')}`;
const INC = (n: number) => `44444444-4444-4444-8444-${String(n).padStart(12, '0')}`;
const DEPT = '33333333-3333-4333-8333-000000000001';
const T0 = Date.parse('2026-12-03T02:00:00Z');

/** The events of incidents `ns`, each reported, accepted, handled, closed and rated (a closure's handler is read from the facts before it), interleaved. */
function lifecycle(ns: number[]): DomainEvent[] {
  const out: DomainEvent[] = [];
  let t = 0;
  const seq = new Map<string, number>();
  const ev = (type: string, n: number, data: Record<string, unknown>): DomainEvent => {
    const d = { incidentId: INC(n), code: `BTQ-${n}`, category: 'exposed_rubbish', keyArea: 'other', gridPath: `nj.gulou.btq.c0${(n % 3) + 1}.g2_0${(n % 2) + 1}`, reportedById: P(1 + (n % 3)), unit: 'city_management', departmentId: DEPT, reportedAt: new Date(T0).toISOString(), ...data };
    const aggregate = eventAggregate(type, d);
    const s = (seq.get(aggregate ?? '') ?? 0) + 1;
    seq.set(aggregate ?? '', s);
    t += 1;
    return { id: randomUUID(), type, version: 1, source: 'office', occurredAt: new Date(T0 + t * 60_000).toISOString(), gridPath: d.gridPath, actorId: null, data: d, aggregate: aggregate ?? undefined, seq: aggregate ? s : undefined };
  };
  for (const n of ns) {
    out.push(ev(OfficeEvents.IncidentReported, n, { state: 'reported' }));
    out.push(ev(OfficeEvents.IncidentAccepted, n, { state: 'accepted', byId: P(10 + (n % 4)), byRole: Role.DepartmentLiaison }));
    // Two in three handled by someone else than who accepted them: the closure credits the handler.
    if (n % 3 !== 0) out.push(ev(OfficeEvents.IncidentHandled, n, { state: 'handled', byId: P(20 + (n % 5)), byRole: Role.DepartmentLiaison, firstHandled: true }));
    out.push(ev(OfficeEvents.IncidentClosed, n, { state: 'closed', closureType: 'fixed', onTime: n % 2 === 0, resolutionLevel: 'community', byRole: Role.DepartmentLiaison }));
    // Reopened, accepted by another and closed again (a rework credited to the handler: the handling outranks a later acceptance), then rated.
    if (n % 4 === 1) {
      out.push(ev(OfficeEvents.IncidentReopened, n, { state: 'reopened', firstRework: true }));
      out.push(ev(OfficeEvents.IncidentAccepted, n, { state: 'accepted', byId: P(30), byRole: Role.DepartmentLiaison }));
      out.push(ev(OfficeEvents.IncidentClosed, n, { state: 'closed', closureType: 'fixed', onTime: false, byRole: Role.DepartmentLiaison }));
    }
    out.push(ev(OfficeEvents.IncidentRated, n, { state: 'closed', closureType: 'fixed', satisfaction: 'satisfied' }));
  }
  // Interleave the incidents (as the stream does): round-robin by incident, each incident's events in order.
  const byInc = new Map<string, DomainEvent[]>();
  for (const e of out) byInc.set((e.data as { incidentId: string }).incidentId, [...(byInc.get((e.data as { incidentId: string }).incidentId) ?? []), e]);
  const lanes = [...byInc.values()];
  const mixed: DomainEvent[] = [];
  for (let i = 0; lanes.some((l) => l.length > i); i++) for (const l of lanes) if (l[i]) mixed.push(l[i]);
  return mixed;
}

describe('appraisal: a batch applied in a constant number of statements, as one by one', () => {
  let env: TestEnv;
  let ds: DataSource;
  let nc: NatsConnection;
  let consumers: EventConsumers;
  let reg: Registered;
  let repo: IndicatorRepository;

  beforeAll(async () => {
    Logger.overrideLogger(['error', 'warn']);
    env = await TestEnv.start();
    await env.migrate(dataSourceOptions());
    ds = await new DataSource(dataSourceOptions()).initialize();
    nc = await env.connectNats('appraisal-batches');
    consumers = new EventConsumers(ds, () => nc);
    repo = new IndicatorRepository(ds);
    new IndicatorService(consumers, repo, new SurveyRepository(ds)).onModuleInit();
    reg = consumers.registration(CONSUMER)!;
  });
  afterAll(async () => {
    await nc?.close();
    await ds?.destroy();
    await env?.stop();
  });

  const reset = () => ds.query(`TRUNCATE appraisal.indicator_facts, appraisal.indicator_values, appraisal.surveys, appraisal.appraisees, appraisal.inbox, appraisal.consumer_order`);
  const snapshot = async () => ({
    facts: await ds.query(
      `SELECT event_id, indicator, event_type, month::text, occurred_at, grid_path::text, person_id, handler_id, department_id, unit, key_area, ref_id, value::text
         FROM appraisal.indicator_facts ORDER BY event_id, indicator`,
    ),
    values: await ds.query(`SELECT month::text, subject_kind, subject, indicator, value::text FROM appraisal.indicator_values ORDER BY 1, 2, 3, 4`),
    surveys: await ds.query(`SELECT kind, status, source_event_id, incident_id, incident_code, grid_path::text, person_id, handler_id, unit, department_id, month::text FROM appraisal.surveys ORDER BY source_event_id`),
    appraisees: await ds.query(`SELECT person_id, name, kind, grid_path::text, department_id FROM appraisal.appraisees ORDER BY person_id`),
  });
  /** Applies the events in batches of `size` (each one transaction); the statements of each batch's transaction. */
  const apply = (events: DomainEvent[], size: number): Promise<number[]> =>
    statementsPerRunner(ds, async () => {
      for (let i = 0; i < events.length; i += size) await consumers.handleEvents(reg, events.slice(i, i + size).map((event) => ({ event })));
    });

  it('writes the same rows in batches of any size as one event per batch, a closure crediting the batch\'s earlier handling', async () => {
    const events = lifecycle(range(0, 12));
    await reset();
    await apply(events, 1);
    const oneByOne = await snapshot();
    // Each closure credits whoever handled the case, else whoever accepted it last.
    const closures = new Map<string, string[]>();
    for (const f of oneByOne.facts as { indicator: string; ref_id: string; handler_id: string; occurred_at: Date }[]) {
      if (f.indicator === 'incidents_closed') closures.set(f.ref_id, [...(closures.get(f.ref_id) ?? []), `${f.occurred_at.toISOString()} ${f.handler_id}`]);
    }
    for (const n of range(0, 12)) {
      const handler = n % 3 !== 0 ? P(20 + (n % 5)) : P(10 + (n % 4));
      const again = n % 4 === 1 ? [n % 3 !== 0 ? handler : P(30)] : [];
      expect(closures.get(INC(n))!.sort().map((c) => c.split(' ')[1])).toEqual([handler, ...again]);
    }
    expect(oneByOne.surveys).toHaveLength(12 + 3);
    expect(oneByOne.appraisees.some((a: { kind: string }) => a.kind === 'seconded')).toBe(true);
    for (const size of [4, 16, events.length]) {
      await reset();
      await apply(events, size);
      expect(await snapshot()).toEqual(oneByOne);
    }
  });

  it('keeps the indicator values equal to the month\'s rebuild after batches of dependent events', async () => {
    await reset();
    await apply(lifecycle(range(0, 12)), 16);
    const live = (await snapshot()).values;
    await ds.transaction((m) => repo.rebuild(m, '2026-12'));
    expect((await snapshot()).values).toEqual(live);
  });

  it('applies a redelivered batch not at all', async () => {
    const events = lifecycle(range(0, 6));
    await reset();
    await apply(events, 16);
    const once = await snapshot();
    expect(await consumers.handleEvents(reg, events.slice(0, 16).map((event) => ({ event })))).toEqual([]);
    await apply(events, 16);
    expect(await snapshot()).toEqual(once);
  });

  it('sends as many statements for a batch of 64 events as for a batch of 4', async () => {
    // The same kinds in every batch: incidents reported, accepted, closed (a handler to look up: a return visit) and rated.
    const plain = range(0, 80).filter((n) => n % 3 === 0 && n % 4 !== 1);
    await reset();
    const [four] = await apply(lifecycle(plain.slice(0, 1)), 4);
    const [many] = await apply(lifecycle(plain.slice(1, 17)), 64);
    expect(four).toBeGreaterThan(4);
    expect(many).toBe(four);
  });
});

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
