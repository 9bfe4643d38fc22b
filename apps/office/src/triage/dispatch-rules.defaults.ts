import { KeyArea, Unit } from '@grid122/contracts';

/** A category's dispatch rule (派遣建议): the unit of "122" to lead, and district departments by code. */
export interface DispatchRule {
  unit: Unit | null;
  departmentCodes: readonly string[];
}

const rule = (unit: Unit | null, ...departmentCodes: string[]): DispatchRule => ({ unit, departmentCodes });
const E = Unit.Enforcement;
const P = Unit.Petitions;
const S = Unit.Social;
const O = Unit.Organisation;

/**
 * The seeded table (migration `TriageDispatchRules`; editable with `PUT /api/v1/dispatch-rules/{category}`):
 * the enforcement team (综合执法队) for what is enforced, the petitions group (综合信访稳定组) for
 * disputes and petitions, the social team (社会服务队) for public facilities and upkeep, the
 * organisation group (基层组织建设组) for the grids' own gaps; the departments are the district's
 * "lines" (条) that usually act with them (department codes of the registry).
 */
export const DEFAULT_DISPATCH_RULES: Readonly<Record<string, DispatchRule>> = {
  // 非法生产
  unlicensed_workshop: rule(E, 'market_regulation', 'environmental_protection'),
  illegal_processing: rule(E, 'market_regulation', 'environmental_protection'),
  illegal_food_workshop: rule(E, 'market_regulation', 'health'),
  counterfeit_production: rule(E, 'market_regulation', 'public_security'),
  illegal_recycling_processing: rule(E, 'environmental_protection', 'commerce'),
  // 非法经营
  unlicensed_business: rule(E, 'market_regulation'),
  street_occupation: rule(E, 'urban_management'),
  mobile_vendor: rule(E, 'urban_management'),
  illegal_fuel_selling: rule(E, 'emergency_management', 'market_regulation'),
  black_clinic: rule(E, 'health'),
  black_agency: rule(E, 'housing_administration', 'market_regulation'),
  black_internet_cafe: rule(E, 'culture_tourism', 'public_security'),
  pyramid_selling: rule(E, 'public_security', 'market_regulation'),
  // 非法建设
  illegal_building: rule(E, 'urban_management', 'planning_resources'),
  unauthorised_shed: rule(E, 'urban_management'),
  load_bearing_wall_damage: rule(E, 'housing_construction'),
  wall_opening_for_shop: rule(E, 'urban_management', 'housing_construction'),
  rooftop_addition: rule(E, 'urban_management', 'planning_resources'),
  // 安全生产
  blocked_fire_lane: rule(E, 'fire_rescue'),
  gas_hazard: rule(E, 'gas_supply', 'emergency_management'),
  ebike_illegal_charging: rule(E, 'fire_rescue'),
  hazardous_chemicals_storage: rule(E, 'emergency_management', 'fire_rescue'),
  three_in_one_premises: rule(E, 'fire_rescue', 'emergency_management'),
  fire_equipment_damaged: rule(S, 'fire_rescue'),
  construction_site_hazard: rule(E, 'housing_construction', 'emergency_management'),
  // 信访稳定
  neighbour_dispute: rule(P, 'justice'),
  family_dispute: rule(P, 'justice', 'womens_federation'),
  labour_dispute: rule(P, 'human_resources_social_security'),
  property_management_dispute: rule(P, 'housing_administration'),
  collective_petition_sign: rule(P, 'petitions_bureau', 'public_security'),
  special_population_anomaly: rule(P, 'public_security', 'civil_affairs'),
  general_complaint: rule(P),
  complex_complaint: rule(P, 'petitions_bureau'),
  // 基层组织建设
  grid_worker_absent: rule(O),
  building_head_vacant: rule(O, 'civil_affairs'),
  grid_party_group_missing: rule(O, 'organisation_dept'),
  grid_noticeboard_outdated: rule(O),
  people_diary_not_kept: rule(O),
  // 其它 (city appearance and public facilities)
  exposed_rubbish: rule(S, 'urban_management'),
  muck: rule(E, 'urban_management'),
  greenery_upkeep: rule(S, 'landscaping'),
  missing_manhole_cover: rule(S, 'urban_management', 'water_affairs'),
  broken_streetlight: rule(S, 'urban_management'),
  low_water_meter_well: rule(S, 'water_supply'),
  blocked_rubbish_chute: rule(S, 'housing_administration'),
};

/** For a category without a rule (one added in SQL later): the unit that usually leads its key area. */
export const KEY_AREA_UNIT: Readonly<Record<KeyArea, Unit>> = {
  [KeyArea.IllegalProduction]: E,
  [KeyArea.IllegalBusiness]: E,
  [KeyArea.IllegalConstruction]: E,
  [KeyArea.ProductionSafety]: E,
  [KeyArea.PetitionsStability]: P,
  [KeyArea.GrassrootsOrganisation]: O,
  [KeyArea.Other]: S,
};
