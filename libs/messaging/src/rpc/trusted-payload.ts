import { createHash } from 'node:crypto';
import { getMetadataStorage } from 'class-validator';
import { requestContext, RequestContext } from '@grid122/observability';

/**
 * One validation per request (issue 27 item 2): the gateway validates a body with the contract's
 * class, and the service it calls need not validate the same bytes with the same rules again.
 *
 * The gateway's validation pipe remembers, for the HTTP request in hand, the JSON of each object
 * it validated and the **rules fingerprint** of the class it used (`rulesFingerprint`: every
 * class-validator rule of the class and of its nested `@Type` classes). When `RpcClient` sends a
 * payload whose JSON is exactly one of those, the signed caller (`x-actor`, ActorSigner) carries a
 * marker: that fingerprint and the sha256 of the message's bytes, under the same HMAC as the actor,
 * bound to the same subject, request id and expiry. The service verifies the signature as always
 * (`RpcContextInterceptor`), hashes the bytes it received and, when they match, trusts that payload
 * object; its validation pipe then skips class-validator for a parameter whose class has the same
 * fingerprint (it still builds the class instance, as the pipe's transformation would).
 *
 * Everything else is validated exactly as before: no marker, a marker over other bytes (a captured
 * header replayed with another body), another class's rules, a class with `@Transform`, `@Expose`
 * or `@Exclude` (its transformation may not be idempotent: never trusted), a forged or expired
 * signature (refused before the payload is read at all).
 */

/** The marker inside a signed actor: `f` the rules fingerprint, `d` the sha256 (base64url) of the message bytes. */
export interface ValidatedMarker {
  f: string;
  d: string;
}

type TransformerStorage = Record<'_transformMetadatas' | '_exposeMetadatas' | '_excludeMetadatas' | '_typeMetadatas', Map<Function, Map<string, { typeFunction?: () => unknown }>>>;
/** class-transformer's metadata (the `@Type`, `@Transform`, `@Expose`, `@Exclude` of every class); not exported by its index. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const transformerStorage = (require('class-transformer/cjs/storage') as { defaultMetadataStorage: TransformerStorage }).defaultMetadataStorage;

const BUILTIN = new Set<unknown>([String, Boolean, Number, Array, Object, Buffer, Date, Promise]);
const fingerprints = new WeakMap<object, string | null>();

/** sha256 of a message's bytes, base64url. */
export function payloadDigest(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('base64url');
}

function constraintsText(v: unknown): string {
  return JSON.stringify(v ?? null, (_k, x: unknown) => (x instanceof RegExp ? `/${x.source}/${x.flags}` : typeof x === 'function' ? `fn:${String(x)}` : x));
}

function ancestry(cls: Function): Function[] {
  const out: Function[] = [];
  for (let c: unknown = cls; typeof c === 'function' && c !== Function.prototype && c !== Object; c = Object.getPrototypeOf(c)) out.push(c as Function);
  return out;
}

/**
 * A digest of every validation rule of `cls` (inherited ones too) and of the classes its nested
 * properties are transformed into, or null when the class is not one a marker may vouch for (a
 * built-in type, no rules, or a transformation of its own). Two classes with the same rules (a
 * contract's Request and the gateway's subclass that only renames it) have the same fingerprint.
 */
export function rulesFingerprint(cls: unknown, seen = new Set<unknown>()): string | null {
  if (typeof cls !== 'function' || BUILTIN.has(cls)) return null;
  const cached = fingerprints.get(cls);
  if (cached !== undefined) return cached;
  if (seen.has(cls)) return 'cycle';
  seen.add(cls);
  const chain = ancestry(cls);
  const storage = transformerStorage;
  let result: string | null = null;
  if (!chain.some((c) => storage._transformMetadatas.has(c) || storage._exposeMetadatas.has(c) || storage._excludeMetadatas.has(c))) {
    const rules = getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false);
    const lines = rules.map((m) =>
      [m.propertyName, m.type, m.name ?? '', (m.constraintCls as Function | undefined)?.name ?? '', constraintsText(m.constraints), m.each ? 'each' : '', m.always ? 'always' : '', (m.groups ?? []).join(','), constraintsText(m.message)].join('|'),
    );
    let nestedOk = true;
    for (const c of chain) {
      for (const [prop, t] of storage._typeMetadatas.get(c) ?? []) {
        const nested = t.typeFunction?.();
        const f = BUILTIN.has(nested) ? String((nested as Function).name) : rulesFingerprint(nested, seen);
        if (f === null) nestedOk = false;
        lines.push(`${prop}|type|${f}`);
      }
    }
    if (rules.length > 0 && nestedOk) result = createHash('sha256').update(lines.sort().join('\n')).digest('base64url').slice(0, 22);
  }
  seen.delete(cls);
  fingerprints.set(cls, result);
  return result;
}

// ----------------------------------------------------------------------------- the gateway's side

/** What the gateway's validation pipe validated during one HTTP request: JSON → rules fingerprint. */
const validatedInRequest = new WeakMap<RequestContext, Map<string, string>>();

/** Gateway: `value` passed validation with `cls` during the current request (its JSON as it was then). */
export function rememberValidated(value: unknown, cls: unknown): void {
  const store = requestContext.get();
  if (!store || value === null || typeof value !== 'object') return;
  const f = rulesFingerprint(cls);
  if (!f) return;
  let seen = validatedInRequest.get(store);
  if (!seen) validatedInRequest.set(store, (seen = new Map()));
  seen.set(JSON.stringify(value), f);
}

/** Gateway (RpcClient): the fingerprint a payload of this JSON was validated with in this request, or null. */
export function validatedFingerprint(json: string | undefined): string | null {
  const store = requestContext.get();
  if (!store || json === undefined) return null;
  return validatedInRequest.get(store)?.get(json) ?? null;
}

// ----------------------------------------------------------------------------- the service's side

/** The bytes each received payload object was decoded from (until the object is collected). */
const rawOf = new WeakMap<object, Uint8Array>();
/** Payload objects a verified marker vouches for: the rules fingerprint they were validated with. */
const trusted = new WeakMap<object, string>();

/** Service (deserializer): the payload object `data` was decoded from `raw`. */
export function rememberRawPayload(data: unknown, raw: Uint8Array): void {
  if (data !== null && typeof data === 'object') rawOf.set(data, raw);
}

/**
 * Service (RpcContextInterceptor, after the signature verified): trusts `data` when the marker's
 * digest is that of the bytes it was decoded from. Returns whether it did.
 */
export function trustPayload(data: unknown, marker: ValidatedMarker): boolean {
  if (data === null || typeof data !== 'object') return false;
  const raw = rawOf.get(data);
  if (!raw || payloadDigest(raw) !== marker.d) return false;
  trusted.set(data, marker.f);
  return true;
}

/** Service (validation pipe): the fingerprint a verified marker vouches for `value` with, or undefined. */
export function trustedFingerprint(value: unknown): string | undefined {
  return value !== null && typeof value === 'object' ? trusted.get(value) : undefined;
}
