import { KeyArea } from '../common/key-areas';
import { labelled, ValueOf } from '../common/labelled';

/** The 13 target categories of joint enforcement (综合执法重点查处). */
export const { values: EnforcementCategory, labels: ENFORCEMENT_CATEGORY_LABELS } = labelled({
  IllegalProduction: ['illegal_production', '非法生产', 'Illegal production'],
  IllegalBusiness: ['illegal_business', '非法经营', 'Illegal business'],
  IllegalConstruction: ['illegal_construction', '非法建设', 'Illegal construction'],
  IllegalPyramidSelling: ['illegal_pyramid_selling', '非法传销', 'Illegal pyramid selling'],
  IllegalInstallation: ['illegal_installation', '非法安装', 'Illegal installation'],
  Counterfeiting: ['counterfeiting', '制假售假', 'Counterfeiting'],
  TaxEvasionFraud: ['tax_evasion_fraud', '逃税骗税', 'Tax evasion / fraud'],
  PornographyDrugs: ['pornography_drugs', '涉黄涉毒', 'Pornography and drugs'],
  ObstructingConstruction: ['obstructing_construction', '阻挠施工', 'Obstructing construction'],
  BlackWorkshop: ['black_workshop', '黑作坊', 'Black workshop'],
  BlackAgency: ['black_agency', '黑中介', 'Black agency'],
  BlackClinic: ['black_clinic', '黑诊所', 'Black clinic'],
  BlackInternetCafe: ['black_internet_cafe', '黑网吧', 'Black internet café'],
});
export type EnforcementCategory = ValueOf<typeof EnforcementCategory>;

export const ENFORCEMENT_CATEGORIES: readonly EnforcementCategory[] = Object.values(EnforcementCategory);

/** The key area (六个重点领域) each category counts under in the office's ledger. */
export const ENFORCEMENT_CATEGORY_KEY_AREA: Record<EnforcementCategory, KeyArea> = {
  [EnforcementCategory.IllegalProduction]: KeyArea.IllegalProduction,
  [EnforcementCategory.IllegalBusiness]: KeyArea.IllegalBusiness,
  [EnforcementCategory.IllegalConstruction]: KeyArea.IllegalConstruction,
  [EnforcementCategory.IllegalPyramidSelling]: KeyArea.IllegalBusiness,
  [EnforcementCategory.IllegalInstallation]: KeyArea.IllegalConstruction,
  [EnforcementCategory.Counterfeiting]: KeyArea.IllegalProduction,
  [EnforcementCategory.TaxEvasionFraud]: KeyArea.IllegalBusiness,
  [EnforcementCategory.PornographyDrugs]: KeyArea.IllegalBusiness,
  [EnforcementCategory.ObstructingConstruction]: KeyArea.IllegalConstruction,
  [EnforcementCategory.BlackWorkshop]: KeyArea.IllegalProduction,
  [EnforcementCategory.BlackAgency]: KeyArea.IllegalBusiness,
  [EnforcementCategory.BlackClinic]: KeyArea.IllegalBusiness,
  [EnforcementCategory.BlackInternetCafe]: KeyArea.IllegalBusiness,
};

/**
 * Case states (执法案件状态):
 * opened 立案 → inspecting 调查取证 → violation_confirmed 违法属实 | not_confirmed 查无违法 →
 * notice_issued 责令限期整改 → complied 整改到位 | penalty_decided 作出处罚 | forced_measure 强制措施 |
 * referred 移送 → closed 结案; returned 退回 (not the team's matter, back to the office).
 */
export const { values: EnforcementCaseState, labels: ENFORCEMENT_CASE_STATE_LABELS } = labelled({
  Opened: ['opened', '已立案', 'Opened'],
  Inspecting: ['inspecting', '调查取证', 'Inspecting'],
  ViolationConfirmed: ['violation_confirmed', '违法属实', 'Violation confirmed'],
  NotConfirmed: ['not_confirmed', '查无违法', 'Violation not confirmed'],
  NoticeIssued: ['notice_issued', '责令限期整改', 'Rectification notice issued'],
  Complied: ['complied', '整改到位', 'Complied'],
  PenaltyDecided: ['penalty_decided', '作出处罚', 'Penalty decided'],
  ForcedMeasure: ['forced_measure', '强制措施', 'Forced measure'],
  Referred: ['referred', '移送有权机关', 'Referred to another authority'],
  Closed: ['closed', '已结案', 'Closed'],
  Returned: ['returned', '已退回', 'Returned to the office'],
});
export type EnforcementCaseState = ValueOf<typeof EnforcementCaseState>;

export enum EnforcementInspectionFinding {
  Confirmed = 'confirmed', // 违法属实
  NotConfirmed = 'not_confirmed', // 查无违法
}

export enum EnforcementReinspectionResult {
  Complied = 'complied', // 整改到位
  NotComplied = 'not_complied', // 未整改到位
}

export enum EnforcementDecisionKind {
  Penalty = 'penalty', // 行政处罚
  ForcedMeasure = 'forced_measure', // 强制措施 (强制拆除, 查封, 扣押)
  Referral = 'referral', // 移送
}

export const { values: EnforcementForcedMeasureKind, labels: FORCED_MEASURE_LABELS } = labelled({
  Demolition: ['demolition', '强制拆除', 'Demolition'],
  Sealing: ['sealing', '查封', 'Sealing'],
  Seizure: ['seizure', '扣押', 'Seizure'],
  Closure: ['closure', '取缔', 'Closure (banning)'],
});
export type EnforcementForcedMeasureKind = ValueOf<typeof EnforcementForcedMeasureKind>;

export enum EnforcementSubjectKind {
  Person = 'person', // 自然人
  Organisation = 'organisation', // 单位
}

export enum RectificationNoticeStatus {
  Open = 'open', // 整改中
  Complied = 'complied', // 整改到位
  Escalated = 'escalated', // 未整改, 转处罚/强制/移送
  Closed = 'closed', // 案件结案
}

/** A joint operation's status (联合执法行动), from its time window. */
export const { values: JointOperationStatus, labels: JOINT_OPERATION_STATUS_LABELS } = labelled({
  Planned: ['planned', '待开始', 'Planned'],
  Active: ['active', '进行中', 'Active'],
  Finished: ['finished', '已结束', 'Finished'],
});
export type JointOperationStatus = ValueOf<typeof JointOperationStatus>;
