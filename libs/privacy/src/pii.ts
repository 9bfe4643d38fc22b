import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';

/**
 * Protected personal data (PIPL): phones and resident ID numbers are stored encrypted
 * (AES-256-GCM, `v1:<iv>:<tag>:<ciphertext>` base64url), with a separate keyed hash (HMAC-SHA256)
 * for exact lookups, and shown masked unless a role needs them.
 */
export class PiiCipher {
  private readonly key: Buffer;
  private readonly hashKey: Buffer;

  constructor(keys: { encryption: string; hash: string }) {
    this.key = createHash('sha256').update(keys.encryption).digest();
    this.hashKey = createHash('sha256').update(keys.hash).digest();
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.key, iv);
    const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return ['v1', iv.toString('base64url'), c.getAuthTag().toString('base64url'), ct.toString('base64url')].join(':');
  }

  decrypt(stored: string): string {
    const [v, iv, tag, ct] = stored.split(':');
    if (v !== 'v1') throw new Error('Unknown protected-field format');
    const d = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    d.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([d.update(Buffer.from(ct, 'base64url')), d.final()]).toString('utf8');
  }

  /** Keyed hash of a normalised value, for `WHERE phone_hash = $1`. */
  hash(plain: string): string {
    return createHmac('sha256', this.hashKey).update(normalise(plain)).digest('hex');
  }
}

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
