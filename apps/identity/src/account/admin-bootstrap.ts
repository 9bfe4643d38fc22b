import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import * as argon2 from 'argon2';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { IdentityEnv } from '../config/identity.env';

/**
 * Outside demo mode the way in is the admin account whose password is ADMIN_PASSWORD (the config
 * refuses to start without it in production); the security administrator and the auditor come
 * from SECURITY_ADMIN_PASSWORD and AUDITOR_PASSWORD when given. Each is created on first start,
 * never reset, and its creation written to the audit log: the three administrator accounts are
 * provisioned by the deployment, never given by the system admin (三员分立).
 */
@Injectable()
export class AdminBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger(AdminBootstrap.name);

  constructor(
    private readonly env: IdentityEnv,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditService,
  ) {}

  async onApplicationBootstrap() {
    if (this.env.DEMO_MODE) return;
    const accounts = [
      { username: 'admin', displayName: '系统管理员 Admin', role: 'admin', password: this.env.ADMIN_PASSWORD },
      { username: 'security', displayName: '安全管理员 Security admin', role: 'security_admin', password: this.env.SECURITY_ADMIN_PASSWORD },
      { username: 'auditor', displayName: '审计员 Auditor', role: 'auditor', password: this.env.AUDITOR_PASSWORD },
    ];
    for (const a of accounts) {
      if (!a.password) continue;
      const hash = await argon2.hash(a.password, { type: argon2.argon2id });
      await this.ds.transaction(async (m) => {
        const rows = await m.query(
          `INSERT INTO identity.accounts (username, display_name, password_hash, role, scope)
           VALUES ($1, $2, $3, $4, '') ON CONFLICT (username) DO NOTHING RETURNING id`,
          [a.username, a.displayName, hash, a.role],
        );
        if (!rows.length) return;
        // the account and its entry in one transaction, or neither
        await this.audit.record({ actorName: 'deployment', action: 'account.provision', target: a.username, result: 'ok', details: { id: rows[0].id, role: a.role } }, m);
        this.logger.log(`created the ${a.role} account ${a.username} from the deployment's password`);
      });
    }
  }
}
