import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** TypeORM answers an UPDATE/DELETE … RETURNING with [rows, affected]. */
function rowsOf<T>(answer: unknown): T[] {
  const a = answer as unknown[];
  return (Array.isArray(a[0]) ? a[0] : a) as T[];
}

export type RotateResult =
  | { outcome: 'ok'; accountId: string; session: { id: string; refreshToken: string } }
  | { outcome: 'unknown' | 'ended' | 'reused'; accountId?: string };

/** Login sessions (identity.sessions): refresh tokens are `<session id>.<secret>`, only the secret's SHA-256 kept. */
@Injectable()
export class SessionRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async open(accountId: string, ttlSeconds: number, ip?: string): Promise<{ id: string; refreshToken: string }> {
    const secret = randomBytes(32).toString('base64url');
    const [row]: { id: string }[] = await this.ds.query(
      `INSERT INTO identity.sessions (account_id, refresh_hash, expires_at, ip) VALUES ($1, $2, now() + make_interval(secs => $3), $4) RETURNING id`,
      [accountId, sha256(secret), ttlSeconds, ip ?? null],
    );
    return { id: row.id, refreshToken: `${row.id}.${secret}` };
  }

  async rotate(refreshToken: string, ttlSeconds: number): Promise<RotateResult> {
    const [id, secret] = refreshToken.split('.');
    if (!id || !secret || !UUID.test(id)) return { outcome: 'unknown' };
    return this.ds.transaction(async (m) => {
      const [s]: { account_id: string; refresh_hash: string; live: boolean }[] = await m.query(
        `SELECT account_id, refresh_hash, revoked_at IS NULL AND expires_at > now() AS live FROM identity.sessions WHERE id = $1 FOR UPDATE`,
        [id],
      );
      if (!s) return { outcome: 'unknown' };
      if (!s.live) return { outcome: 'ended', accountId: s.account_id };
      if (s.refresh_hash !== sha256(secret)) {
        await m.query(`UPDATE identity.sessions SET revoked_at = now() WHERE id = $1`, [id]);
        return { outcome: 'reused', accountId: s.account_id };
      }
      const next = randomBytes(32).toString('base64url');
      await m.query(`UPDATE identity.sessions SET refresh_hash = $2, expires_at = now() + make_interval(secs => $3) WHERE id = $1`, [id, sha256(next), ttlSeconds]);
      return { outcome: 'ok', accountId: s.account_id, session: { id, refreshToken: `${id}.${next}` } };
    });
  }

  async isLive(id: string, accountId: string): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(`SELECT 1 FROM identity.sessions WHERE id = $1 AND account_id = $2 AND revoked_at IS NULL`, [id, accountId]);
    return rows.length > 0;
  }

  /** Revokes one session of the account (or, with no id, nothing but the audit) and writes the audit row in the same transaction. */
  async revoke(accountId: string, id: string | null, audit: (m: EntityManager) => Promise<void>): Promise<void> {
    await this.ds.transaction(async (m) => {
      if (id && UUID.test(id)) await m.query(`UPDATE identity.sessions SET revoked_at = now() WHERE id = $1 AND account_id = $2 AND revoked_at IS NULL`, [id, accountId]);
      await audit(m);
    });
  }

  /** Every open session of an account (disabled, password reset), in the caller's transaction; how many. */
  async revokeAll(m: EntityManager, accountId: string): Promise<number> {
    return rowsOf(await m.query(`UPDATE identity.sessions SET revoked_at = now() WHERE account_id = $1 AND revoked_at IS NULL RETURNING 1`, [accountId])).length;
  }
}
