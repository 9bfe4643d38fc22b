import { randomUUID } from 'node:crypto';
import { headers as natsHeaders } from 'nats';
import { EVENT_STREAM, RegistryEvents } from '@grid122/contracts';
import { DeadLetters } from '@grid122/messaging';
import { eventually, sleep } from '@grid122/testing';
import { MAPPED_EVENT_TYPES } from '../../../appraisal/src/indicator/fact-mapper';
import { StatsRepository } from '../../../office/src/stats/stats.repository';
import { PrivatePostgres } from './private-postgres';
import { FAULT_PASSWORD, GRID, GRID_ID, ProcessSuite } from './suite-processes';

/**
 * Faults (故障注入) for the whole street: every app as a child process (two office replicas in one
 * queue group, grid-registry, petitions, social-services, enforcement, appraisal, the gateway) on
 * a PostgreSQL cluster and a nats-server of the suite's own, and steady traffic of every service's
 * own kind — incident reports (registered and dispatched, every other one), petitions, service
 * requests, enforcement cases, supermarket exchanges — each with an Idempotency-Key and retried as
 * a phone retries (same key, same body, on network errors and 5xx). Meanwhile, one after the
 * other: kill -9 one office replica (the other serves), kill -9 every other app in turn, kill -9
 * nats-server, stall petitions 10 s (SIGSTOP/SIGCONT), SIGTERM an office, poison events, nats-server
 * down past JetStream's 2-minute de-duplication window, cut every Postgres connection, and restart
 * Postgres (an immediate stop: a crash). Afterwards, for every service's records: nothing
 * acknowledged lost, nothing stored twice, counters equal a recount, every outbox drained, every
 * consumer's inbox complete, the poison parked and blocking nothing.
 */
jest.setTimeout(900_000);

/** JetStream's de-duplication window of the event stream (libs/messaging/src/jetstream.ts). */
const DEDUP_WINDOW_MS = 2 * 60_000;
/** The subjects the poison is published on, and the consumer that must park it. */
const POISON = [
  { subject: 'evt.office.incident.reported', consumer: 'appraisal', payload: 'not json {' },
  { subject: 'evt.registry.task.opened', consumer: 'office', payload: JSON.stringify({ hello: 'no id, no type: not a domain event' }) },
];
/** The types appraisal applies (the indicators' and the meeting held): its inbox holds each such event once. */
const APPRAISAL_TYPES: string[] = [...MAPPED_EVENT_TYPES, RegistryEvents.MeetingHeld];
const KINDS = ['reports', 'petitions', 'service requests', 'enforcement', 'exchanges'] as const;
type Kind = (typeof KINDS)[number];

interface Res {
  status: number;
  body: Record<string, unknown> & { code?: string; details?: Record<string, unknown> };
}

/** What one service's traffic did, per fault window (index 0: before the first fault). */
class Tally {
  requests: number[] = [];
  failures: number[] = [];
  acks: number[] = [];
  /** idempotency key → the window it was first sent in */
  readonly sent = new Map<string, number>();
  /** idempotency key → the record's id in the answer */
  readonly acked = new Map<string, string>();
  add(field: 'requests' | 'failures' | 'acks', window: number): void {
    this[field][window] = (this[field][window] ?? 0) + 1;
  }
}

class Driver {
  running = true;
  window = 0;
  readonly tally = Object.fromEntries(KINDS.map((k) => [k, new Tally()])) as Record<Kind, Tally>;
  readonly dispatched = new Set<string>(); // incident ids dispatched to the organisation group
  readonly gaveUp: string[] = [];
  readonly unexpected: string[] = [];
  category = 'party_building';
  recipientId = '';
  itemId = '';
  volunteers: string[] = [];

  constructor(
    private readonly base: () => string,
    private readonly tokens: Record<'worker' | 'commander' | 'petitions' | 'social' | 'enforcement', string>,
  ) {}

  async call(kind: Kind, method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}): Promise<Res> {
    const t = this.tally[kind];
    t.add('requests', this.window);
    try {
      const r = await fetch(`${this.base()}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(8000),
      });
      const text = await r.text();
      if (r.status >= 500) t.add('failures', this.window);
      return { status: r.status, body: text ? JSON.parse(text) : {} };
    } catch {
      t.add('failures', this.window);
      return { status: 0, body: {} };
    }
  }

  /** A phone's retry loop: network errors and 5xx are retried with the same key, up to 4 minutes (past the longest outage). */
  private async withRetry(what: string, fn: () => Promise<Res>, ok: (r: Res) => boolean): Promise<Res | null> {
    const until = Date.now() + 240_000;
    let wait = 200;
    while (Date.now() < until) {
      const r = await fn();
      if (ok(r)) return r;
      if (r.status !== 0 && r.status < 500) {
        this.unexpected.push(`${what}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
        return null;
      }
      await sleep(wait);
      wait = Math.min(wait * 2, 2000);
    }
    this.gaveUp.push(what);
    return null;
  }

  /** One create of `kind` with a fresh key, retried until answered; the record's id or null. */
  private async create(kind: Kind, path: string, token: string, body: (key: string) => Record<string, unknown>): Promise<string | null> {
    const key = randomUUID();
    const t = this.tally[kind];
    t.sent.set(key, this.window);
    const b = body(key);
    const r = await this.withRetry(`${kind} ${key}`, () => this.call(kind, 'POST', path, token, b, { 'idempotency-key': key }), (x) => x.status === 201 || x.status === 200);
    if (!r) return null;
    const id = String(r.body.id);
    t.acked.set(key, id);
    t.add('acks', this.window);
    return id;
  }

  private async report(): Promise<void> {
    const id = await this.create('reports', '/api/v1/incidents', this.tokens.worker, (key) => ({
      source: 'grid_patrol',
      title: `fault ${key}`,
      keyArea: 'grassroots_organisation',
      category: this.category,
      address: '宝塔桥街道 5号楼',
      gridId: GRID_ID,
      gridPath: GRID,
    }));
    // Every other report goes on: register, then dispatch to the organisation group.
    if (!id || this.tally.reports.acked.size % 2 === 0) return;
    if (!(await this.transition(id, 'register', {}, ['registered', 'dispatched', 'accepted']))) return;
    if (await this.transition(id, 'dispatch', { unit: 'organisation' }, ['dispatched', 'accepted'])) this.dispatched.add(id);
  }

  /** A transition retried like a report; a 409 whose current state is already past it counts as done. */
  private async transition(id: string, action: string, body: Record<string, unknown>, doneStates: string[]): Promise<boolean> {
    const r = await this.withRetry(
      `${action} ${id}`,
      () => this.call('reports', 'POST', `/api/v1/incidents/${id}/${action}`, this.tokens.commander, body),
      (x) => x.status === 200 || x.status === 201 || (x.status === 409 && doneStates.includes(String(x.body.details?.currentState))),
    );
    return !!r;
  }

  private readonly makers: Record<Kind, () => Promise<unknown>> = {
    reports: () => this.report(),
    petitions: () =>
      this.create('petitions', '/api/v1/petitions', this.tokens.petitions, (key) => ({
        channel: 'visit',
        petitionerKind: 'person',
        matter: 'housing',
        summary: `fault ${key}`,
        gridPath: GRID,
      })),
    'service requests': () =>
      this.create('service requests', '/api/v1/service-requests', this.tokens.social, (key) => ({
        serviceType: 'breakfast_purchase',
        source: 'grid_worker',
        recipientId: this.recipientId,
        title: `fault ${key}`,
      })),
    enforcement: () =>
      this.create('enforcement', '/api/v1/enforcement/cases', this.tokens.enforcement, (key) => ({
        title: `fault ${key}`,
        category: 'illegal_business',
        description: '巡查发现无照经营',
        gridPath: GRID,
        address: '宝塔桥西街30号',
      })),
    exchanges: () =>
      this.create('exchanges', '/api/v1/supermarket/exchanges', this.tokens.social, () => ({
        volunteerId: this.volunteers[this.tally.exchanges.sent.size % this.volunteers.length],
        itemId: this.itemId,
        quantity: 1,
      })),
  };

  async phone(kind: Kind, pauseMs: number): Promise<void> {
    while (this.running) {
      await this.makers[kind]();
      await sleep(pauseMs);
    }
  }
}

describe('faults: every app killed, NATS and Postgres restarted, under steady traffic of every service', () => {
  let suite: ProcessSuite;
  let driver: Driver;
  const table: { fault: string; outageMs: number; recoveryMs: number }[] = [];

  beforeAll(async () => {
    if (!PrivatePostgres.available()) throw new Error('the fault suite needs PostgreSQL server binaries (PG_BIN, default /usr/lib/postgresql/15/bin)');
    suite = await ProcessSuite.start(
      ['office', 'grid-registry', 'petitions', 'social-services', 'enforcement', 'appraisal'],
      { OFFICE_SWEEP_INTERVAL_MS: '0', ENFORCEMENT_UNACK_SWEEP_MS: '0' },
      { privatePostgres: true, replicas: { office: 2 } },
    );
  }, 400_000);
  afterAll(async () => {
    if (driver) driver.running = false;
    await suite?.stop();
  });

  const login = async (username: string): Promise<string> => {
    const r = await fetch(`${suite.gatewayUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: FAULT_PASSWORD }),
    });
    if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${await r.text()}`);
    return ((await r.json()) as { accessToken: string }).accessToken;
  };

  /** Until a read crossing gateway → NATS → each service → Postgres succeeds. */
  const probe = async (tokens: Record<string, string>): Promise<number> => {
    const t0 = Date.now();
    const reads: [string, string][] = [
      ['commander', '/api/v1/incidents?limit=1'],
      ['petitions', '/api/v1/petitions'],
      ['social', '/api/v1/service-requests'],
      ['enforcement', '/api/v1/enforcement/cases'],
    ];
    await eventually(
      async () => {
        for (const [who, path] of reads) {
          const r = await fetch(`${suite.gatewayUrl}${path}`, { headers: { authorization: `Bearer ${tokens[who]}` }, signal: AbortSignal.timeout(5000) }).catch(() => null);
          if (r?.status !== 200) throw new Error(`probe ${path} ${r?.status}`);
        }
      },
      120_000,
      100,
    );
    return Date.now() - t0;
  };

  /** A request as a set-up step (not counted as traffic). */
  const setup = async (token: string, path: string, body: unknown): Promise<Record<string, unknown>> => {
    const r = await fetch(`${suite.gatewayUrl}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (r.status >= 300) throw new Error(`${path}: ${r.status} ${await r.text()}`);
    return (await r.json()) as Record<string, unknown>;
  };

  it('loses nothing, doubles nothing, and recovers by itself', async () => {
    const tokens = {
      worker: await login('worker'),
      commander: await login('commander'),
      petitions: await login('petitions'),
      social: await login('social'),
      enforcement: await login('enforcement'),
    };
    // A valid category of the key area, whatever the seed names it.
    const cats = await suite.query<{ code: string }>(`SELECT code FROM office.categories WHERE key_area = 'grassroots_organisation' ORDER BY code LIMIT 1`);
    driver = new Driver(() => suite.gatewayUrl, tokens);
    if (cats[0]) driver.category = cats[0].code;
    // What the social traffic needs: a care recipient, an item in stock, volunteers with points.
    driver.recipientId = String((await setup(tokens.social, '/api/v1/care-recipients', { name: '故障测试老人', categories: ['elderly'], gridPath: GRID })).id);
    driver.itemId = String((await setup(tokens.social, '/api/v1/supermarket/items', { code: 'fault-rice', name: '大米', unit: '袋', pointPrice: 1, unitValueCents: 100 })).id);
    await setup(tokens.social, '/api/v1/supermarket/stock', { itemId: driver.itemId, kind: 'purchase', quantity: 100_000, cashCents: 0 });
    for (const n of [1, 2, 3]) {
      const v = String((await setup(tokens.social, '/api/v1/volunteers', { name: `故障志愿者${n}`, gridPath: GRID, yRole: 'party_volunteer' })).id);
      for (let i = 0; i < 3; i += 1) await setup(tokens.social, '/api/v1/points/adjustments', { volunteerId: v, delta: 1000, reason: '故障测试积分' });
      driver.volunteers.push(v);
    }

    const phones = [
      driver.phone('reports', 100),
      driver.phone('reports', 100),
      driver.phone('petitions', 150),
      driver.phone('service requests', 150),
      driver.phone('enforcement', 150),
      driver.phone('exchanges', 150),
    ];
    await sleep(3000);

    const kill9 = (app: string) => async () => {
      const p = suite.app(app);
      await p.kill('SIGKILL');
      await p.start();
    };
    const faults: { name: string; inject: () => Promise<void> }[] = [
      { name: 'kill -9 office (1 of 2 replicas), start again', inject: kill9('office') },
      { name: 'kill -9 gateway, start again', inject: kill9('gateway') },
      { name: 'kill -9 petitions, start again', inject: kill9('petitions') },
      { name: 'kill -9 social-services, start again', inject: kill9('social-services') },
      { name: 'kill -9 enforcement, start again', inject: kill9('enforcement') },
      { name: 'kill -9 grid-registry, start again', inject: kill9('grid-registry') },
      { name: 'kill -9 appraisal (consumer), start again', inject: kill9('appraisal') },
      { name: 'kill -9 identity (accounts, audit log), start again', inject: kill9('identity') },
      { name: 'nats-server kill -9, start again', inject: async () => (await suite.nats.stop('SIGKILL'), await suite.nats.start()) },
      {
        name: 'petitions stalled 10 s (SIGSTOP, SIGCONT)',
        inject: async () => {
          const pid = suite.app('petitions').pid!;
          process.kill(pid, 'SIGSTOP');
          await sleep(10_000);
          process.kill(pid, 'SIGCONT');
        },
      },
      { name: 'SIGTERM office#2 (graceful), start again', inject: async () => (await suite.app('office#2').stop(), await suite.app('office#2').start()) },
      {
        name: 'poison events (not events) on 2 subjects',
        inject: async () => {
          const nc = await suite.connectNats();
          try {
            const js = nc.jetstream();
            for (const p of POISON) {
              const h = natsHeaders();
              h.set('Nats-Msg-Id', `poison-${randomUUID()}`);
              await js.publish(p.subject, new TextEncoder().encode(p.payload), { headers: h });
            }
          } finally {
            await nc.close();
          }
        },
      },
      {
        name: `nats-server down ${(DEDUP_WINDOW_MS + 10_000) / 1000} s (> dedup window)`,
        inject: async () => (await suite.nats.stop(), await sleep(DEDUP_WINDOW_MS + 10_000), await suite.nats.start()),
      },
      {
        name: 'pg_terminate_backend every connection',
        inject: async () =>
          void (await suite.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`)),
      },
      { name: 'Postgres restart (immediate stop: a crash)', inject: async () => (await suite.postgres!.stop('immediate'), await suite.postgres!.start()) },
    ];
    for (const [i, f] of faults.entries()) {
      driver.window = i + 1;
      const t0 = Date.now();
      await f.inject();
      const outageMs = Date.now() - t0;
      const recoveryMs = await probe(tokens).catch((e) => {
        // Which fault, and what every app said last: a failure here is otherwise only "probe … 503".
        const dump = [...suite.apps.keys()].map((a) => `--- ${a}\n${suite.app(a).output().slice(-25).join('\n')}`).join('\n');
        throw new Error(`after fault ${f.name}: ${(e as Error).message}\n${dump}`);
      });
      await sleep(2000); // steady traffic after recovery
      table.push({ fault: f.name, outageMs, recoveryMs });
    }
    driver.running = false;
    await Promise.all(phones);

    // Per service: every acknowledged record exists once, with the id answered; nothing is stored twice (acknowledged or not).
    const RECORDS: Record<Kind, string> = {
      reports: `SELECT substr(title, 7) AS key, min(id::text) AS id, count(*)::int AS n FROM office.incidents WHERE title LIKE 'fault %' AND source = 'grid_patrol' GROUP BY title`,
      petitions: `SELECT substr(summary, 7) AS key, min(id::text) AS id, count(*)::int AS n FROM petitions.petitions WHERE summary LIKE 'fault %' GROUP BY summary`,
      'service requests': `SELECT substr(title, 7) AS key, min(id::text) AS id, count(*)::int AS n FROM social.service_requests WHERE title LIKE 'fault %' GROUP BY title`,
      enforcement: `SELECT substr(title, 7) AS key, min(id::text) AS id, count(*)::int AS n FROM enforcement.cases WHERE title LIKE 'fault %' GROUP BY title`,
      // An exchange carries no text of the client's: its idempotency claim names the key, its answer the id.
      exchanges: `SELECT r.key, min(e.id::text) AS id, count(e.id)::int AS n FROM social.exchanges e
                    LEFT JOIN social.idempotency_requests r ON r.subject = 'social.supermarket.exchange' AND r.response->'v'->>'id' = e.id::text
                   WHERE e.item_id = $1 GROUP BY r.key`,
    };
    const outcome = {} as Record<Kind, { lost: string[]; duplicated: string[]; stored: number }>;
    for (const kind of KINDS) {
      const rows = await suite.query<{ key: string | null; id: string; n: number }>(RECORDS[kind], kind === 'exchanges' ? [driver.itemId] : []);
      const t = driver.tally[kind];
      const stored = new Map(rows.map((r) => [r.key ?? '', r]));
      const lost = [...t.acked.entries()].filter(([key, id]) => stored.get(key)?.id !== id).map(([key]) => key);
      const duplicated = rows.filter((r) => r.n > 1 || r.key === null).map((r) => r.key ?? `${r.n} exchange(s) no answer names`);
      outcome[kind] = { lost, duplicated, stored: rows.reduce((s, r) => s + r.n, 0) };
    }

    // Every outbox drained; every consumer of the event stream has everything delivered and acknowledged.
    const SCHEMAS = ['office', 'registry', 'petitions', 'social', 'enforcement', 'appraisal'];
    const nc = await suite.connectNats();
    let convergence: Error | undefined;
    const converged = await eventually(
      async () => {
        const pending = await suite.query<{ schema: string; n: number }>(
          SCHEMAS.map((s) => `SELECT '${s}' AS schema, count(*)::int AS n FROM ${s}.outbox WHERE published_at IS NULL`).join(' UNION ALL '),
        );
        expect(pending.filter((p) => p.n > 0)).toEqual([]);
        const jsm = await nc.jetstreamManager();
        const lagging: string[] = [];
        for await (const c of jsm.consumers.list(EVENT_STREAM)) {
          if (c.num_pending > 0 || c.num_ack_pending > 0) {
            lagging.push(`${c.name}: pending ${c.num_pending}, unacknowledged ${c.num_ack_pending}, redelivered ${c.num_redelivered}, ack floor ${c.ack_floor.stream_seq}, delivered ${c.delivered.stream_seq}`);
          }
        }
        expect(lagging).toEqual([]);
        // appraisal takes every event of the five services and applies those of the types it reads
        // (the others are acknowledged with nothing to apply): its inbox holds each of those once, nothing else
        const [a] = await suite.query<{ outbox: number; inbox: number; missing: number }>(
          `WITH events AS (${['office', 'registry', 'petitions', 'social', 'enforcement'].map((s) => `SELECT id FROM ${s}.outbox WHERE type = ANY($1)`).join(' UNION ALL ')})
           SELECT (SELECT count(*) FROM events)::int AS outbox,
                  (SELECT count(*) FROM appraisal.inbox WHERE consumer = 'appraisal')::int AS inbox,
                  (SELECT count(*) FROM events e WHERE NOT EXISTS (SELECT 1 FROM appraisal.inbox i WHERE i.consumer = 'appraisal' AND i.event_id = e.id))::int AS missing`,
          [APPRAISAL_TYPES],
        );
        expect(a).toEqual({ outbox: a.outbox, inbox: a.outbox, missing: 0 });
        const [r] = await suite.query<{ reportedFacts: number; incidents: number }>(
          `SELECT (SELECT count(*) FROM appraisal.indicator_facts WHERE event_type = 'office.incident.reported' AND indicator = 'incidents_reported')::int AS "reportedFacts",
                  (SELECT count(*) FROM office.incidents WHERE state <> 'duplicate' AND source NOT IN ('petitions_intake', 'enforcement_patrol'))::int AS incidents`,
        );
        expect(r.reportedFacts).toBeGreaterThan(0);
        // The office's ledger takes every petition and enforcement case in once (台账完整: its source reference is the case id).
        const intake = await suite.query<{ kind: string; cases: number; once: number }>(
          `SELECT 'petitions' AS kind, count(*)::int AS cases, count(*) FILTER (WHERE (SELECT count(*) FROM office.incidents i WHERE i.source_ref = p.id::text) = 1)::int AS once
             FROM petitions.petitions p WHERE p.summary LIKE 'fault %'
           UNION ALL
           SELECT 'enforcement', count(*)::int, count(*) FILTER (WHERE (SELECT count(*) FROM office.incidents i WHERE i.source_ref = c.id::text) = 1)::int
             FROM enforcement.cases c WHERE c.title LIKE 'fault %'`,
        );
        for (const x of intake) expect(x).toEqual({ kind: x.kind, cases: x.cases, once: x.cases });
        // every organisation dispatch opened one task, accepted back at the office
        const tasks = await suite.query<{ incident_id: string; n: number; state: string }>(
          `SELECT t.incident_id::text, count(*)::int AS n, min(i.state) AS state
             FROM registry.organisation_tasks t JOIN office.incidents i ON i.id = t.incident_id GROUP BY t.incident_id`,
        );
        const byIncident = new Map(tasks.map((t) => [t.incident_id, t]));
        for (const id of driver.dispatched) {
          expect({ id, tasks: byIncident.get(id)?.n ?? 0, state: byIncident.get(id)?.state }).toEqual({ id, tasks: 1, state: 'accepted' });
        }
        return { appraisalEvents: a.inbox, tasks: tasks.length, intake };
      },
      // An ordered consumer's early event comes back with the backoff (1 s, 2 s … 64 s) and is
      // applied at its last delivery at the latest (#22 item 2): past that horizon, not before.
      300_000,
      1000,
    ).catch((e: Error) => {
      convergence = e; // the table first, then the failure
      return { appraisalEvents: -1, tasks: -1, intake: [] as { kind: string; cases: number; once: number }[] };
    });

    // The poison is parked, once per message, by the consumer that got it; no real event is among the dead letters.
    const dead = await eventually(async () => {
      if (convergence) return [];
      const all = await new DeadLetters(() => nc).list({ limit: 1000 });
      for (const p of POISON) expect([p.subject, all.filter((d) => d.subject === p.subject && d.consumer === p.consumer && d.code === 'UNDECODABLE').length]).toEqual([p.subject, 1]);
      return all;
    }, 30_000, 500).finally(() => nc.close());
    const realDeadLetters = dead.filter((d) => !POISON.some((p) => p.subject === d.subject && d.code === 'UNDECODABLE'));

    // No incident stuck between states: each is in a state its last history entry names.
    const stuck = await suite.query<{ id: string }>(
      `SELECT i.id FROM office.incidents i
        WHERE i.title LIKE 'fault %' AND i.state IS DISTINCT FROM (
          SELECT h.to_state FROM office.incident_history h WHERE h.incident_id = i.id ORDER BY h.seq DESC LIMIT 1)`,
    );
    // Counters equal a recount: the office's daily figures (every key area: the petitions' and enforcement's intake too) …
    const kept = await suite.query(`SELECT day::text, grid_path::text, key_area, found, registered, handled, closed FROM office.stats_daily ORDER BY 1,2,3`);
    const recount = await suite.query(
      `SELECT day::text, grid_path::text, key_area, found, registered, handled, closed FROM (${new StatsRepository(undefined as never).recountSql()}) r ORDER BY 1,2,3`,
    );
    // … the supermarket's stock and the volunteers' points against their ledgers, one ledger line per exchange.
    const social = await suite.query<{ what: string; bad: number }>(
      `SELECT 'stock' AS what, count(*)::int AS bad FROM social.supermarket_items it
         WHERE it.stock <> COALESCE((SELECT sum(delta) FROM social.stock_movements m WHERE m.item_id = it.id), 0)
       UNION ALL
       SELECT 'points', count(*)::int FROM social.volunteers v
         WHERE v.points_balance <> COALESCE((SELECT sum(delta) FROM social.points_ledger l WHERE l.volunteer_id = v.id), 0)
       UNION ALL
       SELECT 'exchange ledger lines', count(*)::int FROM social.exchanges e
         WHERE (SELECT count(*) FROM social.stock_movements m WHERE m.exchange_id = e.id) <> 1
            OR (SELECT count(*) FROM social.points_ledger l WHERE l.exchange_id = e.id) <> 1`,
    );

    // The table: per fault, per service (requests / retried / acknowledged / lost / duplicated of what was first sent in that window).
    const windowOf = (kind: Kind, keys: string[]) => {
      const n: number[] = [];
      for (const k of keys) {
        const w = driver.tally[kind].sent.get(k) ?? 0;
        n[w] = (n[w] ?? 0) + 1;
      }
      return n;
    };
    const lostBy = Object.fromEntries(KINDS.map((k) => [k, windowOf(k, outcome[k].lost)])) as Record<Kind, number[]>;
    const dupBy = Object.fromEntries(KINDS.map((k) => [k, windowOf(k, outcome[k].duplicated.filter((x) => driver.tally[k].sent.has(x)))])) as Record<Kind, number[]>;
    const cell = (k: Kind, w: number) => {
      const t = driver.tally[k];
      return [t.requests[w] ?? 0, t.failures[w] ?? 0, t.acks[w] ?? 0, lostBy[k][w] ?? 0, dupBy[k][w] ?? 0].join('/').padStart(17);
    };
    const rows = [{ fault: 'steady traffic before the first fault', outageMs: 0, recoveryMs: 0 }, ...table];
    const lines = [
      '',
      'per service: requests/retried/acknowledged/lost/duplicated (of the records first sent in that window)',
      `${'fault'.padEnd(46)} ${'outage ms'.padStart(9)} ${'recovery ms'.padStart(11)} ${KINDS.map((k) => k.padStart(17)).join(' ')}`,
      ...rows.map((t, w) => `${t.fault.padEnd(46)} ${String(t.outageMs).padStart(9)} ${String(t.recoveryMs).padStart(11)} ${KINDS.map((k) => cell(k, w)).join(' ')}`),
      '',
      `${'service'.padEnd(18)} ${'requests'.padStart(8)} ${'retried'.padStart(8)} ${'acknowledged'.padStart(12)} ${'stored'.padStart(7)} ${'lost'.padStart(5)} ${'duplicated'.padStart(10)}`,
      ...KINDS.map((k) => {
        const t = driver.tally[k];
        const sum = (a: number[]) => a.reduce((s, x) => s + (x ?? 0), 0);
        return `${k.padEnd(18)} ${String(sum(t.requests)).padStart(8)} ${String(sum(t.failures)).padStart(8)} ${String(t.acked.size).padStart(12)} ${String(outcome[k].stored).padStart(7)} ${String(outcome[k].lost.length).padStart(5)} ${String(outcome[k].duplicated.length).padStart(10)}`;
      }),
      '',
      `gave up ${driver.gaveUp.length} | unexpected answers ${driver.unexpected.length} | dispatched to 基层组织建设组 ${driver.dispatched.size}, organisation tasks ${converged.tasks} | events applied by appraisal ${converged.appraisalEvents} | office intake: ${converged.intake.map((x) => `${x.kind} ${x.once}/${x.cases} once`).join(', ')}`,
      `counters: office stats_daily ${kept.length} rows = recount ${JSON.stringify(kept) === JSON.stringify(recount)} | social ${social.map((s) => `${s.what} off ${s.bad}`).join(', ')} | dead letters ${dead.length}: ${POISON.length} poison messages parked ${dead.length - realDeadLetters.length} times, real events ${realDeadLetters.length}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);

    if (convergence) {
      // What the consumers said about it (warn and above), for the one who reads the failure.
      const said = [...suite.apps.entries()].flatMap(([name, p]) =>
        p.output().filter((l) => /out of order|failed on|dead-lettered|refused|could not|gave up/i.test(l)).slice(-15).map((l) => `${name}: ${l.slice(0, 400)}`),
      );
      process.stdout.write(`${said.join('\n')}\n`);
      throw convergence;
    }
    expect(realDeadLetters.map((d) => `${d.consumer} ${d.subject} ${d.code} ${d.reason}`)).toEqual([]);
    expect(driver.unexpected).toEqual([]);
    for (const k of KINDS) expect({ kind: k, lost: outcome[k].lost, duplicated: outcome[k].duplicated }).toEqual({ kind: k, lost: [], duplicated: [] });
    expect(driver.gaveUp).toEqual([]);
    expect(stuck).toEqual([]);
    expect(kept).toEqual(recount);
    expect(social.filter((s) => s.bad > 0)).toEqual([]);
    for (const k of KINDS) expect({ kind: k, enough: driver.tally[k].acked.size > 20 }).toEqual({ kind: k, enough: true });
  });
});
