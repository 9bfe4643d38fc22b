// Live-feed load, its own process: opens N SSE subscribers on GET /api/v1/events/stream, then
// reports incidents one at a time and measures, for each report, the time from its 201 to its
// arrival at each subscriber (the event carries the incident id). `node bench/load/sse.mjs cfg.json`
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';

const cfg = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const base = new URL(cfg.url);
const now = () => Number(process.hrtime.bigint()) / 1e6;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
function pct(xs, p) {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

/** Ids being waited for → arrival time per subscriber index. */
const waiting = new Map();
const subs = [];

function openSubscriber(i) {
  return new Promise((resolve) => {
    const req = request(
      { host: base.hostname, port: base.port, path: '/api/v1/events/stream', method: 'GET', agent: false, headers: { authorization: `Bearer ${cfg.token}`, accept: 'text/event-stream' } },
      (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          return resolve(false);
        }
        res.setEncoding('utf8');
        let tail = '';
        let ready = false;
        res.on('data', (chunk) => {
          const t = now();
          if (!ready) {
            ready = true;
            resolve(true);
          }
          // Only the incident ids we wait for matter: a substring search, no JSON parse per frame.
          const text = tail + chunk;
          for (const [id, arrivals] of waiting) if (arrivals[i] === undefined && text.includes(id)) arrivals[i] = t;
          tail = text.slice(-64);
        });
        res.on('error', () => undefined);
      },
    );
    req.on('error', () => resolve(false));
    req.end();
    subs.push(req);
  });
}

const agent = new Agent({ keepAlive: true, maxSockets: 1 });
function report(body) {
  return new Promise((resolve) => {
    const data = JSON.stringify(body);
    const req = request(
      { host: base.hostname, port: base.port, path: '/api/v1/incidents', method: 'POST', agent, headers: { authorization: `Bearer ${cfg.token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const at = now();
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            resolve({ status: res.statusCode, id: JSON.parse(text).id, at, error: res.statusCode === 201 ? undefined : text.slice(0, 300) });
          } catch {
            resolve({ status: res.statusCode, id: null, at, error: text.slice(0, 300) });
          }
        });
      },
    );
    req.on('error', (e) => resolve({ status: 0, id: null, at: now(), error: e.message }));
    req.end(data);
  });
}

const t0 = now();
let connected = 0;
for (let i = 0; i < cfg.subscribers; i += 100) {
  const wave = [];
  for (let j = i; j < Math.min(cfg.subscribers, i + 100); j++) wave.push(openSubscriber(j));
  connected += (await Promise.all(wave)).filter(Boolean).length;
}
const connectMs = now() - t0;

// The 201 and the event race: arrivals are recorded by id as soon as the id is known from the
// body... which is after the 201. So ids are registered from a pre-registered token instead: each
// report's title carries a unique marker the event also carries.
const results = [];
for (let r = 0; r < cfg.reports; r++) {
  const marker = `bench-${process.pid}-${r}-${Math.random().toString(36).slice(2, 8)}`;
  const arrivals = new Array(connected);
  waiting.set(marker, arrivals);
  const body = { ...cfg.bodies[r % cfg.bodies.length], title: `实时动态 ${marker}` };
  const res = await report(body);
  const until = now() + (cfg.waitMs ?? 10_000);
  while (now() < until && arrivals.filter((x) => x !== undefined).length < connected) await sleep(5);
  waiting.delete(marker);
  const got = arrivals.filter((x) => x !== undefined);
  results.push({ status: res.status, error: res.error, lat: got.map((a) => Math.max(0, a - res.at)), lost: connected - got.length });
  await sleep(cfg.intervalMs ?? 200);
}
for (const s of subs) s.destroy();
agent.destroy();

const all = results.flatMap((x) => x.lat);
const toEvery = results.filter((x) => x.lat.length).map((x) => Math.max(...x.lat));
process.stdout.write(
  `${JSON.stringify({
    subscribers: cfg.subscribers,
    connected,
    connectMs,
    reports: results.length,
    reportErrors: results.filter((x) => x.status !== 201).length,
    reportErrorStatuses: results.filter((x) => x.status !== 201).map((x) => `${x.status} ${x.error ?? ''}`),
    // Reports answered 201 whose event did not reach every subscriber within the wait.
    lostAfter201: results.filter((x) => x.status === 201).reduce((a, x) => a + x.lost, 0),
    deliveries: all.length,
    lost: results.reduce((a, x) => a + x.lost, 0),
    p50: pct(all, 50),
    p99: pct(all, 99),
    toEveryP50: pct(toEvery, 50),
    toEveryP99: pct(toEvery, 99),
    max: all.length ? Math.max(...all) : null,
  })}\n`,
);
process.exit(0);
