import { labelled, ValueOf } from './labelled';

/** Roles of the suite (角色). Labels in Chinese first, the way the street office names them. */
export const { values: Role, labels: ROLE_LABELS } = labelled({
  Admin: ['admin', '系统管理员', 'System administrator'],
  DistrictViewer: ['district_viewer', '区级查看', 'District viewer'],
  StreetCommander: ['street_commander', '街道指挥中心', 'Street commander'],
  UnitMember: ['unit_member', '组队成员', 'Unit member'],
  DepartmentLiaison: ['department_liaison', '职能部门联络员', 'Department liaison'],
  GridWorker: ['grid_worker', '网格员', 'Grid worker'],
  /** 社区工作站: a community's account, scoped to the community's grid path (issue 25). */
  CommunityStation: ['community_station', '社区工作站', 'Community workstation'],
  /** 审计员: reads the audit log (MLPS separated admin roles). */
  Auditor: ['auditor', '审计员', 'Auditor'],
  /** 安全管理员: security policy, locked accounts (MLPS separated admin roles; may not read the audit log). */
  SecurityAdmin: ['security_admin', '安全管理员', 'Security administrator'],
  /** 区/市平台: a district or city platform calling with an API key. */
  Platform: ['platform', '区/市平台', 'District/city platform'],
});
export type Role = ValueOf<typeof Role>;

/** The four units of "122" besides the office (两组两队). */
export const { values: Unit, labels: UNIT_LABELS } = labelled({
  Organisation: ['organisation', '基层组织建设组', 'Grassroots-organisation-building group'],
  Petitions: ['petitions', '综合信访稳定组', 'Petitions & stability group'],
  Social: ['social', '社会服务队', 'Social services team'],
  Enforcement: ['enforcement', '综合执法队', 'Joint enforcement team'],
});
export type Unit = ValueOf<typeof Unit>;

/**
 * Who is asking. The gateway authenticates and sends this with every NATS request (header
 * `x-actor`); each service enforces it on its own data (scope = an ltree grid path).
 */
export interface Actor {
  id: string;
  username: string;
  displayName?: string;
  role: Role;
  /** ltree path of the grid subtree this actor may see, e.g. `nj.gulou.btq`. */
  scope: string;
  unit?: Unit | null;
  departmentId?: string | null;
}

/** The actor the services use for their own background work (relays, consumers, seeds). */
export const SYSTEM_ACTOR: Actor = {
  id: '00000000-0000-0000-0000-000000000000',
  username: 'system',
  role: Role.Admin,
  scope: '',
};

/** NATS headers carried on every request. */
export const HEADER_ACTOR = 'x-actor';
export const HEADER_REQUEST_ID = 'x-request-id';
/** A client's Idempotency-Key, forwarded by the gateway on creates and commands. */
export const HEADER_IDEMPOTENCY_KEY = 'idempotency-key';
