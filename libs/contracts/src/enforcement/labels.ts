import { KeyArea } from '../common/key-areas';

/** The 13 target categories of joint enforcement (综合执法重点查处). */
export enum EnforcementCategory {
  IllegalProduction = 'illegal_production',
  IllegalBusiness = 'illegal_business',
  IllegalConstruction = 'illegal_construction',
  IllegalPyramidSelling = 'illegal_pyramid_selling',
  IllegalInstallation = 'illegal_installation',
  Counterfeiting = 'counterfeiting',
  TaxEvasionFraud = 'tax_evasion_fraud',
  PornographyDrugs = 'pornography_drugs',
  ObstructingConstruction = 'obstructing_construction',
  BlackWorkshop = 'black_workshop',
  BlackAgency = 'black_agency',
  BlackClinic = 'black_clinic',
  BlackInternetCafe = 'black_internet_cafe',
}

export const ENFORCEMENT_CATEGORIES: readonly EnforcementCategory[] = Object.values(EnforcementCategory);

export const ENFORCEMENT_CATEGORY_LABELS: Record<EnforcementCategory, { zh: string; en: string }> = {
  [EnforcementCategory.IllegalProduction]: { zh: '非法生产', en: 'Illegal production' },
  [EnforcementCategory.IllegalBusiness]: { zh: '非法经营', en: 'Illegal business' },
  [EnforcementCategory.IllegalConstruction]: { zh: '非法建设', en: 'Illegal construction' },
  [EnforcementCategory.IllegalPyramidSelling]: { zh: '非法传销', en: 'Illegal pyramid selling' },
  [EnforcementCategory.IllegalInstallation]: { zh: '非法安装', en: 'Illegal installation' },
  [EnforcementCategory.Counterfeiting]: { zh: '制假售假', en: 'Counterfeiting' },
  [EnforcementCategory.TaxEvasionFraud]: { zh: '逃税骗税', en: 'Tax evasion / fraud' },
  [EnforcementCategory.PornographyDrugs]: { zh: '涉黄涉毒', en: 'Pornography and drugs' },
  [EnforcementCategory.ObstructingConstruction]: { zh: '阻挠施工', en: 'Obstructing construction' },
  [EnforcementCategory.BlackWorkshop]: { zh: '黑作坊', en: 'Black workshop' },
  [EnforcementCategory.BlackAgency]: { zh: '黑中介', en: 'Black agency' },
  [EnforcementCategory.BlackClinic]: { zh: '黑诊所', en: 'Black clinic' },
  [EnforcementCategory.BlackInternetCafe]: { zh: '黑网吧', en: 'Black internet café' },
};

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
export enum EnforcementCaseState {
  Opened = 'opened',
  Inspecting = 'inspecting',
  ViolationConfirmed = 'violation_confirmed',
  NotConfirmed = 'not_confirmed',
  NoticeIssued = 'notice_issued',
  Complied = 'complied',
  PenaltyDecided = 'penalty_decided',
  ForcedMeasure = 'forced_measure',
  Referred = 'referred',
  Closed = 'closed',
  Returned = 'returned',
}

export const ENFORCEMENT_CASE_STATE_LABELS: Record<EnforcementCaseState, { zh: string; en: string }> = {
  [EnforcementCaseState.Opened]: { zh: '已立案', en: 'Opened' },
  [EnforcementCaseState.Inspecting]: { zh: '调查取证', en: 'Inspecting' },
  [EnforcementCaseState.ViolationConfirmed]: { zh: '违法属实', en: 'Violation confirmed' },
  [EnforcementCaseState.NotConfirmed]: { zh: '查无违法', en: 'Violation not confirmed' },
  [EnforcementCaseState.NoticeIssued]: { zh: '责令限期整改', en: 'Rectification notice issued' },
  [EnforcementCaseState.Complied]: { zh: '整改到位', en: 'Complied' },
  [EnforcementCaseState.PenaltyDecided]: { zh: '作出处罚', en: 'Penalty decided' },
  [EnforcementCaseState.ForcedMeasure]: { zh: '强制措施', en: 'Forced measure' },
  [EnforcementCaseState.Referred]: { zh: '移送有权机关', en: 'Referred to another authority' },
  [EnforcementCaseState.Closed]: { zh: '已结案', en: 'Closed' },
  [EnforcementCaseState.Returned]: { zh: '已退回', en: 'Returned to the office' },
};

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

export enum EnforcementForcedMeasureKind {
  Demolition = 'demolition', // 强制拆除
  Sealing = 'sealing', // 查封
  Seizure = 'seizure', // 扣押
  Closure = 'closure', // 取缔
}

export const FORCED_MEASURE_LABELS: Record<EnforcementForcedMeasureKind, { zh: string; en: string }> = {
  [EnforcementForcedMeasureKind.Demolition]: { zh: '强制拆除', en: 'Demolition' },
  [EnforcementForcedMeasureKind.Sealing]: { zh: '查封', en: 'Sealing' },
  [EnforcementForcedMeasureKind.Seizure]: { zh: '扣押', en: 'Seizure' },
  [EnforcementForcedMeasureKind.Closure]: { zh: '取缔', en: 'Closure (banning)' },
};

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

export enum JointOperationStatus {
  Planned = 'planned', // 待开始
  Active = 'active', // 进行中
  Finished = 'finished', // 已结束
}
