import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** Where tests may create databases: from TEST_DATABASE_URL, else the local server. */
export function testServerUrl(): string {
  return process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/grid122_test';
}

export const TEMPLATE_DB = 'grid122_test_tpl';

/** Refuses to touch any database whose name lacks `test` (the test database guard). */
export function assertTestDatabase(url: string): void {
  const name = new URL(url).pathname.replace(/^\//, '');
  if (!/test/i.test(name)) {
    throw new Error(`Refusing to run tests against database "${name}": its name must contain "test".`);
  }
}

export function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

export async function adminQuery<T = unknown>(sql: string): Promise<T[]> {
  const client = new Client({ connectionString: withDatabase(testServerUrl(), 'postgres') });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Creates the template every test database is cloned from: extensions only, no schemas. */
export async function createTemplateDatabase(): Promise<void> {
  // Kept between runs (it holds only extensions), so concurrent test runs never drop it under
  // each other; a half-made one (no ltree) is rebuilt.
  const exists = await adminQuery<{ ok: boolean }>(`SELECT true AS ok FROM pg_database WHERE datname = '${TEMPLATE_DB}'`);
  if (exists.length > 0) {
    const probe = new Client({ connectionString: withDatabase(testServerUrl(), TEMPLATE_DB) });
    await probe.connect();
    try {
      const ext = await probe.query(`SELECT count(*)::int AS n FROM pg_extension WHERE extname IN ('postgis','ltree','pgcrypto')`);
      if (ext.rows[0].n === 3) return;
    } finally {
      await probe.end();
    }
    await adminQuery(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
  }
  try {
    await adminQuery(`CREATE DATABASE ${TEMPLATE_DB}`);
  } catch (e) {
    if (!/already exists/.test((e as Error).message)) throw e;
    return;
  }
  const client = new Client({ connectionString: withDatabase(testServerUrl(), TEMPLATE_DB) });
  await client.connect();
  try {
    for (const ext of ['postgis', 'ltree', 'pgcrypto']) {
      try {
        await client.query(`CREATE EXTENSION IF NOT EXISTS ${ext}`);
      } catch (e) {
        throw new Error(
          `Cannot create extension ${ext} in the test database (${(e as Error).message}). ` +
            `Install it (Debian: postgresql-15-postgis-3) or run "npm test", which installs it.`,
        );
      }
    }
  } finally {
    await client.end();
  }
}

/** A fresh database cloned from the template, private to one test file. */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `grid122_test_${process.pid}_${randomBytes(3).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`);
  const url = withDatabase(testServerUrl(), name);
  assertTestDatabase(url);
  return { url, drop: async () => void (await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)) };
}

/** The application role the tests run apps as (not the owner; see grantAppRole). Cluster-wide, made once. */
export const TEST_APP_ROLE = 'grid122_app';

export async function ensureAppRole(): Promise<void> {
  // Concurrent test files may race to create it: either error means it exists.
  await adminQuery(`DO $$ BEGIN CREATE ROLE ${TEST_APP_ROLE} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`);
}

/** The same database, logged in as the application role (trust auth on the test server). */
export function asRole(url: string, role: string): string {
  const u = new URL(url);
  u.username = role;
  u.password = '';
  return u.toString();
}
