import * as argon2 from 'argon2';
import { DataSource } from 'typeorm';
import { Role, Unit } from '@grid122/contracts';
import { demoAccountsScope } from '@grid122/demo-street';
import { IdentityEnv } from '../config/identity.env';
import { hashApiKey } from '../account/account.repository';

/**
 * Demo accounts, one per role, for the demo street (宝塔桥街道), and the district platform's API
 * key. Passwords come from DEMO_PASSWORD; re-running refreshes them and changes nothing else.
 */
export async function seedDemo(ds: DataSource, env: IdentityEnv): Promise<void> {
  if (!env.DEMO_MODE) throw new Error('Refusing to seed demo accounts outside DEMO_MODE');
  const scope = demoAccountsScope();
  const hash = await argon2.hash(env.DEMO_PASSWORD, { type: argon2.argon2id });
  const accounts: { id?: string; username: string; displayName: string; role: Role; scope: string; unit?: Unit; departmentId?: string }[] = [
    { username: 'admin', displayName: '系统管理员 Admin', role: Role.Admin, scope: '' },
    { username: 'district', displayName: '鼓楼区指挥中心 District viewer', role: Role.DistrictViewer, scope: scope.districtPath },
    { username: 'commander', displayName: '宝塔桥街道指挥中心 Street commander', role: Role.StreetCommander, scope: scope.streetPath },
    { username: 'organisation', displayName: '基层组织建设组 Organisation group', role: Role.UnitMember, unit: Unit.Organisation, scope: scope.streetPath },
    { username: 'petitions', displayName: '综合信访稳定组 Petitions group', role: Role.UnitMember, unit: Unit.Petitions, scope: scope.streetPath },
    { username: 'social', displayName: '社会服务队 Social team', role: Role.UnitMember, unit: Unit.Social, scope: scope.streetPath },
    { username: 'enforcement', displayName: '综合执法队 Enforcement team', role: Role.UnitMember, unit: Unit.Enforcement, scope: scope.streetPath },
    {
      username: 'liaison',
      displayName: `${scope.liaison.departmentName}联络员 ${scope.liaison.personName}`,
      role: Role.DepartmentLiaison,
      departmentId: scope.liaison.departmentId,
      scope: scope.streetPath,
    },
    // The worker's account id is the demo person's id, so the other services' demo data (scores,
    // diaries, reports) belongs to this login.
    { id: scope.gridWorker.personId, username: 'worker', displayName: `网格员 ${scope.gridWorker.personName}`, role: Role.GridWorker, scope: scope.gridWorker.path },
    // 社区工作站 (issue 25): 宝塔桥东街社区's account, scoped to the community's grid path.
    { username: 'community', displayName: `${scope.communityName}工作站 Community workstation`, role: Role.CommunityStation, scope: scope.communityPath },
    { username: 'auditor', displayName: '审计员 Auditor', role: Role.Auditor, scope: '' },
    { username: 'security', displayName: '安全管理员 Security admin', role: Role.SecurityAdmin, scope: '' },
  ];
  for (const a of accounts) {
    // An account whose id is fixed (the demo worker = the demo person) replaces a same-named one.
    if (a.id) await ds.query(`DELETE FROM identity.accounts WHERE username = $1 AND id <> $2`, [a.username, a.id]);
    await ds.query(
      `INSERT INTO identity.accounts (id, username, display_name, password_hash, role, unit, department_id, scope)
       VALUES (COALESCE($8::uuid, gen_random_uuid()), $1,$2,$3,$4,$5,$6,$7)
       ON CONFLICT (username) DO UPDATE SET display_name = EXCLUDED.display_name, password_hash = EXCLUDED.password_hash,
         role = EXCLUDED.role, unit = EXCLUDED.unit, department_id = EXCLUDED.department_id, scope = EXCLUDED.scope,
         failed_logins = 0, locked_until = NULL`,
      [a.username, a.displayName, hash, a.role, a.unit ?? null, a.departmentId ?? null, a.scope, a.id ?? null],
    );
  }
  await ds.query(
    `INSERT INTO identity.api_keys (name, key_hash, scope) VALUES ($1, $2, $3) ON CONFLICT (key_hash) DO NOTHING`,
    ['鼓楼区城市管理指挥中心 (district platform)', hashApiKey(env.DEMO_API_KEY), scope.districtPath],
  );
}
