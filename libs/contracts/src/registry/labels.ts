/** Enums of the grid registry with their labels (Chinese first, as the street office names them). */
import { Label, labelled, ValueOf } from '../common/labelled';

/** Level-1 grid class (一级网格类别, 差别化管理). */
export const { values: GridClass, labels: GRID_CLASS_LABELS } = labelled({
  Jia: ['jia', '甲类（纯商品房型社区）', 'Class A: commercial housing'],
  Yi: ['yi', '乙类（纯保障房型社区）', 'Class B: social housing'],
  Bing: ['bing', '丙类（混合型社区）', 'Class C: mixed'],
});
export type GridClass = ValueOf<typeof GridClass>;

/** Level-2 grid grade (二级网格等级). */
export const { values: GridGrade, labels: GRID_GRADE_LABELS } = labelled({
  A: ['A', 'A级（示范区域）', 'Grade A: demonstration (closed compound, property management)'],
  B: ['B', 'B级（达标区域）', 'Grade B: standard (walled, decent facilities)'],
  C: ['C', 'C级（一般区域）', 'Grade C: general (poor facilities)'],
});
export type GridGrade = ValueOf<typeof GridGrade>;

export const GRID_LEVEL_LABELS: Record<string, Label> = {
  city: { zh: '市', en: 'City' },
  district: { zh: '区', en: 'District' },
  street: { zh: '街道', en: 'Street' },
  community: { zh: '社区（一级网格）', en: 'Community (level 1)' },
  compound: { zh: '小区（二级网格）', en: 'Compound (level 2)' },
  building_cluster: { zh: '楼栋（三级网格）', en: 'Building cluster (level 3)' },
};

/** A grid level's number below the street (1 = 一级网格 community, 2 = 二级网格 compound, 3 = 三级网格 building cluster). */
export type GridLevelNo = 1 | 2 | 3;
/** Each grid level's number (GridLevelNo); null above the street. Keyed by the level's code (GridLevel's values). */
export const GRID_LEVEL_NO = Object.freeze({
  city: null,
  district: null,
  street: null,
  community: 1,
  compound: 2,
  building_cluster: 3,
} as const satisfies Record<string, GridLevelNo | null>);

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
export const { values: PartyOrgKind, labels: PARTY_ORG_KIND_LABELS } = labelled({
  Committee: ['committee', '党委', 'Party committee'],
  GeneralBranch: ['general_branch', '党总支', 'General party branch'],
  Branch: ['branch', '党支部', 'Party branch'],
});
export type PartyOrgKind = ValueOf<typeof PartyOrgKind>;
/** The size rule: >= 100 members a committee, >= 50 a general branch, else a branch. */
export function expectedPartyOrgKind(members: number): PartyOrgKind {
  if (members >= 100) return PartyOrgKind.Committee;
  if (members >= 50) return PartyOrgKind.GeneralBranch;
  return PartyOrgKind.Branch;
}

export const { values: CommitmentState, labels: COMMITMENT_STATE_LABELS } = labelled({
  Pledged: ['pledged', '已承诺', 'Pledged'],
  Fulfilled: ['fulfilled', '已践诺', 'Fulfilled'],
});
export type CommitmentState = ValueOf<typeof CommitmentState>;

/** Organisations on level-3 grids (base data 组织). */
export const { values: OrganisationKind, labels: ORGANISATION_KIND_LABELS } = labelled({
  Shop: ['shop', '商铺', 'Shop'],
  Restaurant: ['restaurant', '餐饮店', 'Restaurant'],
  Enterprise: ['enterprise', '企业', 'Enterprise'],
  School: ['school', '学校', 'School'],
  Clinic: ['clinic', '医疗机构', 'Clinic'],
});
export type OrganisationKind = ValueOf<typeof OrganisationKind>;

/** Organisation tasks (基层组织建设组任务) opened from the office's dispatches. */
export const { values: TaskState, labels: TASK_STATE_LABELS } = labelled({
  Open: ['open', '待处置', 'Open'],
  Handled: ['handled', '已处置', 'Handled'],
  Closed: ['closed', '已办结', 'Closed'],
  Returned: ['returned', '已退回', 'Returned'],
});
export type TaskState = ValueOf<typeof TaskState>;

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
