import { Readable } from 'node:stream';
import { ImportIncidentRecord, ImportIncidents } from '@grid122/contracts';
import { importRecord } from '@grid122/testing';
import { ImportSink, importNdjson } from './import.http-controller';

/**
 * The import route's own work (the office's staging and moving are tested in
 * apps/office/test/incidents-import.e2e-spec.ts): NDJSON read line by line, each line checked,
 * good records sent in batches of ImportIncidents.BATCH, the office's rejections by index turned
 * into line numbers, the staged rows moved every 20,000 while the stream goes on and at its end,
 * and a failed stream's run dropped.
 */
describe('importNdjson', () => {
  /** A record without place, level or closing time (undefined: left out of the line). */
  const rec = (i: number, over: Record<string, unknown> = {}) =>
    importRecord(i, { location: undefined, resolutionLevel: undefined, closedAt: undefined, reportedAt: '2024-03-01T02:00:00Z', ...over });
  const ndjson = (lines: unknown[]) => lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n';
  /** The body in chunks of about `size` bytes, cut anywhere (inside a line, inside a character). */
  const stream = (text: string, size = 64 * 1024) => {
    const bytes = Buffer.from(text);
    const chunks: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
    return Readable.from(chunks);
  };

  /** An office stand-in: stages what it is sent (rejecting what `reject` says), moves it at a finish; logs each call. */
  const office = (reject: (r: ImportIncidentRecord) => string | null = () => null) => {
    const log: string[] = [];
    const sent: number[] = [];
    let staged = 0;
    let finishing = 0;
    let overlapped = false;
    const sink: ImportSink & { discards: number } = {
      discards: 0,
      send: async (records) => {
        sent.push(records.length);
        log.push('send');
        await new Promise((r) => setTimeout(r, 2));
        const rejected = records.flatMap((r, index) => {
          const field = reject(r);
          return field ? [{ index, field, reason: `bad ${field}` }] : [];
        });
        staged += records.length - rejected.length;
        return { inserted: 0, skipped: 0, rejected, staged: records.length - rejected.length };
      },
      finish: async () => {
        log.push('finish');
        if (finishing++) overlapped = true;
        await new Promise((r) => setImmediate(r));
        finishing--;
        const moved = staged;
        staged = 0;
        return { inserted: moved, skipped: 0 };
      },
      discard: async () => {
        log.push('discard');
        sink.discards++;
        staged = 0;
      },
    };
    return { sink, log, sent, overlapped: () => overlapped };
  };

  it('reports bad lines by line number and field (its own checks and the office’s) and imports the rest', async () => {
    const o = office((r) => (r.category === 'gas_hazard' ? 'category' : null));
    const body = ndjson([rec(1), rec(2, { category: 'gas_hazard' }), '{not json', rec(3, { extra: 1 }), rec(4, { reportedAt: '2999-01-01T00:00:00Z' }), '"a string"', rec(5)]);
    const sum = await importNdjson(stream(body, 7), o.sink);
    expect(sum).toMatchObject({ lines: 7, inserted: 2, skipped: 0, rejected: 5 });
    expect(sum.errors).toEqual([
      expect.objectContaining({ line: 3, field: '(line)', reason: 'not valid JSON' }),
      expect.objectContaining({ line: 4, field: 'extra' }),
      expect.objectContaining({ line: 5, field: 'reportedAt' }),
      expect.objectContaining({ line: 6, field: '(line)' }),
      expect.objectContaining({ line: 2, field: 'category' }),
    ]);
    expect(o.log).toEqual(['send', 'finish']);
  });

  it('numbers a bad line as the file does, blank lines counted, and counts only the records', async () => {
    const o = office();
    const body = ndjson([rec(1), '', '   ', rec(2, { extra: 1 }), '', '{not json', rec(3)]);
    const sum = await importNdjson(stream(body, 5), o.sink);
    expect(sum).toMatchObject({ lines: 4, inserted: 2, rejected: 2 });
    expect(sum.errors).toEqual([
      expect.objectContaining({ line: 4, field: 'extra' }),
      expect.objectContaining({ line: 6, field: '(line)', reason: 'not valid JSON' }),
    ]);
  });

  it('sends 4,500 lines in three batches of at most ImportIncidents.BATCH, then finishes the run once', async () => {
    const o = office();
    const sum = await importNdjson(stream(ndjson(Array.from({ length: 4500 }, (_, i) => rec(1000 + i)))), o.sink);
    expect(o.sent).toEqual([ImportIncidents.BATCH, ImportIncidents.BATCH, 500]);
    expect(o.log.filter((x) => x === 'finish')).toHaveLength(1);
    expect(o.log.at(-1)).toBe('finish');
    expect(sum).toMatchObject({ lines: 4500, inserted: 4500, skipped: 0, rejected: 0 });
  });

  it('has the staged rows moved once 20,000 are staged while the stream goes on (never two moves at once), and the rest at the end', async () => {
    const o = office();
    const sum = await importNdjson(stream(ndjson(Array.from({ length: 30_000 }, (_, i) => rec(50_000 + i)))), o.sink);
    expect(o.sent).toHaveLength(15);
    const finishes = o.log.flatMap((x, i) => (x === 'finish' ? [i] : []));
    expect(finishes).toHaveLength(2);
    expect(finishes[0]).toBeLessThan(o.log.lastIndexOf('send')); // a move before the last batch was sent
    expect(o.overlapped()).toBe(false);
    expect(sum).toMatchObject({ lines: 30_000, inserted: 30_000, skipped: 0, rejected: 0 });
  });

  it('drops the run when the stream fails midway (a line too long), and answers the failure', async () => {
    const o = office();
    const body = ndjson(Array.from({ length: 2100 }, (_, i) => rec(20_000 + i))) + 'x'.repeat(70 * 1024);
    await expect(importNdjson(stream(body), o.sink)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(o.sent).toEqual([ImportIncidents.BATCH]);
    expect(o.sink.discards).toBe(1);
    expect(o.log).not.toContain('finish');
  });

  it('drops the run when the office fails a batch, and answers the office’s error', async () => {
    const o = office();
    const failing: ImportSink = { ...o.sink, send: async () => Promise.reject(new Error('office down')) };
    await expect(importNdjson(stream(ndjson([rec(1)])), failing)).rejects.toThrow('office down');
    expect(o.sink.discards).toBe(1);
    expect(o.log).toEqual(['discard']);
  });
});
