import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import * as argon2 from 'argon2';
import { DataSource } from 'typeorm';
import { GatewayEnv } from '../config/gateway.env';

/**
 * Outside demo mode the only way in is the admin account whose password is ADMIN_PASSWORD (the
 * config refuses to start without it in production); it is created on first start, never reset.
 */
@Injectable()
export class AdminBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger(AdminBootstrap.name);

  constructor(
    private readonly env: GatewayEnv,
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

  async onApplicationBootstrap() {
    if (this.env.DEMO_MODE || !this.env.ADMIN_PASSWORD) return;
    const hash = await argon2.hash(this.env.ADMIN_PASSWORD, { type: argon2.argon2id });
    const rows = await this.ds.query(
      `INSERT INTO gateway.accounts (username, display_name, password_hash, role, scope)
       VALUES ('admin', '系统管理员 Admin', $1, 'admin', '') ON CONFLICT (username) DO NOTHING RETURNING id`,
      [hash],
    );
    if (rows.length) this.logger.log('created the admin account from ADMIN_PASSWORD');
  }
}
