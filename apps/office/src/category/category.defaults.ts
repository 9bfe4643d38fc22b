import { TimeLimit } from '../clock/time-limit';

/**
 * The default category table (问题分类及处置时限): data, not code. A street loads it as-is or
 * replaces it with its own JSON of the same shape (check it with `categoryTableProblems`).
 *
 * Limits marked "field" come from street practice; the others are proposals to confirm with the
 * street office. "N days" in the field figures (7, 15, 20) are read as calendar days
 * (legal-style limits, 自然日); working hours/days are stated as such.
 */

/** The six key areas (六个重点领域) plus 其它: every problem is classified into one. */
export type KeyArea =
  | 'illegal_production'
  | 'illegal_business'
  | 'illegal_construction'
  | 'production_safety'
  | 'petitions_stability'
  | 'grassroots_organisation'
  | 'other';

/** In the order street ledgers print them (秦岭路街道: 非法生产, 非法经营, 非法建设 …, 其它). */
export const KEY_AREAS: readonly KeyArea[] = [
  'illegal_production',
  'illegal_business',
  'illegal_construction',
  'production_safety',
  'petitions_stability',
  'grassroots_organisation',
  'other',
];

export const KEY_AREA_LABELS: Readonly<Record<KeyArea, { zh: string; en: string }>> = {
  illegal_production: { zh: '非法生产', en: 'Illegal production' },
  illegal_business: { zh: '非法经营', en: 'Illegal business' },
  illegal_construction: { zh: '非法建设', en: 'Illegal construction' },
  production_safety: { zh: '安全生产', en: 'Safety in production' },
  petitions_stability: { zh: '信访稳定', en: 'Petitions & stability' },
  grassroots_organisation: { zh: '基层组织建设', en: 'Grassroots-organisation building' },
  other: { zh: '其它', en: 'Other' },
};

/** A step of a staged disposal, with its own clock (starting when the previous step is done). */
export interface CategoryStage {
  code: string;
  name: string;
  limit: TimeLimit;
}

export interface CategoryDefinition {
  /** ascii snake_case, stable: stored on incidents. */
  code: string;
  /** Chinese name as shown to staff. */
  name: string;
  keyArea: KeyArea;
  limits: {
    /** From registration to dispatch (登记派遣). */
    registerDispatch: TimeLimit;
    /** From dispatch to disposal done (处置); for a staged category, the first stage's limit. */
    dispose: TimeLimit;
  };
  /** Staged disposal, in order; `limits.dispose` equals the first stage's limit. */
  stages?: CategoryStage[];
}

// Fresh objects each time so that no two rows share a mutable limit.
const wh = (value: number): TimeLimit => ({ value, unit: 'working_hours' });
const wd = (value: number): TimeLimit => ({ value, unit: 'working_days' });
const cd = (value: number): TimeLimit => ({ value, unit: 'calendar_days' });

/** field: register and dispatch within 1 working hour. */
export const DEFAULT_REGISTER_DISPATCH_LIMIT: Readonly<TimeLimit> = wh(1);
/** field: general complaints 7 days, complex ones 15 days. */
export const GENERAL_DISPOSE_LIMIT: Readonly<TimeLimit> = cd(7);
export const COMPLEX_DISPOSE_LIMIT: Readonly<TimeLimit> = cd(15);

const category = (code: string, name: string, keyArea: KeyArea, dispose: TimeLimit): CategoryDefinition => ({
  code,
  name,
  keyArea,
  limits: { registerDispatch: wh(1), dispose },
});

/**
 * 违法建设 (field: stop work within 4 working hours, penalty within 7 days, demolition within 20
 * days) is ONE category with three stages rather than three categories: it is one problem found on
 * the grid and one row of the ledger (秦岭路街道 counts illegal construction 181 found / 171
 * solved), so three categories would count it three times and let the stages drift apart. Each
 * stage gets its own clock from the end of the previous one; the office's disposal clock is the
 * first stage (stop work), while the penalty and demolition are run by the joint enforcement team.
 */
const ILLEGAL_BUILDING: CategoryDefinition = {
  code: 'illegal_building',
  name: '违法建设',
  keyArea: 'illegal_construction',
  limits: { registerDispatch: wh(1), dispose: wh(4) },
  stages: [
    { code: 'stop_work', name: '责令停工', limit: wh(4) },
    { code: 'penalty', name: '立案处罚', limit: cd(7) },
    { code: 'demolition', name: '限期拆除', limit: cd(20) },
  ],
};

export const DEFAULT_CATEGORIES: readonly CategoryDefinition[] = [
  // 非法生产
  category('unlicensed_workshop', '无证生产作坊', 'illegal_production', cd(7)),
  category('illegal_processing', '非法加工', 'illegal_production', cd(7)),
  category('illegal_food_workshop', '食品黑作坊', 'illegal_production', cd(7)),
  category('counterfeit_production', '制假售假', 'illegal_production', cd(15)),
  category('illegal_recycling_processing', '非法废品回收加工', 'illegal_production', cd(7)),

  // 非法经营
  category('unlicensed_business', '无照经营', 'illegal_business', cd(7)),
  category('street_occupation', '占道经营', 'illegal_business', wh(4)),
  category('mobile_vendor', '流动摊贩', 'illegal_business', wh(4)),
  category('illegal_fuel_selling', '非法经营加油', 'illegal_business', wd(1)),
  category('black_clinic', '黑诊所', 'illegal_business', cd(15)),
  category('black_agency', '黑中介', 'illegal_business', cd(7)),
  category('black_internet_cafe', '黑网吧', 'illegal_business', cd(7)),
  category('pyramid_selling', '非法传销', 'illegal_business', cd(15)),

  // 非法建设
  ILLEGAL_BUILDING, // field
  category('unauthorised_shed', '私搭乱建', 'illegal_construction', cd(7)),
  category('load_bearing_wall_damage', '破坏承重墙', 'illegal_construction', wh(4)),
  category('wall_opening_for_shop', '擅自破墙开店', 'illegal_construction', cd(7)),
  category('rooftop_addition', '屋顶违法加层', 'illegal_construction', cd(15)),

  // 安全生产
  category('blocked_fire_lane', '消防通道堵塞', 'production_safety', wh(4)),
  category('gas_hazard', '燃气隐患', 'production_safety', wh(2)),
  category('ebike_illegal_charging', '电动车违规充电', 'production_safety', wd(1)),
  category('hazardous_chemicals_storage', '危化品违规存储', 'production_safety', wd(1)),
  category('three_in_one_premises', '“三合一”场所', 'production_safety', wd(5)),
  category('fire_equipment_damaged', '消防设施损坏', 'production_safety', wd(2)),
  category('construction_site_hazard', '施工工地安全隐患', 'production_safety', wd(2)),

  // 信访稳定
  category('neighbour_dispute', '邻里纠纷', 'petitions_stability', cd(7)),
  category('family_dispute', '家庭纠纷', 'petitions_stability', cd(7)),
  category('labour_dispute', '劳资纠纷', 'petitions_stability', cd(15)),
  category('property_management_dispute', '物业纠纷', 'petitions_stability', cd(15)),
  category('collective_petition_sign', '群体性上访苗头', 'petitions_stability', wd(1)),
  category('special_population_anomaly', '特殊人群异常情况', 'petitions_stability', wd(1)),
  category('general_complaint', '一般诉求投诉', 'petitions_stability', cd(7)), // field
  category('complex_complaint', '疑难复杂诉求', 'petitions_stability', cd(15)), // field

  // 基层组织建设
  category('grid_worker_absent', '网格员缺岗', 'grassroots_organisation', wd(1)),
  category('building_head_vacant', '楼栋长空缺', 'grassroots_organisation', cd(7)),
  category('grid_party_group_missing', '网格党小组未建立', 'grassroots_organisation', cd(15)),
  category('grid_noticeboard_outdated', '网格公示牌缺失或信息过时', 'grassroots_organisation', wd(5)),
  category('people_diary_not_kept', '民情日志未按时记录', 'grassroots_organisation', wd(2)),

  // 其它 (city appearance and public facilities)
  category('exposed_rubbish', '暴露垃圾', 'other', wh(4)), // field
  category('muck', '渣土', 'other', wd(2)), // field
  category('greenery_upkeep', '绿化养护', 'other', wd(5)), // field
  category('missing_manhole_cover', '井盖缺失', 'other', wh(2)),
  category('broken_streetlight', '路灯损坏', 'other', wd(2)),
  category('low_water_meter_well', '水表井低洼', 'other', wd(5)),
  category('blocked_rubbish_chute', '垃圾道堵塞', 'other', wd(1)),
];
