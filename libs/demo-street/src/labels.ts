// Codes used in data and APIs (ASCII) with their Chinese labels, as in DOMAIN.md.

/** Grid levels. Below the street: community = 一级网格 (L1), compound = 二级网格 (L2), building cluster = 三级网格 (L3). */
export type GridLevel = 'city' | 'district' | 'street' | 'community' | 'compound' | 'building_cluster';
export const GRID_LEVELS: readonly GridLevel[] = ['city', 'district', 'street', 'community', 'compound', 'building_cluster'];
export const GRID_LEVEL_LABELS: Readonly<Record<GridLevel, string>> = {
  city: '市',
  district: '区',
  street: '街道',
  community: '社区（一级网格）',
  compound: '小区（二级网格）',
  building_cluster: '楼栋（三级网格）',
};

/** Level-1 grid class (一级网格类别, 差别化管理). */
export type GridClass = 'jia' | 'yi' | 'bing';
export const GRID_CLASSES: readonly GridClass[] = ['jia', 'yi', 'bing'];
export const GRID_CLASS_LABELS: Readonly<Record<GridClass, '甲' | '乙' | '丙'>> = { jia: '甲', yi: '乙', bing: '丙' };
export const GRID_CLASS_DESCRIPTIONS: Readonly<Record<GridClass, string>> = {
  jia: '甲类：纯商品房型社区', // commercial housing
  yi: '乙类：纯保障房型社区', // social housing
  bing: '丙类：混合型社区', // mixed
};

/** Level-2 grid grade (二级网格等级). */
export type GridGrade = 'A' | 'B' | 'C';
export const GRID_GRADES: readonly GridGrade[] = ['A', 'B', 'C'];
export const GRID_GRADE_LABELS: Readonly<Record<GridGrade, string>> = {
  A: 'A级（示范区域）：小区封闭，硬件基础设施好，实施物业管理', // demonstration
  B: 'B级（达标区域）：小区有围墙，硬件基础设施较好', // standard
  C: 'C级（一般区域）：硬件基础设施较差', // general
};

/** What a level-3 grid is made of: 3-5 residential buildings or 5-10 shopfronts (门面房). */
export type ClusterKind = 'residential' | 'shopfront';
export const CLUSTER_KIND_LABELS: Readonly<Record<ClusterKind, string>> = { residential: '住宅楼栋', shopfront: '沿街门面房' };

/** Compounds under this many households merge with neighbours into one level-2 grid. */
export const MERGE_THRESHOLD_HOUSEHOLDS = 300;

// ---- people: the 1+X+Y model -----------------------------------------------------------------
/** 1 = the grid head, X = assistants and staff, Y = the "six members" (六大员), seconded = 下沉人员. */
export type RoleGroup = 'head' | 'x' | 'y' | 'seconded' | 'forces';
export const ROLE_GROUP_LABELS: Readonly<Record<RoleGroup, string>> = { head: '1（网格长）', x: 'X', y: 'Y', seconded: '下沉人员', forces: '七种力量' };

export type PersonRole =
  | 'grid_head'
  | 'assistant'
  | 'patrol'
  | 'mass_work'
  | 'office_staff'
  | 'building_head'
  | 'security_guard'
  | 'property_staff'
  | 'party_volunteer'
  | 'active_retiree'
  | 'seconded_staff'
  // Beijing's seven forces (七种力量) on a community grid:
  | 'grid_manager'
  | 'grid_assistant'
  | 'grid_supervisor'
  | 'party_secretary'
  | 'police_officer'
  | 'judicial_worker'
  | 'firefighter';
export const PERSON_ROLE_LABELS: Readonly<Record<PersonRole, string>> = {
  grid_head: '网格长',
  assistant: '助理员',
  patrol: '巡防队员',
  mass_work: '群工队员',
  office_staff: '科室人员',
  building_head: '楼栋长',
  security_guard: '保安',
  property_staff: '物业人员',
  party_volunteer: '党员志愿者',
  active_retiree: '热心退休人员',
  seconded_staff: '下沉人员',
  grid_manager: '网格管理员',
  grid_assistant: '网格助理员',
  grid_supervisor: '网格督导员',
  party_secretary: '网格党支部书记',
  police_officer: '网格警员',
  judicial_worker: '网格司法工作者',
  firefighter: '网格消防员',
};
export const PERSON_ROLE_GROUP: Readonly<Record<PersonRole, RoleGroup>> = {
  grid_head: 'head',
  assistant: 'x',
  patrol: 'x',
  mass_work: 'x',
  office_staff: 'x',
  building_head: 'y',
  security_guard: 'y',
  property_staff: 'y',
  party_volunteer: 'y',
  active_retiree: 'y',
  seconded_staff: 'seconded',
  grid_manager: 'forces',
  grid_assistant: 'forces',
  grid_supervisor: 'forces',
  party_secretary: 'forces',
  police_officer: 'forces',
  judicial_worker: 'forces',
  firefighter: 'forces',
};
export const X_ROLES: readonly PersonRole[] = ['assistant', 'patrol', 'mass_work', 'office_staff'];
export const Y_ROLES: readonly PersonRole[] = ['building_head', 'security_guard', 'property_staff', 'party_volunteer', 'active_retiree'];

// ---- organisations ---------------------------------------------------------------------------
export type OrganisationKind = 'shop' | 'restaurant' | 'enterprise' | 'school' | 'clinic';
export const ORGANISATION_KIND_LABELS: Readonly<Record<OrganisationKind, string>> = {
  shop: '商铺',
  restaurant: '餐饮店',
  enterprise: '企业',
  school: '学校',
  clinic: '医疗机构',
};

// ---- party organisations (网格党组织) ---------------------------------------------------------
export type PartyOrgKind = 'committee' | 'general_branch' | 'branch';
export const PARTY_ORG_KIND_LABELS: Readonly<Record<PartyOrgKind, string>> = {
  committee: '党委',
  general_branch: '党总支',
  branch: '党支部',
};
/** The usual rule: >= 100 members a committee (党委), >= 50 a general branch (党总支), else a branch (党支部). */
export function expectedPartyOrgKind(members: number): PartyOrgKind {
  if (members >= 100) return 'committee';
  if (members >= 50) return 'general_branch';
  return 'branch';
}

// ---- the six key areas (六个重点领域) + other ---------------------------------------------------
export type KeyAreaCode =
  | 'illegal_production'
  | 'illegal_business'
  | 'illegal_construction'
  | 'production_safety'
  | 'petitions_stability'
  | 'grassroots_organisation'
  | 'other';
export const KEY_AREA_CODES: readonly KeyAreaCode[] = [
  'illegal_production',
  'illegal_business',
  'illegal_construction',
  'production_safety',
  'petitions_stability',
  'grassroots_organisation',
  'other',
];
export const KEY_AREA_LABELS: Readonly<Record<KeyAreaCode, string>> = {
  illegal_production: '非法生产',
  illegal_business: '非法经营',
  illegal_construction: '非法建设',
  production_safety: '安全生产',
  petitions_stability: '信访稳定',
  grassroots_organisation: '基层组织建设',
  other: '其它',
};

/**
 * Qinling Road street's ledger (秦岭路街道, seed 002): problems found / solved per key area, used as
 * the proportions of demo incidents. Note: the source's rows sum to 796 found / 782 solved while
 * its stated total is 805 / 790 (98.14%); both are kept, see QINLING_LEDGER_REPORTED_TOTAL.
 */
export const QINLING_LEDGER: Readonly<Record<KeyAreaCode, { readonly found: number; readonly solved: number }>> = {
  illegal_production: { found: 36, solved: 36 },
  illegal_business: { found: 220, solved: 219 },
  illegal_construction: { found: 181, solved: 171 },
  production_safety: { found: 209, solved: 207 },
  petitions_stability: { found: 145, solved: 144 },
  grassroots_organisation: { found: 1, solved: 1 },
  other: { found: 4, solved: 4 },
};
/** The totals as printed in the source report (they do not equal the sum of the rows). */
export const QINLING_LEDGER_REPORTED_TOTAL = { found: 805, solved: 790, closureRatePercent: 98.14 } as const;

/** Picks a key area with the ledger's found-count proportions (for demo incidents). */
export function pickKeyArea(rng: { weightedPick<T>(items: readonly T[], weights: readonly number[]): T }): KeyAreaCode {
  return rng.weightedPick(KEY_AREA_CODES, KEY_AREA_CODES.map((c) => QINLING_LEDGER[c].found));
}
