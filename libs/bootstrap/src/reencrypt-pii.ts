import { DataSource } from 'typeorm';
import { LEGACY_KEY_ID, PiiCipher, PROTECTED_VALUE_SQL } from '@grid122/privacy';

export interface ReencryptResult {
  table: string;
  column: string;
  /** Values rewritten under the active key. */
  rewrapped: number;
  /** Values under a key id this service no longer holds, or that do not decrypt: left as they are. */
  unreadable: number;
  /** Values found in clear in a column protected since (rows written before): encrypted. */
  encrypted?: number;
  /** Blind-index values re-hashed under the active hash key. */
  rehashed?: number;
}

const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;

/**
 * Key rotation without a stop (`node main.js reencrypt-pii`): every protected value in the
 * service's schema that is not yet under the active key is decrypted with the key its id names
 * and written back under the active key, in batches, while the service runs. Columns are found by
 * their values (`PiiCipher`'s format), so a new protected column needs no list to be kept. Each
 * row is written only if it still holds the value read (a concurrent change wins); rows of a table
 * that refuses updates (an append-only log) are counted, never forced.
 */
export async function reencryptProtectedValues(ds: DataSource, schema: string, cipher: PiiCipher, batch = 500): Promise<ReencryptResult[]> {
  const columns: { table: string; column: string }[] = await ds.query(
    `SELECT c.table_name AS "table", c.column_name AS "column"
       FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
      WHERE c.table_schema = $1 AND c.data_type IN ('text', 'character varying')
      ORDER BY 1, 2`,
    [schema],
  );
  const current = `v2:${cipher.activeKeyId}:%`;
  const results: ReencryptResult[] = [];
  for (const { table, column } of columns) {
    const t = `${ident(schema)}.${ident(table)}`;
    const col = ident(column);
    let after = '(0,0)';
    const r: ReencryptResult = { table, column, rewrapped: 0, unreadable: 0 };
    for (;;) {
      const rows: { rid: string; v: string }[] = await ds.query(
        // (ordered by the tid itself: an alias named ctid would sort the text, (10,1) before (2,1))
        `SELECT ctid::text AS rid, ${col} AS v FROM ${t} WHERE ctid > $1::tid AND ${col} ~ $2 AND ${col} NOT LIKE $3 ORDER BY ctid LIMIT ${batch}`,
        [after, PROTECTED_VALUE_SQL, current],
      );
      if (rows.length === 0) break;
      after = rows[rows.length - 1].rid;
      for (const row of rows) {
        let next: string;
        try {
          next = cipher.rewrap(row.v);
        } catch {
          r.unreadable++;
          continue;
        }
        try {
          const [, n] = (await ds.query(`UPDATE ${t} SET ${col} = $1 WHERE ctid = $2::tid AND ${col} = $3`, [next, row.rid, row.v])) as [unknown, number];
          if (n > 0) r.rewrapped++;
        } catch {
          r.unreadable++;
        }
      }
    }
    if (r.rewrapped || r.unreadable) results.push(r);
  }
  return results;
}

/**
 * A column that held plain text before it was protected (the office's reporter names): every value
 * not yet in `PiiCipher`'s format is encrypted under the active key, in batches, each row written
 * only if it still holds the value read. Safe to run again (a protected value is never touched);
 * readers open both forms meanwhile (`PiiCipher.open`). Run by `reencrypt-pii` before the rewrap.
 */
export async function encryptPlainValues(ds: Pick<DataSource, 'query'>, schema: string, table: string, column: string, cipher: PiiCipher, batch = 500): Promise<ReencryptResult> {
  const t = `${ident(schema)}.${ident(table)}`;
  const col = ident(column);
  const r: ReencryptResult = { table, column, rewrapped: 0, unreadable: 0, encrypted: 0 };
  let after = '(0,0)';
  for (;;) {
    const rows: { rid: string; v: string }[] = await ds.query(
      `SELECT ctid::text AS rid, ${col} AS v FROM ${t} WHERE ctid > $1::tid AND ${col} IS NOT NULL AND ${col} !~ $2 ORDER BY ctid LIMIT ${Number(batch)}`,
      [after, PROTECTED_VALUE_SQL],
    );
    if (rows.length === 0) return r;
    after = rows[rows.length - 1].rid;
    for (const row of rows) {
      try {
        const [, n] = (await ds.query(`UPDATE ${t} SET ${col} = $1 WHERE ctid = $2::tid AND ${col} = $3`, [cipher.encrypt(row.v), row.rid, row.v])) as [unknown, number];
        r.encrypted! += n;
      } catch {
        r.unreadable++;
      }
    }
  }
}

/** A blind-index column and how its hashed value is made from the row, for the re-hash after a hash key rotation. */
export interface BlindIndexColumn {
  table: string;
  column: string;
  /** The row's columns the value is made from (protected ones are opened, clear ones read as they are). */
  from: string[];
  /** The value that was hashed, from those columns opened; null: none (the row is counted unreadable). */
  value: (opened: (string | null)[]) => string | null;
}

/** SQL: the stored hash `expr` is not under the active hash key (`PiiCipher.hash`'s format). */
export function staleHashSql(expr: string, activeHashKeyId: string): string {
  // key ids are [A-Za-z0-9_-] (PII_HASH_KEYS), safe inside a literal
  return activeHashKeyId === LEGACY_KEY_ID ? `strpos(${expr}, ':') > 0` : `NOT starts_with(${expr}, '${activeHashKeyId}:')`;
}

/**
 * Hash key rotation without a stop (`reencrypt-pii`, after the rewrap): every blind-index value not
 * under the active hash key is computed again from its row's values (decrypted) and written, in
 * batches, only if the row still holds the hash read and that hash was indeed the value's under an
 * older key of the ring (a stale or foreign one is counted unreadable and left). Lookups meanwhile
 * ask for the hash under every key (`PiiCipher.hashes`). Safe to run again.
 */
export async function rehashBlindIndexes(ds: Pick<DataSource, 'query'>, schema: string, cipher: PiiCipher, columns: readonly BlindIndexColumn[], batch = 500): Promise<ReencryptResult[]> {
  const results: ReencryptResult[] = [];
  for (const c of columns) {
    const t = `${ident(schema)}.${ident(c.table)}`;
    const col = ident(c.column);
    const r: ReencryptResult = { table: c.table, column: c.column, rewrapped: 0, unreadable: 0, rehashed: 0 };
    let after = '(0,0)';
    for (;;) {
      const rows: Record<string, string | null>[] = await ds.query(
        `SELECT ctid::text AS rid, ${col} AS h, ${c.from.map((f, i) => `${ident(f)} AS s${i}`).join(', ')} FROM ${t}
          WHERE ctid > $1::tid AND ${col} IS NOT NULL AND ${staleHashSql(col, cipher.activeHashKeyId)} ORDER BY ctid LIMIT ${Number(batch)}`,
        [after],
      );
      if (rows.length === 0) break;
      after = rows[rows.length - 1].rid!;
      for (const row of rows) {
        let next: string | null = null;
        try {
          const value = c.value(c.from.map((_, i) => cipher.open(row[`s${i}`])));
          if (value !== null && cipher.hashes(value).includes(row.h!)) next = cipher.hash(value);
        } catch {
          next = null;
        }
        if (next === null) {
          r.unreadable++;
          continue;
        }
        try {
          const [, n] = (await ds.query(`UPDATE ${t} SET ${col} = $1 WHERE ctid = $2::tid AND ${col} = $3`, [next, row.rid, row.h])) as [unknown, number];
          r.rehashed! += n;
        } catch {
          r.unreadable++; // e.g. a unique index meeting the same person registered again under the new key
        }
      }
    }
    if (r.rehashed || r.unreadable) results.push(r);
  }
  return results;
}
