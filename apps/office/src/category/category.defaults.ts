import { KEY_AREA_LABELS, KEY_AREAS as CONTRACT_KEY_AREAS, KeyArea } from '@grid122/contracts';
import { TimeLimit } from '../clock/time-limit';

const KA = KeyArea;

/**
 * The default category table (问题分类及处置时限): data, not code. A street loads it as-is or
 * replaces it with its own JSON of the same shape (check it with `categoryTableProblems`).
 *
 * Limits marked "field" come from street practice; the others are proposals to confirm with the
 * street office. "N days" in the field figures (7, 15, 20) are read as calendar days
 * (legal-style limits, 自然日); working hours/days are stated as such.
 */

/** In the order street ledgers print them (秦岭路街道: 非法生产, 非法经营, 非法建设 …, 其它). */
export const KEY_AREAS: readonly KeyArea[] = CONTRACT_KEY_AREAS;
export { KeyArea, KEY_AREA_LABELS };

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
  keyArea: KeyArea.IllegalConstruction,
  limits: { registerDispatch: wh(1), dispose: wh(4) },
  stages: [
    { code: 'stop_work', name: '责令停工', limit: wh(4) },
    { code: 'penalty', name: '立案处罚', limit: cd(7) },
    { code: 'demolition', name: '限期拆除', limit: cd(20) },
  ],
};

export const DEFAULT_CATEGORIES: readonly CategoryDefinition[] = [
  // 非法生产
  category('unlicensed_workshop', '无证生产作坊', KA.IllegalProduction, cd(7)),
  category('illegal_processing', '非法加工', KA.IllegalProduction, cd(7)),
  category('illegal_food_workshop', '食品黑作坊', KA.IllegalProduction, cd(7)),
  category('counterfeit_production', '制假售假', KA.IllegalProduction, cd(15)),
  category('illegal_recycling_processing', '非法废品回收加工', KA.IllegalProduction, cd(7)),

  // 非法经营
  category('unlicensed_business', '无照经营', KA.IllegalBusiness, cd(7)),
  category('street_occupation', '占道经营', KA.IllegalBusiness, wh(4)),
  category('mobile_vendor', '流动摊贩', KA.IllegalBusiness, wh(4)),
  category('illegal_fuel_selling', '非法经营加油', KA.IllegalBusiness, wd(1)),
  category('black_clinic', '黑诊所', KA.IllegalBusiness, cd(15)),
  category('black_agency', '黑中介', KA.IllegalBusiness, cd(7)),
  category('black_internet_cafe', '黑网吧', KA.IllegalBusiness, cd(7)),
  category('pyramid_selling', '非法传销', KA.IllegalBusiness, cd(15)),

  // 非法建设
  ILLEGAL_BUILDING, // field
  category('unauthorised_shed', '私搭乱建', KA.IllegalConstruction, cd(7)),
  category('load_bearing_wall_damage', '破坏承重墙', KA.IllegalConstruction, wh(4)),
  category('wall_opening_for_shop', '擅自破墙开店', KA.IllegalConstruction, cd(7)),
  category('rooftop_addition', '屋顶违法加层', KA.IllegalConstruction, cd(15)),

  // 安全生产
  category('blocked_fire_lane', '消防通道堵塞', KA.ProductionSafety, wh(4)),
  category('gas_hazard', '燃气隐患', KA.ProductionSafety, wh(2)),
  category('ebike_illegal_charging', '电动车违规充电', KA.ProductionSafety, wd(1)),
  category('hazardous_chemicals_storage', '危化品违规存储', KA.ProductionSafety, wd(1)),
  category('three_in_one_premises', '“三合一”场所', KA.ProductionSafety, wd(5)),
  category('fire_equipment_damaged', '消防设施损坏', KA.ProductionSafety, wd(2)),
  category('construction_site_hazard', '施工工地安全隐患', KA.ProductionSafety, wd(2)),

  // 信访稳定
  category('neighbour_dispute', '邻里纠纷', KA.PetitionsStability, cd(7)),
  category('family_dispute', '家庭纠纷', KA.PetitionsStability, cd(7)),
  category('labour_dispute', '劳资纠纷', KA.PetitionsStability, cd(15)),
  category('property_management_dispute', '物业纠纷', KA.PetitionsStability, cd(15)),
  category('collective_petition_sign', '群体性上访苗头', KA.PetitionsStability, wd(1)),
  category('special_population_anomaly', '特殊人群异常情况', KA.PetitionsStability, wd(1)),
  category('general_complaint', '一般诉求投诉', KA.PetitionsStability, cd(7)), // field
  category('complex_complaint', '疑难复杂诉求', KA.PetitionsStability, cd(15)), // field

  // 基层组织建设
  category('grid_worker_absent', '网格员缺岗', KA.GrassrootsOrganisation, wd(1)),
  category('building_head_vacant', '楼栋长空缺', KA.GrassrootsOrganisation, cd(7)),
  category('grid_party_group_missing', '网格党小组未建立', KA.GrassrootsOrganisation, cd(15)),
  category('grid_noticeboard_outdated', '网格公示牌缺失或信息过时', KA.GrassrootsOrganisation, wd(5)),
  category('people_diary_not_kept', '民情日志未按时记录', KA.GrassrootsOrganisation, wd(2)),

  // 其它 (city appearance and public facilities)
  category('exposed_rubbish', '暴露垃圾', KA.Other, wh(4)), // field
  category('muck', '渣土', KA.Other, wd(2)), // field
  category('greenery_upkeep', '绿化养护', KA.Other, wd(5)), // field
  category('missing_manhole_cover', '井盖缺失', KA.Other, wh(2)),
  category('broken_streetlight', '路灯损坏', KA.Other, wd(2)),
  category('low_water_meter_well', '水表井低洼', KA.Other, wd(5)),
  category('blocked_rubbish_chute', '垃圾道堵塞', KA.Other, wd(1)),
];
