import { createHash } from 'node:crypto';

/** Canonical JSON: keys sorted at every depth, no whitespace, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/** The part of a log entry the hash covers (everything but the hashes themselves). */
export interface LogEntryContent {
  caseId: string;
  seq: number;
  action: string;
  actorId: string;
  actorName: string | null;
  content: Record<string, unknown>;
  occurredAt: string;
}

/** sha256(previous entry's hash + canonical content), hex. */
export function entryHash(prevHash: string, entry: LogEntryContent): string {
  return createHash('sha256').update(prevHash).update(canonicalJson(entry)).digest('hex');
}

export interface StoredLogEntry extends LogEntryContent {
  prevHash: string;
  hash: string;
}

export type ChainBreak = { seq: number; reason: 'hash_mismatch' | 'prev_hash_mismatch' | 'sequence_gap'; expected: string; found: string };

/** Walks a case's entries in order and returns the first break, or null when the chain holds. */
export function findFirstBreak(entries: StoredLogEntry[], genesis: string): ChainBreak | null {
  let prev = genesis;
  let expectedSeq = 1;
  for (const e of entries) {
    if (e.seq !== expectedSeq) return { seq: e.seq, reason: 'sequence_gap', expected: String(expectedSeq), found: String(e.seq) };
    if (e.prevHash !== prev) return { seq: e.seq, reason: 'prev_hash_mismatch', expected: prev, found: e.prevHash };
    const h = entryHash(e.prevHash, {
      caseId: e.caseId,
      seq: e.seq,
      action: e.action,
      actorId: e.actorId,
      actorName: e.actorName,
      content: e.content,
      occurredAt: e.occurredAt,
    });
    if (h !== e.hash) return { seq: e.seq, reason: 'hash_mismatch', expected: h, found: e.hash };
    prev = e.hash;
    expectedSeq++;
  }
  return null;
}
