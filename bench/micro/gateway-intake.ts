// The gateway's own CPU per intake report, in process (issue 27 item 2; docs/performance.md section 20):
// the real gateway (createGateway: Nest on Fastify, its hooks, guard, pipe, interceptor, route
// table, RpcClient) driven by Fastify's `inject` with POST /api/v1/incidents, the RPC answered by
// a stub office (and identity, for the token's actor) on a private nats-server; Postgres only for
// what the gateway opens at boot. CPU is the gateway process's own (process.cpuUsage: every thread,
// the stub and nats-server excluded), µs per report.
//
// A/B in the same run: each variant is its own gateway process from a source tree (A and B, both
// up at once), and the rounds alternate A, B, A, B… so the machine's load falls on both alike;
// the median of the rounds is printed with the load average. A variant may also differ only by
// environment (`--b-env KEY=VALUE`).
//   node --require ./scripts/swc-register.js bench/micro/gateway-intake.ts [--a DIR] [--b DIR] [--a-env K=V] [--b-env K=V] [--rounds 9] [--n 2000] [--concurrency 8]
// BENCH_CPU_PROF=<dir>: each gateway writes a V8 CPU profile there (gateway-A.cpuprofile, …) and the
// measured rounds' span on the profile's clock (gateway-A.window.json: [start, end] µs).
// DIR: a checkout of the project (a `git worktree add` of another commit, node_modules linked);
// default: this one. Needs TEST_DATABASE_URL's server and NATS_SERVER_BIN (as the e2e specs).
import { ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';

interface Args { a: string; b: string; aEnv: Record<string, string>; bEnv: Record<string, string>; rounds: number; n: number; concurrency: number }

function parseArgs(argv: string[]): Args {
  const here = resolve(__dirname, '../..');
  const out: Args = { a: here, b: here, aEnv: {}, bEnv: {}, rounds: 9, n: 2000, concurrency: 8 };
  for (let i = 0; i < argv.length; i += 2) {
    const [k, v] = [argv[i], argv[i + 1]];
    if (k === '--a' || k === '--b') out[k.slice(2) as 'a' | 'b'] = resolve(v);
    else if (k === '--a-env' || k === '--b-env') {
      const eq = v.indexOf('=');
      (k === '--a-env' ? out.aEnv : out.bEnv)[v.slice(0, eq)] = v.slice(eq + 1);
    } else if (k === '--rounds' || k === '--n' || k === '--concurrency') out[k.slice(2) as 'rounds' | 'n' | 'concurrency'] = Number(v);
    else throw new Error(`unknown argument ${k}`);
  }
  return out;
}

/** The office's answer to a report: an incident view of the shape and size the office sends (~2 KB). */
function incidentView(request: Record<string, unknown>): Record<string, unknown> {
  const now = new Date().toISOString();
  return {
    id: randomUUID(), code: 'BTQ-20261208-0001', title: request.title, description: request.description ?? null, keyArea: request.keyArea,
    keyAreaLabel: { zh: '违法经营', en: 'Illegal business' }, category: request.category, categoryName: '占道经营', state: 'registered',
    stateLabel: { zh: '已登记', en: 'Registered' }, source: request.source, sourceRef: request.sourceRef ?? null, gridId: randomUUID(),
    gridPath: 'nj.gulou.btq.c01.g2_01.g3_01', location: request.location ?? null, address: null, photos: [], reporter: null, priority: 0,
    duplicateOfId: null, duplicateCount: 0, unit: null, departmentId: null, leadUnit: null, leadDepartmentId: null, assistUnits: [], assistDepartmentIds: [],
    reworkCount: 0, closureType: null, notResponsibleParty: null, resolutionLevel: null, onTime: null, result: null, resultPhotos: [], completionReply: null,
    districtReply: null, districtDueAt: null, satisfaction: null, satisfactionLabel: null, verificationPhotos: [], diaryId: null, reportedAt: now,
    registeredAt: now, dispatchedAt: null, handledAt: null, verifiedAt: null, closedAt: null, updatedAt: now, version: 1,
    clock: { phase: 'register_dispatch', limit: { value: 30, unit: 'minutes', label: '30分钟' }, startedAt: now, deadline: now, elapsedMinutes: 0, remainingMinutes: 30, overdueMinutes: 0, fractionUsed: 0, overdue: false, light: 'green', lightLabel: { zh: '绿灯', en: 'Green' }, paused: false, closed: false, scale: 'working' },
    history: [{ seq: 1, action: 'report', fromState: null, toState: 'registered', byId: null, byName: '网格员', byRole: 'grid_worker', at: now, note: null }],
  };
}

const BODY = { title: 'illegal_stall 压测上报 #1', keyArea: 'illegal_business', category: 'illegal_stall', source: 'grid_patrol', location: { lng: 118.7781, lat: 32.0667 }, description: '网格员巡查发现' };

// ------------------------------------------------------------------------------------------- child
/** One gateway from `tree`, answering the parent's rounds over IPC. */
async function child(tree: string): Promise<void> {
  const req = (p: string) => require(join(tree, p));
  const { loadGatewayEnv } = req('apps/gateway/src/config/gateway.env');
  const { createGateway } = req('apps/gateway/src/gateway.bootstrap');
  const { JwtService } = req('node_modules/@nestjs/jwt');
  const env = loadGatewayEnv();
  const app = await createGateway(env);
  const fastify = app.getHttpAdapter().getInstance();
  const token = new JwtService({ secret: env.jwtSecret(), signOptions: { algorithm: 'HS256' } }).sign({ sub: process.env.BENCH_ACCOUNT_ID, sid: 'bench-session' });
  const payload = JSON.stringify(BODY);
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  let errors = 0;
  let lastError = '';
  const one = async () => {
    const res = await fastify.inject({ method: 'POST', url: '/api/v1/incidents', headers, payload });
    if (res.statusCode !== 201) (errors++, (lastError = `${res.statusCode} ${res.body.slice(0, 300)}`));
  };
  const run = async (n: number, concurrency: number) => {
    let left = n;
    await Promise.all(Array.from({ length: concurrency }, async () => { while (left-- > 0) await one(); }));
  };
  // The measured rounds' span on the monotonic clock V8 stamps profile samples with (µs): a profile is read over it, not over the boot.
  const span: number[] = [];
  process.on('message', async (m: { n: number; concurrency: number; measured?: boolean; stop?: boolean }) => {
    if (m.stop) {
      if (process.env.BENCH_CPU_PROF && span.length) mkdirSync(process.env.BENCH_CPU_PROF, { recursive: true }), writeFileSync(join(process.env.BENCH_CPU_PROF, `${process.env.BENCH_VARIANT}.window.json`), JSON.stringify([Math.min(...span), Math.max(...span)]));
      await app.close();
      process.exit(0);
    }
    errors = 0;
    const t = process.cpuUsage();
    const wall = process.hrtime.bigint();
    await run(m.n, m.concurrency);
    const d = process.cpuUsage(t);
    if (m.measured) span.push(Number(wall / 1000n), Number(process.hrtime.bigint() / 1000n));
    process.send!({ usPerReq: (d.user + d.system) / m.n, wallMs: Number(process.hrtime.bigint() - wall) / 1e6, errors, lastError });
  });
  // One report first: a gateway that cannot answer 201 says why before any round.
  const first = await fastify.inject({ method: 'POST', url: '/api/v1/incidents', headers, payload });
  process.send!({ ready: first.statusCode === 201, first: `${first.statusCode} ${first.body.slice(0, 300)}` });
}

// ------------------------------------------------------------------------------------------ parent
interface Round { usPerReq: number; wallMs: number; errors: number; lastError: string }

async function parent(args: Args): Promise<void> {
  const here = resolve(__dirname, '../..');
  const req = (p: string) => require(join(here, p));
  const { TestEnv } = req('libs/testing/src');
  const { dataSourceOptions } = req('apps/gateway/src/database/data-source');
  const env = await TestEnv.start();
  await env.migrate(dataSourceOptions());
  const accountId = randomUUID();

  // The stub office and identity: Nest's NATS wire format, `{ pattern, data, id }` → `{ response, isDisposed, id }`.
  const nc = await env.connectNats('bench-stub');
  const enc = new TextEncoder();
  const dec = new TextDecoder();
  const actor = { id: accountId, username: 'worker', displayName: 'worker', role: 'grid_worker', scope: 'nj.gulou.btq.c01.g2_01.g3_01' };
  const answer = (subject: string, reply: (data: Record<string, unknown>) => unknown) =>
    nc.subscribe(subject, {
      callback: (_e: unknown, m: { data: Uint8Array; respond: (b: Uint8Array) => boolean }) => {
        const p = JSON.parse(dec.decode(m.data)) as { data: Record<string, unknown>; id: string };
        m.respond(enc.encode(JSON.stringify({ response: reply(p.data), isDisposed: true, id: p.id })));
      },
    });
  answer('office.incident.report', incidentView);
  answer('identity.auth.actor', () => actor);

  const variants: { name: string; tree: string; extra: Record<string, string>; proc?: ChildProcess; rounds: Round[] }[] = [
    { name: 'A', tree: args.a, extra: args.aEnv, rounds: [] },
    { name: 'B', tree: args.b, extra: args.bEnv, rounds: [] },
  ];
  const gatewayNats = env.appEnv('gateway');
  // A failed run leaves no gateway, nats-server or database behind.
  const cleanUp = async () => {
    // Stopped by asking (a profile, BENCH_CPU_PROF, is written at exit), killed after 30 s.
    await Promise.all(
      variants.map((v) => {
        const p = v.proc;
        if (!p || p.exitCode !== null || !p.connected) return p?.kill();
        const timer = setTimeout(() => p.kill(), 30_000);
        p.send({ stop: true });
        return new Promise((ok) => p.once('exit', () => ok(clearTimeout(timer))));
      }),
    );
    await nc.close().catch(() => undefined);
    await env.stop().catch(() => undefined);
  };
  try {
    await measure();
  } finally {
    await cleanUp();
  }

  async function measure(): Promise<void> {
    for (const v of variants) {
      v.proc = fork(__filename, ['--child', v.tree], {
        execArgv: ['--require', join(v.tree, 'scripts/swc-register.js'), ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`, `--cpu-prof-name=gateway-${v.name}.cpuprofile`] : [])],
        env: { ...process.env, ...gatewayNats, NODE_ENV: 'test', LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'error', BENCH_ACCOUNT_ID: accountId, BENCH_VARIANT: `gateway-${v.name}`, ...v.extra },
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      await new Promise<void>((ok, fail) => {
        v.proc!.once('message', (m: { ready: boolean; first: string }) => (m.ready ? ok() : fail(new Error(`gateway ${v.name}: the first report answered ${m.first}`))));
        v.proc!.once('exit', (code) => fail(new Error(`gateway ${v.name} exited (${code}) before it was ready`)));
      });
    }
    const ask = (v: (typeof variants)[number], n: number, measured = true) =>
      new Promise<Round>((ok) => {
        v.proc!.once('message', (m) => ok(m as Round));
        v.proc!.send({ n, concurrency: args.concurrency, measured });
      });

    const load = [loadavg()[0]];
    // Warm-up: the first requests compile what they run.
    for (const v of variants) for (let i = 0; i < 2; i++) await ask(v, args.n, false);
    for (let r = 0; r < args.rounds; r++) {
      for (const v of r % 2 ? [...variants].reverse() : variants) {
        const round = await ask(v, args.n);
        if (round.errors) throw new Error(`gateway ${v.name}: ${round.errors} of ${args.n} not 201, e.g. ${round.lastError}`);
        v.rounds.push(round);
      }
      load.push(loadavg()[0]);
    }
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
    console.log(`gateway CPU per POST /api/v1/incidents (inject, ${args.concurrency} in flight, ${args.rounds} alternating rounds of ${args.n}, stub office on NATS), load average ${Math.min(...load).toFixed(1)}–${Math.max(...load).toFixed(1)}:`);
    for (const v of variants) {
      const us = v.rounds.map((x) => x.usPerReq);
      const extra = Object.entries(v.extra).map(([k, x]) => `${k}=${x}`).join(' ');
      console.log(`  ${v.name} (${v.tree}${extra ? ` ${extra}` : ''}): median ${median(us).toFixed(1)} µs CPU a report (rounds ${us.map((x) => x.toFixed(0)).join(', ')}); ${(1000 * args.n / median(v.rounds.map((x) => x.wallMs))).toFixed(0)} reports/s`);
    }
    const [a, b] = variants.map((v) => median(v.rounds.map((x) => x.usPerReq)));
    console.log(`  B − A: ${(b - a).toFixed(1)} µs (${(((b - a) / a) * 100).toFixed(1)} %)`);
  }
}

const argv = process.argv.slice(2);
(argv[0] === '--child' ? child(argv[1]) : parent(parseArgs(argv))).catch((e) => {
  console.error(e);
  process.exit(1);
});
