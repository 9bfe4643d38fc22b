import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager, IsNull } from 'typeorm';
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

  /** Counts a failure and locks the account once it reaches the limit, in one statement. */
  async recordFailure(id: string, maxFailures: number, lockSeconds: number): Promise<{ locked: boolean }> {
    const rows: { failed_logins: number; locked_until: Date | null }[] = await this.ds.query(
      `UPDATE gateway.accounts
         SET failed_logins = failed_logins + 1,
             locked_until = CASE WHEN failed_logins + 1 >= $2 THEN now() + make_interval(secs => $3) ELSE locked_until END
       WHERE id = $1 RETURNING failed_logins, locked_until`,
      [id, maxFailures, lockSeconds],
    );
    return { locked: !!rows[0]?.locked_until && rows[0].failed_logins >= maxFailures };
  }

  async recordSuccess(id: string): Promise<void> {
    await this.ds.query(`UPDATE gateway.accounts SET failed_logins = 0, locked_until = NULL WHERE id = $1`, [id]);
  }

  /** Accounts locked now or with failures counted (the security admin's list). */
  listLocked(): Promise<{ username: string; role: string; failed_logins: number; locked_until: Date | null }[]> {
    return this.ds.query(
      `SELECT username, role, failed_logins, locked_until FROM gateway.accounts
        WHERE locked_until > now() OR failed_logins > 0 ORDER BY locked_until DESC NULLS LAST, username LIMIT 500`,
    );
  }

  transaction<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(fn);
  }

  async unlock(username: string, m: EntityManager = this.ds.manager): Promise<boolean> {
    // A SELECT … FOR UPDATE, not UPDATE … RETURNING: TypeORM answers an UPDATE with [rows, affected],
    // whose length is always 2 (an unknown username was reported unlocked).
    const found: unknown[] = await m.query(`SELECT 1 FROM gateway.accounts WHERE username = $1 FOR UPDATE`, [username]);
    if (!found.length) return false;
    await m.query(`UPDATE gateway.accounts SET failed_logins = 0, locked_until = NULL WHERE username = $1`, [username]);
    return true;
  }

  findApiKey(key: string): Promise<ApiKeyEntity | null> {
    return this.ds.getRepository(ApiKeyEntity).findOneBy({ keyHash: hashApiKey(key), revokedAt: IsNull() });
  }

  async upsertAccount(a: Omit<AccountEntity, 'id' | 'createdAt' | 'failedLogins' | 'lockedUntil' | 'disabled'>): Promise<void> {
    await this.ds
      .createQueryBuilder()
      .insert()
      .into(AccountEntity)
      .values(a)
      .orUpdate(['display_name', 'password_hash', 'role', 'unit', 'department_id', 'scope'], ['username'])
      .execute();
  }

  async upsertApiKey(name: string, key: string, scope: string): Promise<void> {
    await this.ds
      .createQueryBuilder()
      .insert()
      .into(ApiKeyEntity)
      .values({ name, keyHash: hashApiKey(key), scope })
      .orIgnore()
      .execute();
  }
}
