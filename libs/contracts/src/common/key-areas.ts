import { labelled, ValueOf } from './labelled';

/** The six key areas (六个重点领域) plus "other" (其它): the classification of every problem. */
export const { values: KeyArea, labels: KEY_AREA_LABELS } = labelled({
  IllegalProduction: ['illegal_production', '非法生产', 'Illegal production'],
  IllegalBusiness: ['illegal_business', '非法经营', 'Illegal business'],
  IllegalConstruction: ['illegal_construction', '非法建设', 'Illegal construction'],
  ProductionSafety: ['production_safety', '安全生产', 'Safety in production'],
  PetitionsStability: ['petitions_stability', '信访稳定', 'Petitions & stability'],
  GrassrootsOrganisation: ['grassroots_organisation', '基层组织建设', 'Grassroots-organisation building'],
  Other: ['other', '其它', 'Other'],
});
export type KeyArea = ValueOf<typeof KeyArea>;

export const KEY_AREAS: readonly KeyArea[] = Object.values(KeyArea);
