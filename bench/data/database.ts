import { Client } from 'pg';
import { dataScale, DB_URL } from '../lib/config';

/** The kept database's build record when it was built at this scale, else null. */
export async function reusableData(): Promise<Record<string, unknown> | null> {
  const c = new Client({ connectionString: DB_URL });
  try {
    await c.connect();
  } catch {
    return null;
  }
  try {
    const { rows } = await c.query(`SELECT scale, meta FROM public.bench_meta`);
    // Field by field: jsonb does not keep the key order JSON.stringify wrote.
    const want = dataScale();
    return rows.find((r) => (Object.keys(want) as (keyof typeof want)[]).every((k) => r.scale?.[k] === want[k]))?.meta ?? null;
  } catch {
    return null;
  } finally {
    await c.end();
  }
}

/** The same server's `postgres` database, to create and drop others from. */
const adminUrl = (url: string) => url.replace(/\/[^/]+$/, '/postgres');
const nameOf = (url: string) => new URL(url).pathname.slice(1);

/**
 * Drops and creates a scratch database with the extensions the services need (PostGIS, ltree,
 * pgcrypto). Refuses a database whose name does not contain "bench". Default: the benchmark's own.
 */
export async function recreateDatabase(url: string = DB_URL): Promise<void> {
  const name = nameOf(url);
  if (!/bench/.test(name)) throw new Error(`Refusing to use database "${name}": its name must contain "bench"`);
  await dropDatabase(url);
  const admin = new Client({ connectionString: adminUrl(url) });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const db = new Client({ connectionString: url });
  await db.connect();
  for (const ext of ['postgis', 'ltree', 'pgcrypto']) await db.query(`CREATE EXTENSION IF NOT EXISTS ${ext}`);
  await db.end();
}

export async function dropDatabase(url: string = DB_URL): Promise<void> {
  const admin = new Client({ connectionString: adminUrl(url) });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${nameOf(url)} WITH (FORCE)`);
  await admin.end();
}
