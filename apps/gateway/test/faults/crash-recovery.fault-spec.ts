import { randomUUID } from 'node:crypto';
import { headers as natsHeaders } from 'nats';
import { DeadLetters } from '@grid122/messaging';
import { eventually, sleep } from '@grid122/testing';
import { StatsRepository } from '../../../office/src/stats/stats.repository';
import { FAULT_PASSWORD, GRID, GRID_ID, ProcessSuite } from './suite-processes';

/**
 * Faults (故障注入): the suite as child processes (office, grid-registry, appraisal, gateway) on a
 * private database and nats-server, a steady stream of incident reports (with Idempotency-Keys,
 * retried as a phone retries: same key, same body, on network errors and 5xx) and transitions
 * (register → dispatch to the organisation group, whose task comes back as an accept), and
 * meanwhile: kill -9 the office, kill -9 the gateway, kill -9 a consumer (appraisal), stop and
 * restart nats-server (also for longer than JetStream's 2-minute de-duplication window), publish
 * poison events (bytes that are no event) beside the real ones, terminate every Postgres
 * connection. Afterwards: the poison is parked in the dead letters and blocked nothing; nothing acknowledged is
 * lost, nothing is stored twice, every consumer applied every event exactly once in effect, no
 * incident is stuck, and the services recovered without a hand on them.
 */
jest.setTimeout(600_000);

/** JetStream's de-duplication window of the event stream (libs/messaging/src/jetstream.ts). */
const DEDUP_WINDOW_MS = 2 * 60_000;
/** The subjects the poison is published on, and the consumer that must park it. */
const POISON = [
  { subject: 'evt.office.incident.reported', consumer: 'appraisal', payload: 'not json {' },
  { subject: 'evt.registry.task.opened', consumer: 'office', payload: JSON.stringify({ hello: 'no id, no type: not a domain event' }) },
];

interface Res {
  status: number;
  body: Record<string, unknown> & { code?: string; details?: Record<string, unknown> };
}

class Driver {
  running = true;
  requests = 0;
  /** Answers a phone had to retry: no answer (connection refused/reset, timeout) or a 5xx. */
  failures = 0;
  readonly acked = new Map<string, string>(); // idempotency key → incident id
  readonly sent = new Set<string>();
  readonly dispatched = new Set<string>(); // incident ids dispatched to the organisation group
  readonly gaveUp: string[] = [];
  readonly unexpected: string[] = [];
  lastAckAt = 0;

  constructor(
    private readonly base: () => string,
    private readonly tokens: { worker: string; commander: string },
  ) {}

  async call(method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}): Promise<Res> {
    this.requests += 1;
    try {
      const r = await fetch(`${this.base()}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(8000),
      });
      const text = await r.text();
      if (r.status >= 500) this.failures += 1;
      return { status: r.status, body: text ? JSON.parse(text) : {} };
    } catch {
      this.failures += 1;
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

  async reportOne(): Promise<void> {
    const key = randomUUID();
    this.sent.add(key);
    const body = {
      source: 'grid_patrol',
      title: `fault ${key}`,
      keyArea: 'grassroots_organisation',
      category: this.category,
      address: '宝塔桥街道 5号楼',
      gridId: GRID_ID,
      gridPath: GRID,
    };
    const r = await this.withRetry(`report ${key}`, () => this.call('POST', '/api/v1/incidents', this.tokens.worker, body, { 'idempotency-key': key }), (x) => x.status === 201 || x.status === 200);
    if (!r) return;
    const id = String(r.body.id);
    this.acked.set(key, id);
    this.lastAckAt = Date.now();
    // Every other report goes on: register, then dispatch to the organisation group.
    if (this.acked.size % 2 === 0) return;
    if (!(await this.transition(id, 'register', {}, ['registered', 'dispatched', 'accepted']))) return;
    if (await this.transition(id, 'dispatch', { unit: 'organisation' }, ['dispatched', 'accepted'])) this.dispatched.add(id);
  }

  /** A transition retried like a report; a 409 whose current state is already past it counts as done. */
  private async transition(id: string, action: string, body: Record<string, unknown>, doneStates: string[]): Promise<boolean> {
    const r = await this.withRetry(
      `${action} ${id}`,
      () => this.call('POST', `/api/v1/incidents/${id}/${action}`, this.tokens.commander, body),
      (x) => x.status === 200 || x.status === 201 || (x.status === 409 && doneStates.includes(String(x.body.details?.currentState))),
    );
    return !!r;
  }

  category = 'party_building';

  async phone(pauseMs: number): Promise<void> {
    while (this.running) {
      await this.reportOne();
      await sleep(pauseMs);
    }
  }
}

describe('faults: kill -9, NATS and Postgres restarts under steady traffic', () => {
  let suite: ProcessSuite;
  let driver: Driver;
  const table: { fault: string; outageMs: number; recoveryMs: number; requests: number; failed: number; acked: number }[] = [];

  beforeAll(async () => {
    suite = await ProcessSuite.start(['office', 'grid-registry', 'appraisal'], { OFFICE_SWEEP_INTERVAL_MS: '0' });
  }, 180_000);
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

  /** Until a read that crosses gateway → NATS → office → Postgres succeeds. */
  const probe = async (token: string): Promise<number> => {
    const t0 = Date.now();
    await eventually(async () => {
      const r = await driver.call('GET', '/api/v1/incidents?limit=1', token);
      if (r.status !== 200) throw new Error(`probe ${r.status}`);
    }, 60_000, 100);
    return Date.now() - t0;
  };

  it('loses nothing, doubles nothing, and recovers by itself', async () => {
    const tokens = { worker: await login('worker'), commander: await login('commander') };
    // A valid category of the key area, whatever the seed names it.
    const cats = await suite.query<{ code: string }>(`SELECT code FROM office.categories WHERE key_area = 'grassroots_organisation' ORDER BY code LIMIT 1`);
    driver = new Driver(() => suite.gatewayUrl, tokens);
    if (cats[0]) driver.category = cats[0].code;

    const phones = [0, 1, 2, 3].map(() => driver.phone(60));
    await sleep(3000);

    const office = suite.app('office');
    const gateway = suite.app('gateway');
    const appraisal = suite.app('appraisal');
    const faults: { name: string; inject: () => Promise<void> }[] = [
      { name: 'kill -9 office, start again', inject: async () => (await office.kill('SIGKILL'), await office.start()) },
      { name: 'kill -9 gateway, start again', inject: async () => (await gateway.kill('SIGKILL'), await gateway.start()) },
      { name: 'kill -9 appraisal (consumer), start again', inject: async () => (await appraisal.kill('SIGKILL'), await appraisal.start()) },
      { name: 'nats-server stop 2 s, start again', inject: async () => (await suite.nats.stop(), await sleep(2000), await suite.nats.start()) },
      { name: 'nats-server kill -9, start again', inject: async () => (await suite.nats.stop('SIGKILL'), await suite.nats.start()) },
      {
        name: 'appraisal stalled 10 s (SIGSTOP, SIGCONT)',
        inject: async () => {
          process.kill(appraisal.pid!, 'SIGSTOP');
          await sleep(10_000);
          process.kill(appraisal.pid!, 'SIGCONT');
        },
      },
      { name: 'SIGTERM office (graceful), start again', inject: async () => (await office.stop(), await office.start()) },
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
    ];
    for (const f of faults) {
      const req0 = driver.requests;
      const fail0 = driver.failures;
      const ack0 = driver.acked.size;
      const t0 = Date.now();
      await f.inject();
      const outageMs = Date.now() - t0;
      const recoveryMs = await probe(tokens.commander);
      await sleep(3000); // steady traffic after recovery
      table.push({ fault: f.name, outageMs, recoveryMs, requests: driver.requests - req0, failed: driver.failures - fail0, acked: driver.acked.size - ack0 });
    }
    driver.running = false;
    await Promise.all(phones);

    // Every acknowledged report exists exactly once; nothing is stored twice (even unacknowledged).
    const rows = await suite.query<{ title: string; id: string; n: number }>(
      `SELECT title, min(id::text) AS id, count(*)::int AS n FROM office.incidents WHERE title LIKE 'fault %' GROUP BY title`,
    );
    const stored = new Map(rows.map((r) => [r.title.slice('fault '.length), r]));
    const lost = [...driver.acked.entries()].filter(([key, id]) => stored.get(key)?.id !== id);
    const duplicated = rows.filter((r) => r.n > 1);

    // Consumers: every office and registry event applied once by appraisal; every organisation dispatch one task, accepted back.
    const converged = await eventually(
      async () => {
        const [pending] = await suite.query<{ office: number; registry: number }>(
          `SELECT (SELECT count(*) FROM office.outbox WHERE published_at IS NULL)::int AS office,
                  (SELECT count(*) FROM registry.outbox WHERE published_at IS NULL)::int AS registry`,
        );
        expect(pending).toEqual({ office: 0, registry: 0 });
        const [c] = await suite.query<{ outbox: number; inbox: number; reportedFacts: number; incidents: number }>(
          // appraisal takes every office and registry event (registry.> since the meetings of 三会一评 feed it)
          `SELECT ((SELECT count(*) FROM office.outbox) + (SELECT count(*) FROM registry.outbox))::int AS outbox,
                  (SELECT count(*) FROM appraisal.inbox WHERE consumer = 'appraisal')::int AS inbox,
                  (SELECT count(*) FROM appraisal.indicator_facts WHERE event_type = 'office.incident.reported' AND indicator = 'incidents_reported')::int AS "reportedFacts",
                  (SELECT count(*) FROM office.incidents WHERE state <> 'duplicate')::int AS incidents`,
        );
        expect(c.inbox).toBe(c.outbox);
        expect(c.reportedFacts).toBe(c.incidents);
        const byType = await suite.query<{ type: string; emitted: number; applied: number }>(
          `SELECT o.type, count(*)::int AS emitted,
                  (SELECT count(DISTINCT f.event_id) FROM appraisal.indicator_facts f WHERE f.event_type = o.type)::int AS applied
             FROM office.outbox o WHERE o.type IN ('office.incident.reported','office.incident.registered','office.incident.dispatched','office.incident.accepted')
            GROUP BY o.type`,
        );
        for (const t of byType) expect({ type: t.type, applied: t.applied }).toEqual({ type: t.type, applied: t.emitted });
        const tasks = await suite.query<{ incident_id: string; n: number; state: string }>(
          `SELECT t.incident_id::text, count(*)::int AS n, min(i.state) AS state
             FROM registry.organisation_tasks t JOIN office.incidents i ON i.id = t.incident_id GROUP BY t.incident_id`,
        );
        const byIncident = new Map(tasks.map((t) => [t.incident_id, t]));
        for (const id of driver.dispatched) {
          expect({ id, tasks: byIncident.get(id)?.n ?? 0, state: byIncident.get(id)?.state }).toEqual({ id, tasks: 1, state: 'accepted' });
        }
        return { ...c, tasks: tasks.length };
      },
      90_000,
      500,
    );

    // The poison is parked, once per message, by the consumer that got it; no real event is among the dead letters.
    const nc = await suite.connectNats();
    const dead = await eventually(async () => {
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
    // The office's counters equal a recount of its ledger.
    const kept = await suite.query(`SELECT day::text, grid_path::text, key_area, found, registered, handled, closed FROM office.stats_daily ORDER BY 1,2,3`);
    const recount = await suite.query(
      `SELECT day::text, grid_path::text, key_area, found, registered, handled, closed FROM (${new StatsRepository(undefined as never).recountSql()}) r ORDER BY 1,2,3`,
    );

    const summary = {
      faults: table.length,
      requests: driver.requests,
      sent: driver.sent.size,
      acknowledged: driver.acked.size,
      lost: lost.length,
      duplicated: duplicated.length,
      gaveUp: driver.gaveUp.length,
      dispatched: driver.dispatched.size,
      appraisalEvents: converged.inbox,
      organisationTasks: converged.tasks,
    };
    const lines = [
      '',
      'fault                                        outage ms  recovery ms  requests  retried  acked',
      ...table.map((t) => `${t.fault.padEnd(44)} ${String(t.outageMs).padStart(9)}  ${String(t.recoveryMs).padStart(11)}  ${String(t.requests).padStart(8)}  ${String(t.failed).padStart(7)}  ${String(t.acked).padStart(5)}`),
      '',
      `faults injected ${summary.faults} | requests sent ${summary.requests} (retried ${driver.failures}) | reports ${summary.sent} | acknowledged ${summary.acknowledged} | lost ${summary.lost} | duplicated ${summary.duplicated} | gave up ${summary.gaveUp}`,
      `dispatched to 基层组织建设组 ${summary.dispatched} | organisation tasks ${summary.organisationTasks} | events applied by appraisal ${summary.appraisalEvents}`,
      `dead letters ${dead.length}: ${POISON.length} poison messages parked ${dead.length - realDeadLetters.length} times (once by each consumer that got one), real events ${realDeadLetters.length}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);

    expect(realDeadLetters.map((d) => `${d.consumer} ${d.subject} ${d.code} ${d.reason}`)).toEqual([]);
    expect(driver.unexpected).toEqual([]);
    expect(lost).toEqual([]);
    expect(duplicated).toEqual([]);
    expect(driver.gaveUp).toEqual([]);
    expect(stuck).toEqual([]);
    expect(kept).toEqual(recount);
    expect(driver.acked.size).toBeGreaterThan(50);
  });
});
