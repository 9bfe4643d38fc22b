/** Enums of the grid registry with their labels (Chinese first, as the street office names them). */
type Label = { zh: string; en: string };

/** Level-1 grid class (一级网格类别, 差别化管理). */
export enum GridClass {
  Jia = 'jia', // 甲: commercial housing
  Yi = 'yi', // 乙: social housing
  Bing = 'bing', // 丙: mixed
}
export const GRID_CLASS_LABELS: Record<GridClass, Label> = {
  [GridClass.Jia]: { zh: '甲类（纯商品房型社区）', en: 'Class A: commercial housing' },
  [GridClass.Yi]: { zh: '乙类（纯保障房型社区）', en: 'Class B: social housing' },
  [GridClass.Bing]: { zh: '丙类（混合型社区）', en: 'Class C: mixed' },
};

/** Level-2 grid grade (二级网格等级). */
export enum GridGrade {
  A = 'A',
  B = 'B',
  C = 'C',
}
export const GRID_GRADE_LABELS: Record<GridGrade, Label> = {
  [GridGrade.A]: { zh: 'A级（示范区域）', en: 'Grade A: demonstration (closed compound, property management)' },
  [GridGrade.B]: { zh: 'B级（达标区域）', en: 'Grade B: standard (walled, decent facilities)' },
  [GridGrade.C]: { zh: 'C级（一般区域）', en: 'Grade C: general (poor facilities)' },
};

export const GRID_LEVEL_LABELS: Record<string, Label> = {
  city: { zh: '市', en: 'City' },
  district: { zh: '区', en: 'District' },
  street: { zh: '街道', en: 'Street' },
  community: { zh: '社区（一级网格）', en: 'Community (level 1)' },
  compound: { zh: '小区（二级网格）', en: 'Compound (level 2)' },
  building_cluster: { zh: '楼栋（三级网格）', en: 'Building cluster (level 3)' },
};

/** Compounds under this many households merge with neighbours into one level-2 grid. */
export const MERGE_THRESHOLD_HOUSEHOLDS = 300;

export enum ClusterKind {
  Residential = 'residential',
  Shopfront = 'shopfront',
}

/** Roles on a grid: "1+X+Y" (Jianzhong street), seconded staff, and Beijing's "seven forces" (七种力量). */
export enum StaffRole {
  GridHead = 'grid_head',
  Assistant = 'assistant',
  OfficeStaff = 'office_staff',
  MassWork = 'mass_work',
  Patrol = 'patrol',
  BuildingHead = 'building_head',
  SecurityGuard = 'security_guard',
  PropertyStaff = 'property_staff',
  PartyVolunteer = 'party_volunteer',
  ActiveRetiree = 'active_retiree',
  SecondedStaff = 'seconded_staff',
  GridManager = 'grid_manager',
  GridAssistant = 'grid_assistant',
  GridSupervisor = 'grid_supervisor',
  PartySecretary = 'party_secretary',
  PoliceOfficer = 'police_officer',
  JudicialWorker = 'judicial_worker',
  Firefighter = 'firefighter',
}

/** 1 = the head, X = assistants and staff, Y = the "six members" (六大员), seconded = 下沉人员, forces = 七种力量. */
export enum RoleGroup {
  Head = 'head',
  X = 'x',
  Y = 'y',
  Seconded = 'seconded',
  Forces = 'forces',
}

export const STAFF_ROLE_GROUP: Record<StaffRole, RoleGroup> = {
  [StaffRole.GridHead]: RoleGroup.Head,
  [StaffRole.Assistant]: RoleGroup.X,
  [StaffRole.OfficeStaff]: RoleGroup.X,
  [StaffRole.MassWork]: RoleGroup.X,
  [StaffRole.Patrol]: RoleGroup.X,
  [StaffRole.BuildingHead]: RoleGroup.Y,
  [StaffRole.SecurityGuard]: RoleGroup.Y,
  [StaffRole.PropertyStaff]: RoleGroup.Y,
  [StaffRole.PartyVolunteer]: RoleGroup.Y,
  [StaffRole.ActiveRetiree]: RoleGroup.Y,
  [StaffRole.SecondedStaff]: RoleGroup.Seconded,
  [StaffRole.GridManager]: RoleGroup.Forces,
  [StaffRole.GridAssistant]: RoleGroup.Forces,
  [StaffRole.GridSupervisor]: RoleGroup.Forces,
  [StaffRole.PartySecretary]: RoleGroup.Forces,
  [StaffRole.PoliceOfficer]: RoleGroup.Forces,
  [StaffRole.JudicialWorker]: RoleGroup.Forces,
  [StaffRole.Firefighter]: RoleGroup.Forces,
};

export const STAFF_ROLE_LABELS: Record<StaffRole, Label> = {
  [StaffRole.GridHead]: { zh: '网格长', en: 'Grid head' },
  [StaffRole.Assistant]: { zh: '网格长助理', en: 'Grid-head assistant' },
  [StaffRole.OfficeStaff]: { zh: '包片科室人员', en: 'Office department staff' },
  [StaffRole.MassWork]: { zh: '群工队员', en: 'Mass-work team member' },
  [StaffRole.Patrol]: { zh: '巡防队员', en: 'Patrol team member' },
  [StaffRole.BuildingHead]: { zh: '楼栋长', en: 'Building head' },
  [StaffRole.SecurityGuard]: { zh: '保安', en: 'Security guard' },
  [StaffRole.PropertyStaff]: { zh: '物业人员', en: 'Property staff' },
  [StaffRole.PartyVolunteer]: { zh: '党员志愿者', en: 'Party volunteer' },
  [StaffRole.ActiveRetiree]: { zh: '热心退休人员', en: 'Active retiree' },
  [StaffRole.SecondedStaff]: { zh: '下沉人员', en: 'Seconded staff' },
  [StaffRole.GridManager]: { zh: '网格管理员', en: 'Grid manager' },
  [StaffRole.GridAssistant]: { zh: '网格助理员', en: 'Grid assistant' },
  [StaffRole.GridSupervisor]: { zh: '网格督导员', en: 'Grid supervisor' },
  [StaffRole.PartySecretary]: { zh: '网格党支部书记', en: 'Party-branch secretary' },
  [StaffRole.PoliceOfficer]: { zh: '网格警员', en: 'Police officer' },
  [StaffRole.JudicialWorker]: { zh: '网格司法工作者', en: 'Judicial worker' },
  [StaffRole.Firefighter]: { zh: '网格消防员', en: 'Firefighter' },
};

/** Party organisations on grids (网格党组织). */
export enum PartyOrgKind {
  Committee = 'committee',
  GeneralBranch = 'general_branch',
  Branch = 'branch',
}
export const PARTY_ORG_KIND_LABELS: Record<PartyOrgKind, Label> = {
  [PartyOrgKind.Committee]: { zh: '党委', en: 'Party committee' },
  [PartyOrgKind.GeneralBranch]: { zh: '党总支', en: 'General party branch' },
  [PartyOrgKind.Branch]: { zh: '党支部', en: 'Party branch' },
};
/** The size rule: >= 100 members a committee, >= 50 a general branch, else a branch. */
export function expectedPartyOrgKind(members: number): PartyOrgKind {
  if (members >= 100) return PartyOrgKind.Committee;
  if (members >= 50) return PartyOrgKind.GeneralBranch;
  return PartyOrgKind.Branch;
}

export enum CommitmentState {
  Pledged = 'pledged',
  Fulfilled = 'fulfilled',
}
export const COMMITMENT_STATE_LABELS: Record<CommitmentState, Label> = {
  [CommitmentState.Pledged]: { zh: '已承诺', en: 'Pledged' },
  [CommitmentState.Fulfilled]: { zh: '已践诺', en: 'Fulfilled' },
};

/** Organisations on level-3 grids (base data 组织). */
export enum OrganisationKind {
  Shop = 'shop',
  Restaurant = 'restaurant',
  Enterprise = 'enterprise',
  School = 'school',
  Clinic = 'clinic',
}
export const ORGANISATION_KIND_LABELS: Record<OrganisationKind, Label> = {
  [OrganisationKind.Shop]: { zh: '商铺', en: 'Shop' },
  [OrganisationKind.Restaurant]: { zh: '餐饮店', en: 'Restaurant' },
  [OrganisationKind.Enterprise]: { zh: '企业', en: 'Enterprise' },
  [OrganisationKind.School]: { zh: '学校', en: 'School' },
  [OrganisationKind.Clinic]: { zh: '医疗机构', en: 'Clinic' },
};

/** Organisation tasks (基层组织建设组任务) opened from the office's dispatches. */
export enum TaskState {
  Open = 'open',
  Handled = 'handled',
  Closed = 'closed',
  Returned = 'returned',
}
export const TASK_STATE_LABELS: Record<TaskState, Label> = {
  [TaskState.Open]: { zh: '待处置', en: 'Open' },
  [TaskState.Handled]: { zh: '已处置', en: 'Handled' },
  [TaskState.Closed]: { zh: '已办结', en: 'Closed' },
  [TaskState.Returned]: { zh: '已退回', en: 'Returned' },
};

/** A post every grid of a level must have filled (issue 25: every post filled or flagged). */
export interface PostRequirement {
  key: string;
  zh: string;
  en: string;
  /** filled by a current post of any of these roles */
  roles: StaffRole[];
}

const X_ROLES: StaffRole[] = [StaffRole.Assistant, StaffRole.OfficeStaff, StaffRole.MassWork, StaffRole.Patrol];
const Y_ROLES: StaffRole[] = [StaffRole.BuildingHead, StaffRole.SecurityGuard, StaffRole.PropertyStaff, StaffRole.PartyVolunteer, StaffRole.ActiveRetiree];
const post = (role: StaffRole): PostRequirement => ({ key: role, zh: STAFF_ROLE_LABELS[role].zh, en: STAFF_ROLE_LABELS[role].en, roles: [role] });
const HEAD: PostRequirement = post(StaffRole.GridHead);

/**
 * The posts of each grid level: 1+X+Y on the building clusters, head, X and seconded staff
 * (下沉人员) on the compounds, the head and Beijing's seven forces (七种力量) on the communities.
 */
export const REQUIRED_POSTS: Record<'community' | 'compound' | 'building_cluster', PostRequirement[]> = {
  community: [
    HEAD,
    ...[StaffRole.PartySecretary, StaffRole.GridManager, StaffRole.GridAssistant, StaffRole.GridSupervisor, StaffRole.PoliceOfficer, StaffRole.JudicialWorker, StaffRole.Firefighter].map(post),
  ],
  compound: [HEAD, { key: 'x', zh: 'X（专职委员/助理员）', en: 'X (assistants and staff)', roles: X_ROLES }, post(StaffRole.SecondedStaff)],
  building_cluster: [HEAD, { key: 'x', zh: 'X（专职委员/助理员）', en: 'X (assistants and staff)', roles: X_ROLES }, { key: 'y', zh: 'Y（六大员）', en: 'Y (the six members)', roles: Y_ROLES }],
};
