import { Injectable } from '@nestjs/common';
import { Actor, LockedAccountView } from '@grid122/contracts';
import { AppError } from '@grid122/messaging';
import { AuditService } from '../audit/audit.service';
import { AccountRepository } from './account.repository';

@Injectable()
export class AccountSecurityService {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly audit: AuditService,
  ) {}

  async locked(): Promise<{ items: LockedAccountView[] }> {
    const rows = await this.accounts.listLocked();
    return {
      items: rows.map((r) => ({
        username: r.username,
        role: r.role,
        failedLogins: r.failed_logins,
        lockedUntil: r.locked_until ? new Date(r.locked_until).toISOString() : null,
        addresses: r.addresses.map((a) => ({ ip: a.ip, failures: a.failures, lockedUntil: a.locked_until ? new Date(a.locked_until).toISOString() : null })),
      })),
    };
  }

  async unlock(actor: Actor, username: string, ip?: string): Promise<{ username: string; unlocked: true }> {
    // The unlock and its audit row in one transaction: no unlock without its row.
    const done = username.length <= 64 && (await this.accounts.transaction(async (m) => {
      if (!(await this.accounts.unlock(username, m))) return false;
      await this.audit.record({ actorId: actor.id, actorName: actor.username, action: 'account.unlock', target: username, result: 'ok', ip });
      return true;
    }));
    if (!done) {
      await this.audit.note({ actorId: actor.id, actorName: actor.username, action: 'account.unlock', target: username.slice(0, 64), result: 'failed', ip });
      throw AppError.notFound('Account', username.slice(0, 64));
    }
    return { username, unlocked: true };
  }
}
