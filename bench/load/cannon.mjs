// Load generator, run as its own process so it never shares a CPU queue with the suite's
// event loops: `node bench/load/cannon.mjs <config.json>` prints one JSON result line.
//   mode "cannon": autocannon with N connections for D seconds; each request takes a random body
//                  (bodies[]) and/or path (paths[]), so intake reports land all over the city.
//                  `overallRate` holds the rate (requests/s over all connections); `form` sends
//                  the bodies form-encoded.
//   mode "seq":    one keep-alive connection, requests one after another (pure latency), n times
//                  or until maxMs has passed (at least 3).
import autocannon from 'autocannon';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';

const cfg = JSON.parse(readFileSync(process.argv[2], 'utf8'));
let seed = cfg.seed ?? 122;
const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
// JSON bodies, or form-encoded ones (`form: true`: Open311 as FixMyStreet sends it).
const encode = (body) => (cfg.form ? new URLSearchParams(body).toString() : JSON.stringify(body));

function pct(xs, p) {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

async function cannon() {
  const url = new URL(cfg.url);
  const result = await autocannon({
    url: url.origin,
    connections: cfg.connections,
    duration: cfg.duration,
    timeout: 10,
    // A fixed rate over all connections (a platform forwarding N reports a second), else as fast as they go.
    ...(cfg.overallRate ? { overallRate: cfg.overallRate } : {}),
    requests: [
      {
        method: cfg.method ?? 'GET',
        headers: cfg.headers ?? {},
        setupRequest: (req) => ({
          ...req,
          path: cfg.paths ? pick(cfg.paths) : url.pathname + url.search,
          ...(cfg.bodies ? { body: encode(pick(cfg.bodies)) } : {}),
        }),
      },
    ],
  });
  const statuses = {};
  for (const k of ['1xx', '2xx', '3xx', '4xx', '5xx']) statuses[k] = result[k];
  const codes = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, v]) => [code, v.count]));
  return {
    throughput: result.requests.average,
    total: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    mean: result.latency.average,
    max: result.latency.max,
    errors: result.errors + result.timeouts + result.non2xx,
    non2xx: result.non2xx,
    timeouts: result.timeouts,
    statuses,
    codes,
  };
}

async function seq() {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const url = new URL(cfg.url);
  const one = (path) =>
    new Promise((res) => {
      const s = process.hrtime.bigint();
      const body = cfg.bodies ? encode(pick(cfg.bodies)) : undefined;
      const req = request(
        { host: url.hostname, port: url.port, path, method: cfg.method ?? 'GET', agent, headers: { ...(cfg.headers ?? {}), ...(body ? { 'content-length': Buffer.byteLength(body) } : {}) } },
        (r) => {
          r.resume();
          r.on('end', () => res({ ms: Number(process.hrtime.bigint() - s) / 1e6, status: r.statusCode }));
        },
      );
      req.on('error', () => res({ ms: Number(process.hrtime.bigint() - s) / 1e6, status: 0 }));
      if (body) req.write(body);
      req.end();
    });
  const paths = cfg.paths ?? [url.pathname + url.search];
  for (let i = 0; i < (cfg.warmup ?? 5); i++) await one(paths[i % paths.length]);
  const xs = [];
  let errors = 0;
  const statuses = {};
  const started = Date.now();
  // A time budget as well as a count: a slow query (seconds) must not stall the whole benchmark.
  const until = Date.now() + (cfg.maxMs ?? 60_000);
  for (let i = 0; i < cfg.n && (i < 3 || Date.now() < until); i++) {
    const r = await one(cfg.random ? pick(paths) : paths[i % paths.length]);
    xs.push(r.ms);
    statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    if (r.status < 200 || r.status >= 300) errors++;
  }
  agent.destroy();
  return { n: xs.length, p50: pct(xs, 50), p99: pct(xs, 99), mean: xs.reduce((a, b) => a + b, 0) / xs.length, max: Math.max(...xs), errors, statuses, throughput: (xs.length * 1000) / (Date.now() - started) };
}

const out = cfg.mode === 'seq' ? await seq() : await cannon();
process.stdout.write(`${JSON.stringify(out)}\n`);
