import { ENFORCEMENT_CATEGORIES, EnforcementCategory, KeyArea } from '@grid122/contracts';

/**
 * The office classifies problems with its own category table (问题分类); a dispatched incident is
 * mapped to one of the 13 enforcement categories by its code, else by its key area. The inspection
 * may re-classify it (logged).
 */
const BY_OFFICE_CATEGORY: Record<string, EnforcementCategory> = {
  unlicensed_workshop: EnforcementCategory.BlackWorkshop,
  illegal_food_workshop: EnforcementCategory.BlackWorkshop,
  illegal_processing: EnforcementCategory.IllegalProduction,
  illegal_recycling_processing: EnforcementCategory.IllegalProduction,
  counterfeit_production: EnforcementCategory.Counterfeiting,
  unlicensed_business: EnforcementCategory.IllegalBusiness,
  street_occupation: EnforcementCategory.IllegalBusiness,
  mobile_vendor: EnforcementCategory.IllegalBusiness,
  illegal_fuel_selling: EnforcementCategory.IllegalBusiness,
  pyramid_selling: EnforcementCategory.IllegalPyramidSelling,
  illegal_building: EnforcementCategory.IllegalConstruction,
  unauthorised_shed: EnforcementCategory.IllegalConstruction,
  load_bearing_wall_damage: EnforcementCategory.IllegalConstruction,
  wall_opening_for_shop: EnforcementCategory.IllegalConstruction,
  rooftop_addition: EnforcementCategory.IllegalConstruction,
};

export function enforcementCategoryFor(officeCategory: string | null | undefined, keyArea: KeyArea | null | undefined): EnforcementCategory {
  if (officeCategory && (ENFORCEMENT_CATEGORIES as readonly string[]).includes(officeCategory)) return officeCategory as EnforcementCategory;
  if (officeCategory && BY_OFFICE_CATEGORY[officeCategory]) return BY_OFFICE_CATEGORY[officeCategory];
  if (keyArea === KeyArea.IllegalProduction) return EnforcementCategory.IllegalProduction;
  if (keyArea === KeyArea.IllegalConstruction) return EnforcementCategory.IllegalConstruction;
  return EnforcementCategory.IllegalBusiness;
}
