import { Client } from 'pg';
import { dataScale, DB_NAME, DB_URL, withDb } from '../lib/config';

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

export async function recreateDatabase(): Promise<void> {
  if (!/bench/.test(DB_NAME)) throw new Error(`Refusing to use database "${DB_NAME}": its name must contain "bench"`);
  const admin = new Client({ connectionString: withDb('postgres') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DB_NAME}`);
  await admin.end();
  const db = new Client({ connectionString: DB_URL });
  await db.connect();
  for (const ext of ['postgis', 'ltree', 'pgcrypto']) await db.query(`CREATE EXTENSION IF NOT EXISTS ${ext}`);
  await db.end();
}

export async function dropDatabase(): Promise<void> {
  const admin = new Client({ connectionString: withDb('postgres') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
  await admin.end();
}
