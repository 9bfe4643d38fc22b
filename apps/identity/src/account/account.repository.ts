import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { Role } from '@grid122/contracts';
import { AccountEntity, ApiKeyEntity } from './account.entity';

export const hashApiKey = (key: string) => createHash('sha256').update(key).digest('hex');

@Injectable()
export class AccountRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  findByUsername(username: string): Promise<AccountEntity | null> {
    return this.ds.getRepository(AccountEntity).findOneBy({ username });
  }

  findById(id: string): Promise<AccountEntity | null> {
    return this.ds.getRepository(AccountEntity).findOneBy({ id });
  }

  /**
   * Counts a failure and locks once it reaches the limit, in one statement. Every account is
   * locked as a whole, except the security admin (安全管理员): nobody may unlock him, so his
   * failures are counted per address and lock only that address, always for `lockSeconds`.
   */
  async recordFailure(account: { id: string; role: Role }, ip: string, maxFailures: number, lockSeconds: number): Promise<{ locked: boolean }> {
    const [row]: { locked: boolean }[] =
      account.role === Role.SecurityAdmin
        ? await this.ds.query(
            `INSERT INTO identity.login_failures AS f (account_id, ip, failures, locked_until) VALUES ($1, $2, 1, CASE WHEN 1 >= $3 THEN now() + make_interval(secs => $4) END)
             ON CONFLICT (account_id, ip) DO UPDATE SET
               -- a lock that ran out, or failures older than a lock, start again
               failures = CASE WHEN f.locked_until <= now() OR f.last_at < now() - make_interval(secs => $4) THEN 1 ELSE f.failures + 1 END,
               locked_until = CASE
                 WHEN f.locked_until > now() THEN f.locked_until
                 WHEN (CASE WHEN f.locked_until <= now() OR f.last_at < now() - make_interval(secs => $4) THEN 1 ELSE f.failures + 1 END) >= $3 THEN now() + make_interval(secs => $4)
                 ELSE NULL END,
               last_at = now()
             RETURNING locked_until IS NOT NULL AND locked_until > now() AS locked`,
            [account.id, ip, maxFailures, lockSeconds],
          )
        : await this.ds.query(
            `WITH u AS (UPDATE identity.accounts
               SET failed_logins = failed_logins + 1,
                   locked_until = CASE WHEN failed_logins + 1 >= $2 THEN now() + make_interval(secs => $3) ELSE locked_until END
             WHERE id = $1 RETURNING failed_logins, locked_until)
             SELECT coalesce(locked_until > now(), false) AS locked FROM u`,
            [account.id, maxFailures, lockSeconds],
          );
    return { locked: !!row?.locked };
  }

  /** The lock in force for this account at this address (per address: the security admin only), or null. */
  async addressLock(accountId: string, ip: string): Promise<Date | null> {
    const rows: { locked_until: Date }[] = await this.ds.query(`SELECT locked_until FROM identity.login_failures WHERE account_id = $1 AND ip = $2 AND locked_until > now()`, [accountId, ip]);
    return rows[0]?.locked_until ?? null;
  }

  async recordSuccess(id: string, ip?: string): Promise<void> {
    await this.ds.query(`UPDATE identity.accounts SET failed_logins = 0, locked_until = NULL WHERE id = $1`, [id]);
    if (ip) await this.ds.query(`DELETE FROM identity.login_failures WHERE account_id = $1 AND ip = $2`, [id, ip]);
  }

  /** Accounts locked now or with failures counted (the security admin's list), with the addresses counted per address. */
  listLocked(): Promise<{ username: string; role: string; failed_logins: number; locked_until: Date | null; addresses: { ip: string; failures: number; locked_until: string | null }[] }[]> {
    return this.ds.query(
      `SELECT a.username, a.role, a.failed_logins, a.locked_until,
              coalesce((SELECT jsonb_agg(jsonb_build_object('ip', f.ip, 'failures', f.failures, 'locked_until', CASE WHEN f.locked_until > now() THEN f.locked_until END) ORDER BY f.last_at DESC)
                          FROM identity.login_failures f WHERE f.account_id = a.id AND f.last_at > now() - interval '1 day'), '[]'::jsonb) AS addresses
         FROM identity.accounts a
        WHERE a.locked_until > now() OR a.failed_logins > 0
           OR EXISTS (SELECT 1 FROM identity.login_failures f WHERE f.account_id = a.id AND f.last_at > now() - interval '1 day')
        ORDER BY a.locked_until DESC NULLS LAST, a.username LIMIT 500`,
    );
  }

  transaction<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(fn);
  }

  async unlock(username: string, m: EntityManager = this.ds.manager): Promise<boolean> {
    // A SELECT … FOR UPDATE, not UPDATE … RETURNING: TypeORM answers an UPDATE with [rows, affected],
    // whose length is always 2 (an unknown username was reported unlocked).
    const found: { id: string }[] = await m.query(`SELECT id FROM identity.accounts WHERE username = $1 FOR UPDATE`, [username]);
    if (!found.length) return false;
    await m.query(`UPDATE identity.accounts SET failed_logins = 0, locked_until = NULL WHERE username = $1`, [username]);
    await m.query(`DELETE FROM identity.login_failures WHERE account_id = $1`, [found[0].id]);
    return true;
  }

  findApiKeyByHash(keyHash: string): Promise<ApiKeyEntity | null> {
    return this.ds.getRepository(ApiKeyEntity).findOneBy({ keyHash, revokedAt: IsNull() });
  }
}
