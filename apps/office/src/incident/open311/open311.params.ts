import { randomUUID } from 'node:crypto';
import { isWithinScope } from '@grid122/access';
import { Actor, CommonErrorCode, GRID_PATH_PATTERN, parseSatisfaction, Satisfaction } from '@grid122/contracts';
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

/** The client's own reference for a request, if it gave one: the Idempotency-Key header, else FixMyStreet's report id. */
export function clientReference(b: Open311Query, idempotencyKey?: string): string | undefined {
  const key = idempotencyKey?.trim();
  if (key) return key.slice(0, 64);
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
