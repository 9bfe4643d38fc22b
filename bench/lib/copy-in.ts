import type { Client } from 'pg';

/**
 * `COPY … FROM STDIN` over a `pg` client without pg-copy-streams: a submittable query that sends
 * the given text-format lines when the server asks for them (CopyInResponse) and resolves with the
 * rows copied. Enough for the benchmark's floor; not a stream (the lines are in memory).
 */
class CopyIn {
  callback?: (err: Error | null, rows?: number) => void;
  private rows = 0;
  private err: Error | null = null;

  constructor(
    private readonly text: string,
    private readonly lines: string[],
  ) {}

  submit(connection: { query(text: string): void }): void {
    connection.query(this.text);
  }

  handleCopyInResponse(connection: { sendCopyFromChunk(b: Buffer): void; endCopyFrom(): void }): void {
    const per = 1000;
    for (let i = 0; i < this.lines.length; i += per) connection.sendCopyFromChunk(Buffer.from(this.lines.slice(i, i + per).join('')));
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

/** Runs `COPY <target> FROM STDIN` (text format) with these rows; returns the rows copied. */
export function copyIn(db: Client, target: string, rows: (string | null)[][]): Promise<number> {
  const lines = rows.map((r) => `${r.map((v) => (v === null ? '\\N' : v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r'))).join('\t')}\n`);
  return new Promise((resolve, reject) => {
    const q = new CopyIn(`COPY ${target} FROM STDIN`, lines);
    q.callback = (err, n) => (err ? reject(err) : resolve(n ?? 0));
    (db as unknown as { query(q: CopyIn): void }).query(q);
  });
}
