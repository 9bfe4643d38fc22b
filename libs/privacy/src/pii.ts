import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';

/** The key id of `v1:` ciphertext (written before key ids): the key derived from `PII_ENCRYPTION_KEY`. */
export const LEGACY_KEY_ID = 'legacy';

const KID = /^[A-Za-z0-9_-]{1,32}$/;

/** The keys one service holds: every key id it may read, the one it writes with, and its hash keys. */
export interface PiiKeyring {
  /** key id → 32-byte AES-256 key. */
  keys: ReadonlyMap<string, Buffer>;
  /** The key new values are encrypted with (a key of `keys`). */
  activeKeyId: string;
  /**
   * The blind-index (HMAC) keys by key id: the active one hashes new rows, a lookup asks for the
   * hash under each (`hashes`) until `reencrypt-pii` re-hashed the old rows. Key id `legacy` is
   * `PII_HASH_KEY` (its hashes, written before key ids, carry no key id).
   */
  hashKeys?: ReadonlyMap<string, Buffer>;
  activeHashKeyId?: string;
  /** Legacy form: one passphrase for the hash key (key id `legacy`), when `hashKeys` is not given. */
  hash?: string;
}

/** The HMAC key of `PII_HASH_KEY` (key id `legacy`). */
export const legacyHashKey = (passphrase: string): Buffer => createHash('sha256').update(passphrase).digest();

/** A 32-byte key from a passphrase (`PII_ENCRYPTION_KEY`, the demo keys). */
export const keyFromPassphrase = (passphrase: string): Buffer => createHash('sha256').update(passphrase).digest();

/**
 * `PII_KEYS="kid1:base64,kid2:base64"`: each key 32 bytes (AES-256), base64 or base64url
 * (`openssl rand -base64 32`). Throws naming what is wrong, never the key itself.
 */
export function parsePiiKeys(spec: string): Map<string, Buffer> {
  const keys = new Map<string, Buffer>();
  for (const part of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
    const at = part.indexOf(':');
    const kid = at < 0 ? '' : part.slice(0, at);
    if (!KID.test(kid)) throw new Error(`a key id must be 1-32 letters, digits, _ or - followed by ":" (got "${kid || part.slice(0, 8) + '…'}")`);
    if (keys.has(kid) || kid === LEGACY_KEY_ID) throw new Error(`key id ${kid} given twice or reserved`);
    const key = Buffer.from(part.slice(at + 1).replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (key.length !== 32) throw new Error(`key ${kid} must be 32 bytes of base64 (openssl rand -base64 32), got ${key.length}`);
    if (new Set(key).size < 8) throw new Error(`key ${kid} is not random`);
    keys.set(kid, key);
  }
  if (keys.size === 0) throw new Error('no key given');
  return keys;
}

/**
 * Protected personal data (PIPL): phones, ID numbers and names are stored encrypted (AES-256-GCM)
 * under the service's own key, `v2:<key id>:<iv>:<tag>:<ciphertext>` (base64url), with a separate
 * keyed hash (HMAC-SHA256) for exact lookups, and shown masked unless revealed (audited).
 *
 * Rotation without a stop: a new key is added to the ring and made active; new values are written
 * with it, old ones are read with the key their id names (`v1:` values, written before key ids,
 * with `PII_ENCRYPTION_KEY`), and `reencrypt-pii` rewrites them in the background (`rewrap`).
 */
export class PiiCipher {
  private readonly keys: ReadonlyMap<string, Buffer>;
  readonly activeKeyId: string;
  private readonly hashKeys: ReadonlyMap<string, Buffer>;
  readonly activeHashKeyId: string;

  /** A keyring, or (tests, tools) one passphrase used as the legacy key. */
  constructor(keys: PiiKeyring | { encryption: string; hash: string }) {
    if ('keys' in keys) {
      if (!keys.keys.has(keys.activeKeyId)) throw new Error(`PII active key id ${keys.activeKeyId} is not among the keys`);
      this.keys = keys.keys;
      this.activeKeyId = keys.activeKeyId;
    } else {
      this.keys = new Map([[LEGACY_KEY_ID, keyFromPassphrase(keys.encryption)]]);
      this.activeKeyId = LEGACY_KEY_ID;
    }
    if ('hashKeys' in keys && keys.hashKeys) {
      const active = keys.activeHashKeyId ?? [...keys.hashKeys.keys()][0];
      if (!keys.hashKeys.has(active)) throw new Error(`PII active hash key id ${active} is not among the hash keys`);
      this.hashKeys = keys.hashKeys;
      this.activeHashKeyId = active;
    } else {
      if (!keys.hash) throw new Error('PII hash key missing');
      this.hashKeys = new Map([[LEGACY_KEY_ID, legacyHashKey(keys.hash)]]);
      this.activeHashKeyId = LEGACY_KEY_ID;
    }
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.keys.get(this.activeKeyId)!, iv);
    const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return ['v2', this.activeKeyId, iv.toString('base64url'), c.getAuthTag().toString('base64url'), ct.toString('base64url')].join(':');
  }

  decrypt(stored: string): string {
    const { kid, iv, tag, ct } = parse(stored);
    const key = this.keys.get(kid);
    if (!key) throw new Error(`Protected field under key id ${kid}, which this service does not hold (PII_KEYS)`);
    const d = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    d.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([d.update(Buffer.from(ct, 'base64url')), d.final()]).toString('utf8');
  }

  /**
   * A column that held plain text before it was protected: a protected value decrypted, a plain
   * one (written before) as it is. New values are written with `encrypt`.
   */
  open(stored: string): string;
  open(stored: string | null): string | null;
  open(stored: string | null): string | null {
    return stored != null && PROTECTED_VALUE.test(stored) ? this.decrypt(stored) : stored;
  }

  /** The key id a stored value was encrypted with. */
  keyIdOf(stored: string): string {
    return parse(stored).kid;
  }

  /** The stored value under the active key (itself when it already is): for `reencrypt-pii`. */
  rewrap(stored: string): string {
    return this.keyIdOf(stored) === this.activeKeyId && stored.startsWith('v2:') ? stored : this.encrypt(this.decrypt(stored));
  }

  /**
   * Keyed hash of a normalised value under the active hash key, as stored for lookups:
   * `<hash key id>:<hex>`, or the bare hex under the legacy key (`PII_HASH_KEY`, as written before
   * hash key ids). Look up with `hashes`.
   */
  hash(plain: string): string {
    return this.hashWith(this.activeHashKeyId, plain);
  }

  /**
   * Every keyed hash a stored row may hold for this value (the active one first): a lookup asks
   * for any of them (`WHERE h = ANY($1)`, `index && $1`), so it also finds rows hashed under an
   * older hash key until `reencrypt-pii` re-hashed them.
   */
  hashes(plain: string): string[] {
    return [this.activeHashKeyId, ...[...this.hashKeys.keys()].filter((k) => k !== this.activeHashKeyId)].map((kid) => this.hashWith(kid, plain));
  }

  /** The hash key id a stored hash was made with (`legacy` for a bare hex one). */
  hashKeyIdOf(stored: string): string {
    const at = stored.indexOf(':');
    return at < 0 ? LEGACY_KEY_ID : stored.slice(0, at);
  }

  private hashWith(kid: string, plain: string): string {
    const hex = createHmac('sha256', this.hashKeys.get(kid)!).update(normalise(plain)).digest('hex');
    return kid === LEGACY_KEY_ID ? hex : `${kid}:${hex}`;
  }
}

function parse(stored: string): { kid: string; iv: string; tag: string; ct: string } {
  const parts = stored.split(':');
  if (parts[0] === 'v1' && parts.length === 4) return { kid: LEGACY_KEY_ID, iv: parts[1], tag: parts[2], ct: parts[3] };
  if (parts[0] === 'v2' && parts.length === 5) return { kid: parts[1], iv: parts[2], tag: parts[3], ct: parts[4] };
  throw new Error('Unknown protected-field format');
}

/** A value as `PiiCipher` stores it (`v1:…` or `v2:<kid>:…`), for scans of columns (SQL: `~ PROTECTED_VALUE_SQL`). */
export const PROTECTED_VALUE_SQL = '^(v1|v2:[A-Za-z0-9_-]{1,32}):[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]*$';

const PROTECTED_VALUE = new RegExp(PROTECTED_VALUE_SQL);

const normalise = (s: string) => s.replace(/[\s-]/g, '').toUpperCase();

/** 139****5678 */
export function maskPhone(phone: string | null | undefined): string | null {
  if (!phone) return null;
  const p = normalise(phone);
  return p.length >= 7 ? `${p.slice(0, 3)}****${p.slice(-4)}` : '****';
}

/** 320106**********34 — region kept, birth date and sequence hidden. */
export function maskIdNumber(id: string | null | undefined): string | null {
  if (!id) return null;
  const p = normalise(id);
  return p.length >= 8 ? `${p.slice(0, 6)}${'*'.repeat(p.length - 8)}${p.slice(-2)}` : '****';
}

/** 张** — the surname only. */
export function maskName(name: string | null | undefined): string | null {
  if (!name) return null;
  return name.slice(0, 1) + '*'.repeat(Math.max(1, name.length - 1));
}

/**
 * Free text shown to the public (an Open311 description, a resident's comment): ID numbers, phone
 * numbers and email addresses a caller wrote into it, masked as above (a@… keeps the domain).
 */
export function maskContactsInText(text: string): string {
  return text
    .replace(/(?<![\dXx])\d{17}[\dXx](?![\dXx])/g, (m) => maskIdNumber(m)!)
    .replace(/(?<!\d)(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)/g, (m) => maskPhone(m.replace(/^\+?86[- ]?/, ''))!)
    .replace(/(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)/g, (m) => maskPhone(m)!)
    .replace(/[\w.+-]+@([\w-]+(?:\.[\w-]+)+)/g, (_m, domain: string) => `***@${domain}`);
}
