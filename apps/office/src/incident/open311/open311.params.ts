import { randomUUID } from 'node:crypto';
import { isWithinScope } from '@grid122/access';
import { Actor, CommonErrorCode, GeoPoint, GRID_PATH_PATTERN, IncidentSource, parseSatisfaction, ReportIncident, ReporterContactDto, Satisfaction } from '@grid122/contracts';
import { AppError } from '@grid122/messaging';

/** An Open311 client's parameters (query or form fields), read and refused in the spec's words. */
export type Open311Query = Record<string, unknown>;

/** Why a parameter was refused, in the spec's words (400). */
export const badParam = (field: string, message: string) =>
  new AppError(CommonErrorCode.ValidationFailed, `${field}: ${message}`, { fields: [{ field, messages: [message] }] });

export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : undefined);
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function dateParam(q: Open311Query, field: string): Date | undefined {
  const v = str(q[field]);
  if (v === undefined || v === '') return undefined;
  const d = new Date(v);
  if (!/^\d{4}-\d{2}-\d{2}/.test(v) || Number.isNaN(d.getTime())) throw badParam(field, 'must be a W3C date-time, e.g. 2026-11-01T00:00:00+08:00');
  return d;
}

export function integerParam(q: Open311Query, field: string, min: number, max: number): number | undefined {
  const n = numberParam(q, field, min, max);
  if (n !== undefined && !Number.isInteger(n)) throw badParam(field, `must be a whole number between ${min} and ${max}`);
  return n;
}

export function numberParam(q: Open311Query, field: string, min: number, max: number): number | undefined {
  const v = str(q[field]);
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || n > max) throw badParam(field, `must be a number between ${min} and ${max}`);
  return n;
}

/** `jurisdiction_id`, when it is a grid path (a street's), narrows an answer to that jurisdiction. */
export function jurisdictionRoot(actor: Actor, q: Open311Query): string | undefined {
  const j = str(q.jurisdiction_id)?.trim();
  if (!j || !GRID_PATH_PATTERN.test(j)) return undefined;
  if (!isWithinScope(j, actor.scope)) return actor.scope;
  return j;
}

/**
 * The resident's answer on a closed case (办结满意度), as `attribute[satisfaction]` (FixMyStreet's
 * attribute style) or `satisfaction`: 满意 / 基本满意 / 不满意 or satisfied / basically_satisfied /
 * dissatisfied. Anything else is the spec's 400 naming the field.
 */
export function satisfactionParam(b: Open311Query): Satisfaction | undefined {
  const raw = str(b['attribute[satisfaction]']) ?? str(b.satisfaction);
  if (raw === undefined || raw.trim() === '') return undefined;
  const answer = parseSatisfaction(raw);
  if (!answer) throw badParam('attribute[satisfaction]', 'must be 满意, 基本满意 or 不满意 (satisfied, basically_satisfied, dissatisfied)');
  return answer;
}

/**
 * The client's own reference for a request, if it gave one: the Idempotency-Key header, else
 * FixMyStreet's report id. At most 63 characters, so the source reference (the client's id, ':' and
 * this) stays within the contract's 100 (a longer key used to be refused naming sourceRef).
 */
export function clientReference(b: Open311Query, idempotencyKey?: string): string | undefined {
  const key = idempotencyKey?.trim();
  if (key) return key.slice(0, 63);
  const fms = str(b['attribute[fixmystreet_id]']);
  return fms?.trim() ? `fms-${fms.trim().slice(0, 56)}` : undefined;
}

/**
 * The incident's source reference: scoped by the client (its API key's account), so two platforms'
 * references never meet; a random one when the client gave none (every POST is then a new report).
 */
export function open311SourceRef(actor: Actor, clientRef: string | undefined, deviceId: string | undefined): string {
  if (clientRef) return `${actor.id.slice(0, 36)}:${clientRef}`;
  const ref = randomUUID();
  return deviceId ? `${ref}:${deviceId.slice(0, 50)}` : ref;
}

/** What of a category an Open311 request is filed under (the office's catalogue). */
export interface Open311Service {
  code: string;
  name: string;
  keyArea: ReportIncident.Request['keyArea'];
}

/**
 * An Open311 POST as the intake's request, its parameters checked here in the spec's words (400
 * naming the parameter): each field of the report is within the contract's rules by construction
 * (lengths cut, the point's ranges, the phone's pattern, the key area and code from the catalogue,
 * the platform's scope as the area), so it goes to the intake as its class without a second
 * validation (#27 item 3; `open311-report.spec.ts` checks the built reports against the rules).
 */
export function open311Report(actor: Actor, service: Open311Service, b: Open311Query, idempotencyKey: string | undefined): ReportIncident.Request {
  const lat = numberParam(b, 'lat', -90, 90);
  const lng = numberParam(b, 'long', -180, 180);
  const address = str(b.address_string)?.trim();
  if ((lat === undefined) !== (lng === undefined)) throw badParam(lat === undefined ? 'lat' : 'long', 'lat and long come together');
  if (lat === undefined && !address && !str(b.address_id)) throw badParam('lat', 'a location is required: lat & long, address_string or address_id');
  const description = str(b.description)?.trim() ?? '';
  if (description.length > 4000) throw badParam('description', 'must be at most 4000 characters');
  const name = [str(b.first_name), str(b.last_name)].filter(Boolean).join(' ').trim();
  const phone = str(b.phone)?.trim();
  const title = (description.split(/\r?\n/)[0] || service.name).slice(0, 60);
  let location: GeoPoint | undefined;
  if (lat !== undefined) location = Object.assign(new GeoPoint(), { lat, lng: lng! });
  let reporter: ReporterContactDto | undefined;
  if (name) reporter = Object.assign(new ReporterContactDto(), { name: name.slice(0, 50), ...(phone && /^\+?[0-9 -]{5,20}$/.test(phone) ? { phone } : {}) });
  return Object.assign(new ReportIncident.Request(), {
    source: IncidentSource.Open311,
    sourceRef: open311SourceRef(actor, clientReference(b, idempotencyKey), str(b.device_id)),
    title: title.length >= 2 ? title : service.name,
    description: description || undefined,
    keyArea: service.keyArea,
    category: service.code,
    location,
    address: (address ?? str(b.address_id))?.slice(0, 300),
    // The registry places a lat/long on its L3 grid; without one (or with the registry down) the
    // request is filed at the platform's own area, for the command centre to place.
    gridPath: actor.scope || undefined,
    reporter,
  });
}
