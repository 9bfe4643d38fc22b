import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { Actor, checkImportRecord, CommonErrorCode, FinishIncidentImport, ImportIncidentRecord, ImportIncidents, Role } from '@grid122/contracts';
import { AppError, RpcClient } from '@grid122/messaging';
import { Caller, OnlyRoles } from '../auth/auth.decorators';
import { bodyParser } from '../routing/body-parser';

export const NDJSON = 'application/x-ndjson';
const LIMITS = {
  /** One record per line; a longer line is rejected, not buffered. */
  maxLineBytes: 64 * 1024,
  maxLines: 5_000_000,
  /** Batches in flight to the office: parsing, sending and inserting overlap (2 cores: 3 is enough). */
  inFlight: 3,
  /** Staged rows after which a move into the ledger starts while the stream goes on. */
  moveEvery: 20_000,
  batchTimeoutMs: 60_000,
  /** A move of staged rows into the ledger (set-based, 10,000 rows a transaction): minutes for millions. */
  finishTimeoutMs: 30 * 60_000,
  /** Rejected lines listed in the answer (all are counted). */
  maxErrorsListed: 100,
};

/**
 * `application/x-ndjson` bodies are left unread here: the import route reads the raw request
 * stream line by line (never buffered whole), and no guard walks a stream as if it were JSON.
 */
export const NdjsonBodyParser = bodyParser([NDJSON], null);

export interface ImportSummary {
  lines: number;
  inserted: number;
  skipped: number;
  rejected: number;
  errors: { line: number; field: string; reason: string }[];
}

/** Bulk import of historical incidents (历史数据迁移): NDJSON streamed in batches to the office. */
@ApiTags('incidents')
@ApiBearerAuth()
@Controller('api/v1/incidents')
export class ImportHttpController {
  constructor(private readonly rpc: RpcClient) {}

  @Post('import')
  @HttpCode(200)
  @OnlyRoles(Role.Admin)
  @ApiConsumes(NDJSON)
  @ApiOperation({
    summary: 'Import historical incidents (admin): one JSON record per line',
    description:
      'Each line: { source, sourceRef, title, keyArea, category, gridPath, state: closed|rejected, closureType, reportedAt, closedAt?, location?, resolutionLevel? }. ' +
      'Idempotent by (source, sourceRef): a re-run inserts nothing twice. Bad lines are reported by line number and the rest imported. The good lines are staged (COPY) as they stream and moved into the ledger every 20,000 rows and at the end, 10,000 rows per transaction; a request that fails while streaming drops what it staged and did not move yet (send the file again: what was imported is skipped).',
  })
  import(@Caller() a: Actor, @Req() req: FastifyRequest) {
    if (!String(req.headers['content-type'] ?? '').startsWith(NDJSON)) {
      throw new AppError(CommonErrorCode.UnsupportedMediaType, `Send the records as ${NDJSON}, one JSON object per line`, { field: 'content-type' });
    }
    const runId = randomUUID();
    return importNdjson(req.raw, {
      send: (records) => this.rpc.call(ImportIncidents, { records, runId }, a, { timeoutMs: LIMITS.batchTimeoutMs }),
      finish: () => this.rpc.call(FinishIncidentImport, { runId, discard: false }, a, { timeoutMs: LIMITS.finishTimeoutMs }),
      discard: () => this.rpc.call(FinishIncidentImport, { runId, discard: true }, a, { timeoutMs: LIMITS.finishTimeoutMs }),
    });
  }
}

/** What the import does with the checked records: stage batches, then move the run (or drop it on failure). */
export interface ImportSink {
  send(records: ImportIncidentRecord[]): Promise<ImportIncidents.Reply>;
  finish(): Promise<FinishIncidentImport.Reply>;
  discard(): Promise<unknown>;
}

/**
 * Reads NDJSON from a stream, checks each line, sends batches to be staged (at most
 * LIMITS.inFlight at once), has what was staged moved into the ledger every LIMITS.moveEvery rows
 * while the stream goes on, and the rest at its end; a failure midway drops what was staged and
 * not moved yet (what was moved is skipped when the file is sent again).
 */
export async function importNdjson(body: Readable | undefined, sink: ImportSink): Promise<ImportSummary> {
  if (!body || typeof (body as Readable)[Symbol.asyncIterator] !== 'function') {
    throw AppError.validation([{ field: 'body', messages: [`send the records as ${NDJSON}, one JSON object per line`] }]);
  }
  const sum: ImportSummary = { lines: 0, inserted: 0, skipped: 0, rejected: 0, errors: [] };
  const reject = (line: number, field: string, reason: string) => {
    sum.rejected++;
    if (sum.errors.length < LIMITS.maxErrorsListed) sum.errors.push({ line, field, reason });
  };
  const inFlight = new Set<Promise<void>>();
  // Staged rows are moved into the ledger while the stream goes on: one move at a time, started
  // whenever MOVE_EVERY rows were staged since the last (the finish moves the rest).
  let stagedSinceMove = 0;
  let moving: Promise<void> | null = null;
  const move = () => {
    stagedSinceMove = 0;
    moving = sink.finish().then(
      (m) => {
        sum.inserted += m.inserted;
        sum.skipped += m.skipped;
      },
      (e) => void (failure ??= e),
    ).finally(() => (moving = null));
  };
  let batch: ImportIncidentRecord[] = [];
  let lineNos: number[] = [];
  let failure: unknown = null;
  const flush = async () => {
    if (!batch.length) return;
    const records = batch;
    const lines = lineNos;
    batch = [];
    lineNos = [];
    const p = sink.send(records).then(
      (r) => {
        sum.inserted += r.inserted;
        sum.skipped += r.skipped;
        for (const x of r.rejected) reject(lines[x.index], x.field, x.reason);
        stagedSinceMove += r.staged ?? 0;
        if (stagedSinceMove >= LIMITS.moveEvery && !moving) move();
      },
      (e) => void (failure ??= e),
    );
    const tracked = p.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
    if (inFlight.size >= LIMITS.inFlight) await Promise.race(inFlight);
  };
  // A line's number is its line in the file, blank lines counted, as an editor shows it; `lines` counts the records (blank lines left out).
  let lineNo = 0;
  const onLine = async (text: string) => {
    const no = ++lineNo;
    if (!text.trim()) return;
    if (++sum.lines > LIMITS.maxLines) throw new AppError(CommonErrorCode.ValidationFailed, `At most ${LIMITS.maxLines} lines per import`, { field: 'body' });
    // Text columns cannot hold U+0000 (the guard that refuses it in JSON bodies never sees a stream).
    if (text.includes('\\u0000') || text.includes('\u0000')) return reject(no, '(line)', 'must not contain NUL characters');
    let rec: unknown;
    try {
      rec = JSON.parse(text);
    } catch {
      return reject(no, '(line)', 'not valid JSON');
    }
    const bad = checkImportRecord(rec);
    if (bad) return reject(no, bad.field, bad.reason);
    batch.push(rec as ImportIncidentRecord);
    lineNos.push(no);
    if (batch.length >= ImportIncidents.BATCH) await flush();
  };

  try {
    let rest = '';
    // A character split between two chunks (every Chinese title is multi-byte) is decoded whole.
    const utf8 = new StringDecoder('utf8');
    for await (const chunk of body) {
      if (failure) break;
      const text = rest + (typeof chunk === 'string' ? chunk : utf8.write(chunk as Buffer));
      let start = 0;
      for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
        await onLine(text.slice(start, nl));
        start = nl + 1;
      }
      rest = text.slice(start);
      if (rest.length > LIMITS.maxLineBytes) {
        reject(lineNo + 1, '(line)', `line longer than ${LIMITS.maxLineBytes} bytes`);
        throw new AppError(CommonErrorCode.ValidationFailed, `A line is longer than ${LIMITS.maxLineBytes} bytes`, { line: lineNo + 1 });
      }
    }
    rest += utf8.end();
    if (rest.trim() && !failure) await onLine(rest);
    await flush();
    await Promise.all(inFlight);
    await moving;
    if (failure) throw failure;
  } catch (e) {
    // What a failed run staged and did not move yet is dropped; what was moved stays (sending the
    // file again skips it).
    await Promise.allSettled([...inFlight, moving]);
    await sink.discard().catch(() => undefined);
    throw e;
  }
  const moved = await sink.finish();
  sum.inserted += moved.inserted;
  sum.skipped += moved.skipped;
  return sum;
}
