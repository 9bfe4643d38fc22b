import { createHash } from 'node:crypto';
import { RUN_ID, small, SCALE } from '../lib/config';
import { CannonResult, load, runs, SeqResult } from '../lib/load';
import { consumerLag } from '../lib/probes';
import { add, details } from '../lib/report';
import { figure, percentile, round } from '../lib/stats';
import { profileWindow } from './profiles';
import { BenchRun } from './run-context';
import { Workload } from './workload';

/** 2b. Open311 (issue 27): POST and GET requests through a platform's key, and one key at a fixed rate. */
export async function measureOpen311(run: BenchRun, w: Workload): Promise<void> {
  const { db, gatewayUrl, nats, intakeTp, baseline } = run;
  const { bodies } = w;
  const key = `bench-platform-key-${RUN_ID}`;
  const { rows: [root] } = await db.query<{ city: string }>(`SELECT subpath(path, 0, 1)::text AS city FROM registry.grids WHERE level = 'building_cluster' LIMIT 1`);
  const oneKey = `bench-district-key-${RUN_ID}`;
  // As the gateway stores keys (sha256, apps/gateway/src/account/account.repository.ts).
  const hashApiKey = (k: string) => createHash('sha256').update(k).digest('hex');
  await db.query(`INSERT INTO identity.api_keys (name, key_hash, scope) VALUES ('压测区级平台', $1, $3), ('压测区级平台（持续）', $2, $3)`, [hashApiKey(key), hashApiKey(oneKey), root.city]);
  // FixMyStreet's POST: form-encoded, the service code and the point (no grid: the office locates it).
  const forms = bodies.map((x) => ({ api_key: key, service_code: x.category, lat: String(x.location.lat), long: String(x.location.lng), description: x.description, address_string: x.title }));
  const form = { 'content-type': 'application/x-www-form-urlencoded' };
  const b = baseline;
  const ratios = (v: number) => `${intakeTp ? `${round(v / intakeTp, 2)} × intake` : 'intake not measured'}${b ? `; ${round(v / b.throughput, 3)} × the bare chain` : ''}`;
  const postWindow = profileWindow('Open311 POST');
  const post = await runs(SCALE.runs, (i) => load<CannonResult>('cannon.mjs', { url: `${gatewayUrl}/open311/v2/requests.json`, method: 'POST', headers: form, form: true, bodies: forms, connections: 50, duration: SCALE.durationS, seed: 300 + i }));
  postWindow.end(post.reduce((a, r) => a + r.total, 0));
  details.open311Post = post;
  const postTp = figure(post.map((r) => r.throughput), 'req/s');
  add({ section: 'Open311', label: 'POST requests (form-encoded, one key), 50 connections', value: postTp, ratio: b ? round(postTp.median / b.throughput, 3) : null, goal: '≥ 0.9 × intake (an intake plus its wire format)', met: intakeTp ? postTp.median >= 0.9 * intakeTp : null, note: `${ratios(postTp.median)}; statuses ${JSON.stringify(post.map((r) => r.codes))}` });
  add({ section: 'Open311', label: 'POST requests p99', value: figure(post.map((r) => r.p99), 'ms') });
  // A page of 50 (issue 27: p99 < 50 ms for a page of 50), newest first over the last 90 days.
  const list = `/open311/v2/requests.json?api_key=${key}&page_size=50`;
  const get = await runs(SCALE.runs, (i) => load<CannonResult>('cannon.mjs', { url: `${gatewayUrl}${list}`, connections: 50, duration: SCALE.durationS, seed: 400 + i }));
  details.open311Get = get;
  const getTp = figure(get.map((r) => r.throughput), 'req/s');
  add({ section: 'Open311', label: 'GET requests (newest page of 50, one key), 50 connections', value: getTp, ratio: b ? round(getTp.median / b.throughput, 3) : null, note: `${ratios(getTp.median)}; errors ${get.reduce((a, r) => a + r.errors, 0)}` });
  const seq = await runs(SCALE.runs, () => load<SeqResult>('cannon.mjs', { mode: 'seq', url: `${gatewayUrl}${list}`, n: SCALE.seqN }));
  const seqP99 = figure(seq.map((r) => r.p99), 'ms');
  add({ section: 'Open311', label: 'GET requests (page of 50), one client, p99', value: seqP99, goal: '< 50 ms', met: seqP99.median < 50, note: `p50 ${percentile(seq.map((r) => r.p50), 50)} ms` });
  // One district platform's key at a fixed rate for a minute: the default limits must let it through.
  const sustained = await load<CannonResult>('cannon.mjs', { url: `${gatewayUrl}/open311/v2/requests.json`, method: 'POST', headers: form, form: true, bodies: forms.map((f) => ({ ...f, api_key: oneKey })), connections: 20, overallRate: SCALE.keyRate, duration: SCALE.keyDurationS, seed: 500 });
  details.open311OneKey = sustained;
  const limited = sustained.codes?.['429'] ?? 0;
  add({ section: 'Open311', label: `one key at ${SCALE.keyRate} reports/s for ${SCALE.keyDurationS} s: answered 429`, value: figure([limited], 'requests'), goal: '0', met: limited === 0, note: `${sustained.total} requests, ${round(sustained.throughput, 1)} req/s achieved; statuses ${JSON.stringify(sustained.codes)}` });
  const lag = await consumerLag(nats.url, small ? 60_000 : 180_000);
  details.open311ConsumerLag = lag;
  add({ section: 'Open311', label: `consumer lag after ${SCALE.keyDurationS} s at ${SCALE.keyRate}/s: every consumer has applied every event`, value: figure([lag.ms], 'ms'), goal: '< 5 s', met: lag.drained && lag.ms < 5000, note: lag.drained ? `${lag.consumers} durables` : `still pending: ${JSON.stringify(lag.pending)}` });
}
