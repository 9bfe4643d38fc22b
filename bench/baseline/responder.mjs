// Baseline chain, service: a bare NATS responder (queue group) that inserts one row with pg
// (a pool of 10, like a TypeORM service) and replies with the new id.
import pg from 'pg';
import { connect } from 'nats';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
await pool.query(`CREATE TABLE IF NOT EXISTS bench_baseline (
  id bigserial PRIMARY KEY, title text NOT NULL, body jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`);
const nc = await connect({ servers: process.env.NATS_URL, noAsyncTraces: true, maxReconnectAttempts: -1 });
const sub = nc.subscribe('bench.baseline.insert', { queue: 'baseline' });
process.stdout.write('ready\n');
for await (const m of sub) {
  let body;
  try {
    body = JSON.parse(Buffer.from(m.data).toString('utf8'));
  } catch {
    body = {};
  }
  pool.query('INSERT INTO bench_baseline (title, body) VALUES ($1, $2) RETURNING id', [String(body.title ?? ''), body]).then(
    (r) => m.respond(Buffer.from(JSON.stringify({ id: r.rows[0].id }))),
    (e) => m.respond(Buffer.from(JSON.stringify({ error: e.message }))),
  );
}
