import { APPS, PASSWORD, PROFILE, SCALE } from '../lib/config';
import { BenchProcess, httpGetJson, rssMiB, sleep } from '../lib/procs';
import { add, details } from '../lib/report';
import { figure, percentile } from '../lib/stats';
import { profileFlags } from './profiles';
import { BenchRun, waitFor } from './run-context';

/** Spawns the apps (BENCH_CPU_PROF: with CPU profiles) and waits until GET /health says every service is up; the time it took. */
export async function startSuite(run: BenchRun): Promise<number> {
  const { mode, baseEnv, ports, suite, gatewayUrl } = run;
  const t = Date.now();
  for (const app of APPS) {
    const prof = PROFILE ? profileFlags(app) : [];
    const p = BenchProcess.app(app, mode, { ...baseEnv, PORT: String(ports[app]) }, prof);
    suite.set(app, p);
    p.start(['serve']);
  }
  return waitFor(
    'the suite (/health up)',
    async () => {
      for (const [app, p] of suite) if (!p.running) throw new Error(`${app} exited during start:\n${p.tail()}`);
      const h = await httpGetJson(`${gatewayUrl}/health`, 1000);
      return h.status === 200 && (h.body as { status?: string })?.status === 'up';
    },
    // The start-up figure has its own goal (< 20 s); this only gives up. Under a load average of
    // 25–29 on two cores the nine apps took over 120 s to be healthy, and the whole run was lost.
    300_000,
  ).then(() => Date.now() - t);
}

/** SIGTERM all at once: each app drains its NATS connection (services first is not needed). */
export async function stopSuite(run: BenchRun): Promise<void> {
  await Promise.all([...run.suite.values()].map((p) => p.stop()));
}

/** 6. Start-up: the suite started (and stopped, but the last) SCALE.startupRuns times. */
export async function measureStartup(run: BenchRun): Promise<void> {
  const times: number[] = [];
  for (let i = 0; i < SCALE.startupRuns; i++) {
    times.push(await startSuite(run));
    if (i < SCALE.startupRuns - 1) await stopSuite(run);
  }
  add({ section: 'Memory and start-up', label: `suite healthy after start (from ${run.mode})`, value: figure(times.map((x) => x / 1000), 's'), goal: '< 20 s', met: percentile(times, 50) < 20_000 });
}

/** Each app's RSS once the suite has idled 3 s (MiB). */
export async function idleMemory(run: BenchRun): Promise<Record<string, number>> {
  if (![...run.suite.values()].every((p) => p.running)) throw new Error('the suite is not running; nothing more to measure');
  await sleep(3000);
  const idle = rssOf(run);
  details.rssIdle = idle;
  return idle;
}

/** Logs the bench's admin in: the run's token and authorization header. */
export async function login(run: BenchRun): Promise<void> {
  const login = await fetch(`${run.gatewayUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench-admin', password: PASSWORD }) });
  if (login.status !== 200) throw new Error(`login: ${login.status} ${await login.text()}`);
  run.token = ((await login.json()) as { accessToken: string }).accessToken;
  run.auth = { authorization: `Bearer ${run.token}` };
}

/** Each app's resident set now (MiB). */
export function rssOf(run: BenchRun): Record<string, number> {
  return Object.fromEntries([...run.suite].map(([app, p]) => [app, rssMiB(p.pid)]));
}
