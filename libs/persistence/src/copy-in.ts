import type { EntityManager } from 'typeorm';

/** A value of one column in COPY's text format: null is `\N`; text is escaped. */
export type CopyValue = string | number | boolean | null | undefined;

/** One row of COPY's text format (tab-separated, `\N` for null, backslash escapes). */
export function copyLine(row: readonly CopyValue[]): string {
  let out = '';
  for (let i = 0; i < row.length; i++) {
    const v = row[i];
    if (i) out += '\t';
    if (v === null || v === undefined) out += '\\N';
    else if (typeof v !== 'string') out += String(v);
    else out += /[\\\t\n\r]/.test(v) ? v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : v;
  }
  return `${out}\n`;
}

interface CopyConnection {
  query(text: string): void;
  sendCopyFromChunk(b: Buffer): void;
  endCopyFrom(): void;
}

/**
 * `COPY … FROM STDIN` over a `pg` client (no pg-copy-streams): a submittable query that sends the
 * rows in chunks of ~256 KB when the server asks for them (CopyInResponse) and resolves with the
 * rows copied.
 */
class CopyIn {
  callback?: (err: Error | null, rows?: number) => void;
  private rows = 0;
  private err: Error | null = null;

  constructor(
    private readonly text: string,
    private readonly lines: Iterable<readonly CopyValue[]>,
  ) {}

  submit(connection: CopyConnection): void {
    connection.query(this.text);
  }

  handleCopyInResponse(connection: CopyConnection): void {
    let chunk = '';
    for (const row of this.lines) {
      chunk += copyLine(row);
      if (chunk.length >= 256 * 1024) {
        connection.sendCopyFromChunk(Buffer.from(chunk));
        chunk = '';
      }
    }
    if (chunk) connection.sendCopyFromChunk(Buffer.from(chunk));
    connection.endCopyFrom();
  }

  handleCommandComplete(msg: { text?: string }): void {
    this.rows = Number(/(\d+)\s*$/.exec(msg.text ?? '')?.[1] ?? 0);
  }

  /** The client forgets the query on an error (no ReadyForQuery reaches it): answer now. */
  handleError(err: Error): void {
    this.err = err;
    this.done();
  }

  handleReadyForQuery(): void {
    this.done();
  }

  private done(): void {
    const cb = this.callback;
    this.callback = undefined;
    cb?.(this.err, this.rows);
  }
}

/** A `pg` client, or anything that takes a submittable query. */
export interface PgClientLike {
  query(q: unknown): unknown;
}

/**
 * Runs `COPY <target> FROM STDIN` (text format) on a `pg` client with these rows; returns the
 * rows copied. `target` is `table (col, …)`, written by the caller (never user input).
 */
export function copyIn(client: PgClientLike, target: string, rows: Iterable<readonly CopyValue[]>): Promise<number> {
  return new Promise((resolve, reject) => {
    const q = new CopyIn(`COPY ${target} FROM STDIN`, rows);
    q.callback = (err, n) => (err ? reject(err) : resolve(n ?? 0));
    client.query(q);
  });
}

/** The `pg` client under a TypeORM transaction's entity manager (COPY needs the raw connection). */
export async function pgClientOf(m: EntityManager): Promise<PgClientLike> {
  const qr = m.queryRunner as unknown as { connect(): Promise<PgClientLike> } | undefined;
  if (!qr) throw new Error('COPY needs the entity manager of a transaction (a query runner)');
  return qr.connect();
}
