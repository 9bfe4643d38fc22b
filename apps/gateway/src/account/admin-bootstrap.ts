import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import * as argon2 from 'argon2';
import { DataSource } from 'typeorm';
import { GatewayEnv } from '../config/gateway.env';

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
    private readonly env: GatewayEnv,
    @InjectDataSource() private readonly ds: DataSource,
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
          `INSERT INTO gateway.accounts (username, display_name, password_hash, role, scope)
           VALUES ($1, $2, $3, $4, '') ON CONFLICT (username) DO NOTHING RETURNING id`,
          [a.username, a.displayName, hash, a.role],
        );
        if (!rows.length) return;
        await m.query(`INSERT INTO gateway.audit_log (actor_name, action, target, result, details) VALUES ('deployment', 'account.provision', $1, 'ok', $2)`, [
          a.username,
          { id: rows[0].id, role: a.role },
        ]);
        this.logger.log(`created the ${a.role} account ${a.username} from the deployment's password`);
      });
    }
  }
}
