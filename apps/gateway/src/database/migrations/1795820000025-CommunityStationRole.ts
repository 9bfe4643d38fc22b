import { MigrationInterface, QueryRunner } from 'typeorm';

const ROLES_BEFORE = `'admin','district_viewer','street_commander','unit_member','department_liaison','grid_worker','auditor','security_admin'`;

/**
 * 社区工作站 (issue 25): community-level accounts, scoped to their community's grid path, that see
 * their community, take the dual reports (双报告), acknowledge warnings, verify work and hold
 * their meetings.
 */
export class CommunityStationRole1795820000025 implements MigrationInterface {
  name = 'CommunityStationRole1795820000025';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE gateway.accounts DROP CONSTRAINT accounts_role_chk`);
    await q.query(`ALTER TABLE gateway.accounts ADD CONSTRAINT accounts_role_chk CHECK (role IN (${ROLES_BEFORE},'community_station'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM gateway.accounts WHERE role = 'community_station'`);
    await q.query(`ALTER TABLE gateway.accounts DROP CONSTRAINT accounts_role_chk`);
    await q.query(`ALTER TABLE gateway.accounts ADD CONSTRAINT accounts_role_chk CHECK (role IN (${ROLES_BEFORE}))`);
  }
}
