/** The six key areas (六个重点领域) plus "other" (其它): the classification of every problem. */
export enum KeyArea {
  IllegalProduction = 'illegal_production',
  IllegalBusiness = 'illegal_business',
  IllegalConstruction = 'illegal_construction',
  ProductionSafety = 'production_safety',
  PetitionsStability = 'petitions_stability',
  GrassrootsOrganisation = 'grassroots_organisation',
  Other = 'other',
}

export const KEY_AREAS: readonly KeyArea[] = Object.values(KeyArea);

export const KEY_AREA_LABELS: Record<KeyArea, { zh: string; en: string }> = {
  [KeyArea.IllegalProduction]: { zh: '非法生产', en: 'Illegal production' },
  [KeyArea.IllegalBusiness]: { zh: '非法经营', en: 'Illegal business' },
  [KeyArea.IllegalConstruction]: { zh: '非法建设', en: 'Illegal construction' },
  [KeyArea.ProductionSafety]: { zh: '安全生产', en: 'Safety in production' },
  [KeyArea.PetitionsStability]: { zh: '信访稳定', en: 'Petitions & stability' },
  [KeyArea.GrassrootsOrganisation]: { zh: '基层组织建设', en: 'Grassroots-organisation building' },
  [KeyArea.Other]: { zh: '其它', en: 'Other' },
};
