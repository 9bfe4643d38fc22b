/** Roles of the suite (角色). Labels in Chinese first, the way the street office names them. */
export enum Role {
  Admin = 'admin',
  DistrictViewer = 'district_viewer',
  StreetCommander = 'street_commander',
  UnitMember = 'unit_member',
  DepartmentLiaison = 'department_liaison',
  GridWorker = 'grid_worker',
  /** 社区工作站: a community's account, scoped to the community's grid path (issue 25). */
  CommunityStation = 'community_station',
  /** 审计员: reads the audit log (MLPS separated admin roles). */
  Auditor = 'auditor',
  /** 安全管理员: security policy, locked accounts (MLPS separated admin roles; may not read the audit log). */
  SecurityAdmin = 'security_admin',
  /** 区/市平台: a district or city platform calling with an API key. */
  Platform = 'platform',
}

export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  [Role.Admin]: { zh: '系统管理员', en: 'System administrator' },
  [Role.DistrictViewer]: { zh: '区级查看', en: 'District viewer' },
  [Role.StreetCommander]: { zh: '街道指挥中心', en: 'Street commander' },
  [Role.UnitMember]: { zh: '组队成员', en: 'Unit member' },
  [Role.DepartmentLiaison]: { zh: '职能部门联络员', en: 'Department liaison' },
  [Role.GridWorker]: { zh: '网格员', en: 'Grid worker' },
  [Role.CommunityStation]: { zh: '社区工作站', en: 'Community workstation' },
  [Role.Auditor]: { zh: '审计员', en: 'Auditor' },
  [Role.SecurityAdmin]: { zh: '安全管理员', en: 'Security administrator' },
  [Role.Platform]: { zh: '区/市平台', en: 'District/city platform' },
};

/** The four units of "122" besides the office (两组两队). */
export enum Unit {
  Organisation = 'organisation',
  Petitions = 'petitions',
  Social = 'social',
  Enforcement = 'enforcement',
}

export const UNIT_LABELS: Record<Unit, { zh: string; en: string }> = {
  [Unit.Organisation]: { zh: '基层组织建设组', en: 'Grassroots-organisation-building group' },
  [Unit.Petitions]: { zh: '综合信访稳定组', en: 'Petitions & stability group' },
  [Unit.Social]: { zh: '社会服务队', en: 'Social services team' },
  [Unit.Enforcement]: { zh: '综合执法队', en: 'Joint enforcement team' },
};

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
