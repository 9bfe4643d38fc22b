/** 催办 levels: the responsible unit first, then the commander (指挥长), then the district (区级). */
export type UrgingLevel = 'unit' | 'commander' | 'district';

export const URGING_LEVEL_LABELS: Record<UrgingLevel, { zh: string; en: string }> = {
  unit: { zh: '责任单位', en: 'Responsible unit' },
  commander: { zh: '指挥长', en: 'Commander' },
  district: { zh: '区级', en: 'District' },
};

/** One urging notice (催办) on an incident, as the incident view shows it. */
export interface UrgingView {
  id: string;
  /** The responsible party urged (for a joint dispatch, the lead 主办): a unit or a department id. */
  unit: string | null;
  departmentId: string | null;
  level: UrgingLevel;
  sentAt: string;
  /** When it rises one level if not acknowledged (working-hours clock); null at the district. */
  due: string | null;
  sentBy: string;
  note: string | null;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
}
