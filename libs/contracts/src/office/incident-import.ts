import { ArrayMaxSize, IsArray, IsBoolean, IsOptional, IsUUID } from 'class-validator';
import { KEY_AREAS } from '../common/key-areas';
import { ClosureType, IncidentSource, ResolutionLevel } from './events';
import { rpcSubject } from '../common/rpc';
import { GRID_PATH_PATTERN } from '../common/primitives';
import type { FieldError } from '../common/errors';

/**
 * One historical incident of a bulk import (a district's migration from an older system), one
 * NDJSON line. Historical problems are finished: `closed` (with closureType) or `rejected`. The
 * grid is given by path (the old system's grid codes map to paths); the registry is not asked.
 */
export interface ImportIncidentRecord {
  source: IncidentSource;
  /** The old system's ticket number: the import is idempotent by (source, sourceRef). */
  sourceRef: string;
  title: string;
  description?: string;
  keyArea: string;
  category: string;
  gridPath: string;
  gridId?: string;
  location?: { lng: number; lat: number };
  address?: string;
  state: 'closed' | 'rejected';
  closureType?: ClosureType;
  resolutionLevel?: ResolutionLevel;
  reportedAt: string;
  closedAt?: string;
}

export const IMPORT_STATES = ['closed', 'rejected'] as const;
const SOURCES = new Set<string>(Object.values(IncidentSource));
const CLOSURES = new Set<string>(Object.values(ClosureType));
const LEVELS = new Set<string>(Object.values(ResolutionLevel));
const AREAS = new Set<string>(KEY_AREAS);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CATEGORY = /^[a-z][a-z0-9_]{1,63}$/;
const str = (v: unknown, min: number, max: number) => typeof v === 'string' && v.length >= min && v.length <= max;

/**
 * Checks one record by hand (class-validator costs ~40 µs a record, too much for a million) and
 * returns the first bad field with a reason, or null. Unknown fields are refused like everywhere.
 */
export function checkImportRecord(r: unknown, now = Date.now()): { field: string; reason: string } | null {
  if (!r || typeof r !== 'object' || Array.isArray(r)) return { field: '(line)', reason: 'each line must be a JSON object' };
  const o = r as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!IMPORT_FIELDS.has(k)) return { field: k, reason: `property ${k} should not exist` };
  if (!SOURCES.has(o.source as string)) return { field: 'source', reason: 'source must be an incident source' };
  if (!str(o.sourceRef, 1, 100)) return { field: 'sourceRef', reason: 'sourceRef is required (1-100 characters)' };
  if (!str(o.title, 2, 200)) return { field: 'title', reason: 'title must be 2-200 characters' };
  if (o.description !== undefined && !str(o.description, 0, 4000)) return { field: 'description', reason: 'description must be at most 4000 characters' };
  if (!AREAS.has(o.keyArea as string)) return { field: 'keyArea', reason: 'keyArea must be a key area' };
  if (typeof o.category !== 'string' || !CATEGORY.test(o.category)) return { field: 'category', reason: 'category must be a category code' };
  if (!str(o.gridPath, 1, 300) || !GRID_PATH_PATTERN.test(o.gridPath as string)) return { field: 'gridPath', reason: 'gridPath must be an ltree grid path' };
  if (o.gridId !== undefined && (typeof o.gridId !== 'string' || !UUID.test(o.gridId))) return { field: 'gridId', reason: 'gridId must be a UUID' };
  if (o.location !== undefined) {
    const l = o.location as { lng?: unknown; lat?: unknown } | null;
    if (!l || typeof l.lng !== 'number' || typeof l.lat !== 'number' || Math.abs(l.lng) > 180 || Math.abs(l.lat) > 90) {
      return { field: 'location', reason: 'location must be { lng, lat } in WGS-84' };
    }
  }
  if (o.address !== undefined && !str(o.address, 0, 300)) return { field: 'address', reason: 'address must be at most 300 characters' };
  if (!(IMPORT_STATES as readonly string[]).includes(o.state as string)) return { field: 'state', reason: 'state must be closed or rejected (historical incidents)' };
  if (o.state === 'closed' && !CLOSURES.has(o.closureType as string)) return { field: 'closureType', reason: 'closureType is required for a closed incident' };
  if (o.state === 'rejected' && o.closureType !== undefined) return { field: 'closureType', reason: 'a rejected incident has no closureType' };
  if (o.resolutionLevel !== undefined && !LEVELS.has(o.resolutionLevel as string)) return { field: 'resolutionLevel', reason: 'resolutionLevel must be grid, community, street or district' };
  const reported = typeof o.reportedAt === 'string' ? Date.parse(o.reportedAt) : NaN;
  if (!Number.isFinite(reported) || reported > now + 60_000) return { field: 'reportedAt', reason: 'reportedAt must be an ISO date, not in the future' };
  if (o.closedAt !== undefined) {
    const closed = typeof o.closedAt === 'string' ? Date.parse(o.closedAt) : NaN;
    if (!Number.isFinite(closed) || closed < reported || closed > now + 60_000) return { field: 'closedAt', reason: 'closedAt must be an ISO date between reportedAt and now' };
  }
  return null;
}
const IMPORT_FIELDS = new Set([
  'source', 'sourceRef', 'title', 'description', 'keyArea', 'category', 'gridPath', 'gridId', 'location', 'address', 'state', 'closureType', 'resolutionLevel', 'reportedAt', 'closedAt',
]);

/** `office.incident.import`: one batch of historical incidents (the gateway streams NDJSON in batches). */
export namespace ImportIncidents {
  export const subject = rpcSubject<Request, Reply>('office.incident.import');
  /** Records per NATS message: ~2,000 × ~400 bytes stays under NATS's 1 MB max payload. */
  export const BATCH = 2000;
  export class Request {
    /** Each checked with checkImportRecord (by the gateway per line, again by the office). */
    @IsArray() @ArrayMaxSize(BATCH) records: ImportIncidentRecord[];
    /**
     * The import run this batch belongs to: its good records are COPied into the office's staging
     * table and moved into the ledger by `office.incident.import.finish` at the end of the run
     * (set-based, counters in bulk). Without it the batch is staged and moved at once.
     */
    @IsOptional() @IsUUID() runId?: string;
  }
  /**
   * The batch's envelope checked by hand, with the messages class-validator gives for the rules
   * above: the office takes a batch without its validation pipe (which walked and copied 2,000
   * records 3-4 times only to check that `records` is an array), and each record is then checked
   * with checkImportRecord. Empty when the envelope is good.
   */
  export function checkEnvelope(v: unknown): FieldError[] {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return [{ field: '(payload)', messages: ['the batch must be an object'] }];
    const o = v as Record<string, unknown>;
    const errors: FieldError[] = Object.keys(o)
      .filter((k) => k !== 'records' && k !== 'runId')
      .map((k) => ({ field: k, messages: [`property ${k} should not exist`] }));
    if (!Array.isArray(o.records)) errors.push({ field: 'records', messages: [`records must contain no more than ${BATCH} elements`, 'records must be an array'] });
    else if (o.records.length > BATCH) errors.push({ field: 'records', messages: [`records must contain no more than ${BATCH} elements`] });
    if (o.runId !== undefined && (typeof o.runId !== 'string' || !UUID.test(o.runId))) errors.push({ field: 'runId', messages: ['runId must be a UUID'] });
    return errors;
  }
  /** The batch once its envelope is good (checked by checkEnvelope), else the field errors. */
  export function envelopeOf(v: unknown): { batch: Request; errors: FieldError[] } | { batch: null; errors: FieldError[] } {
    const errors = checkEnvelope(v);
    return errors.length ? { batch: null, errors } : { batch: v as Request, errors };
  }
  export interface Rejected {
    /** Index in the batch (the gateway turns it into the NDJSON line number). */
    index: number;
    field: string;
    reason: string;
  }
  export interface Reply {
    inserted: number;
    /** Already imported (same source + sourceRef): idempotent re-runs insert nothing twice. */
    skipped: number;
    rejected: Rejected[];
    /** Records staged for the run (with a runId; inserted and skipped are then the finish's). */
    staged?: number;
  }
}

/**
 * `office.incident.import.finish`: moves a run's staged records into the ledger in set-based
 * statements (claims, incidents, history, then the counters in bulk), a chunk per transaction;
 * `discard` drops them instead (the stream failed midway).
 */
export namespace FinishIncidentImport {
  export const subject = rpcSubject<Request, Reply>('office.incident.import.finish');
  export class Request {
    @IsUUID() runId: string;
    @IsOptional() @IsBoolean() discard?: boolean;
  }
  export interface Reply {
    inserted: number;
    /** Staged but already imported before (same source + sourceRef), or twice in the run. */
    skipped: number;
  }
}
