/** Enums of the petitions & stability group (综合信访稳定组) with their Chinese and English labels. */
import { Label, labelled, ValueOf } from '../common/labelled';

/** How a petition arrived (信访渠道). */
export const { values: PetitionChannel, labels: PETITION_CHANNEL_LABELS } = labelled({
  Visit: ['visit', '来访', 'Visit'],
  Letter: ['letter', '来信', 'Letter'],
  Phone: ['phone', '来电', 'Phone'],
  Online: ['online', '网上信访', 'Online'],
  OfficeDispatch: ['office_dispatch', '指挥中心派遣', 'Dispatched by the office'],
});
export type PetitionChannel = ValueOf<typeof PetitionChannel>;

export const { values: PetitionerKind, labels: PETITIONER_KIND_LABELS } = labelled({
  Person: ['person', '个人', 'Person'],
  Group: ['group', '群体', 'Group'],
});
export type PetitionerKind = ValueOf<typeof PetitionerKind>;

/** A collective petition (集体访) is one brought by this many people or more. */
export const COLLECTIVE_HEADCOUNT = 5;

/** What the petition is about; with the petitioner it decides whether a petition repeats (重复信访). */
export const { values: PetitionMatter, labels: PETITION_MATTER_LABELS } = labelled({
  DemolitionCompensation: ['demolition_compensation', '征收拆迁补偿', 'Demolition compensation'],
  WageArrears: ['wage_arrears', '拖欠工资', 'Wage arrears'],
  PropertyManagement: ['property_management', '物业管理', 'Property management'],
  Housing: ['housing', '住房保障', 'Housing'],
  SocialSecurity: ['social_security', '社会保障', 'Social security'],
  Environment: ['environment', '环境污染', 'Environment'],
  UrbanManagement: ['urban_management', '城市管理', 'Urban management'],
  Neighbourhood: ['neighbourhood', '邻里关系', 'Neighbourhood'],
  LawAndEnforcement: ['law_and_enforcement', '涉法涉诉', 'Law and enforcement'],
  Other: ['other', '其它', 'Other'],
});
export type PetitionMatter = ValueOf<typeof PetitionMatter>;

/** 登记 → 受理/不予受理 → 答复 → 办结; or 退回 (a dispatched one sent back to the office). */
export const { values: PetitionState, labels: PETITION_STATE_LABELS } = labelled({
  Received: ['received', '已登记', 'Received'],
  Accepted: ['accepted', '已受理', 'Accepted'],
  NotAccepted: ['not_accepted', '不予受理', 'Not accepted'],
  Replied: ['replied', '已答复', 'Replied on the merits'],
  Closed: ['closed', '已办结', 'Closed'],
  Returned: ['returned', '已退回', 'Returned to the office'],
});
export type PetitionState = ValueOf<typeof PetitionState>;

/** Which time limit a petition has passed (超期). */
export enum PetitionOverdueKind {
  Acceptance = 'acceptance',
  Reply = 'reply',
}

/** 三层接访: topic receptions by the secretary / director, appointments with the member in charge, home visits. */
export const { values: ReceptionKind, labels: RECEPTION_KIND_LABELS } = labelled({
  Topic: ['topic', '点题接访', 'Topic reception'],
  Appointment: ['appointment', '预约接访', 'Appointment reception'],
  HomeVisit: ['home_visit', '上门接访', 'Home visit'],
});
export type ReceptionKind = ValueOf<typeof ReceptionKind>;

export const { values: LeaderTitle, labels: LEADER_TITLE_LABELS } = labelled({
  PartySecretary: ['party_secretary', '街道党工委书记', 'Party secretary'],
  OfficeDirector: ['office_director', '街道办事处主任', 'Office director'],
  MemberInCharge: ['member_in_charge', '分管领导', 'Leader in charge'],
  Other: ['other', '其他领导', 'Other leader'],
});
export type LeaderTitle = ValueOf<typeof LeaderTitle>;

export const { values: ReceptionState, labels: RECEPTION_STATE_LABELS } = labelled({
  Scheduled: ['scheduled', '已排期', 'Scheduled'],
  Published: ['published', '已公布', 'Published'],
  Held: ['held', '已接访', 'Held'],
  Cancelled: ['cancelled', '已取消', 'Cancelled'],
});
export type ReceptionState = ValueOf<typeof ReceptionState>;

/** Types of dispute (矛盾纠纷类型); `other` for the rest. */
export const { values: DisputeType, labels: DISPUTE_TYPE_LABELS } = labelled({
  Neighbour: ['neighbour', '邻里纠纷', 'Neighbour'],
  Family: ['family', '婚姻家庭纠纷', 'Family'],
  PropertyManagement: ['property_management', '物业纠纷', 'Property management'],
  Labour: ['labour', '劳资纠纷', 'Labour'],
  LandHousing: ['land_housing', '房屋土地纠纷', 'Land and housing'],
  ContractDebt: ['contract_debt', '合同债务纠纷', 'Contract and debt'],
  Traffic: ['traffic', '交通事故纠纷', 'Traffic accident'],
  Medical: ['medical', '医疗纠纷', 'Medical'],
  Other: ['other', '其它纠纷', 'Other'],
});
export type DisputeType = ValueOf<typeof DisputeType>;

/** Office incident categories that open a dispute case rather than a petition. */
export const DISPUTE_CATEGORIES: Readonly<Record<string, DisputeType>> = {
  neighbour_dispute: DisputeType.Neighbour,
  family_dispute: DisputeType.Family,
  labour_dispute: DisputeType.Labour,
  property_management_dispute: DisputeType.PropertyManagement,
};

export const { values: MediatorKind, labels: MEDIATOR_KIND_LABELS } = labelled({
  GridMediator: ['grid_mediator', '网格调解员', 'Grid mediator'],
  JudicialWorker: ['judicial_worker', '司法所工作人员', 'Judicial worker'],
  Police: ['police', '网格民警', 'Police on the grid'],
  CommunityCadre: ['community_cadre', '社区干部', 'Community cadre'],
  Lawyer: ['lawyer', '法律顾问', 'Lawyer'],
  Other: ['other', '其他', 'Other'],
});
export type MediatorKind = ValueOf<typeof MediatorKind>;

/** 受理 → 调解中 → 调解成功(settled) / 调解不成转办(referred) → 办结; 退回 for a dispatched one. */
export const { values: DisputeState, labels: DISPUTE_STATE_LABELS } = labelled({
  Open: ['open', '已受理', 'Open'],
  Mediating: ['mediating', '调解中', 'Mediating'],
  Settled: ['settled', '调解成功', 'Settled'],
  Referred: ['referred', '调解不成已转办', 'Failed, referred'],
  Closed: ['closed', '已办结', 'Closed'],
  Returned: ['returned', '已退回', 'Returned to the office'],
});
export type DisputeState = ValueOf<typeof DisputeState>;

/** Where a dispute was settled (化解层级): "小事不出网格，大事不出社区". */
export const { values: SettledLevel, labels: SETTLED_LEVEL_LABELS } = labelled({
  Grid: ['grid', '网格', 'Grid'],
  Community: ['community', '社区', 'Community'],
  Street: ['street', '街道', 'Street'],
  District: ['district', '区级', 'District'],
});
export type SettledLevel = ValueOf<typeof SettledLevel>;

export const { values: SessionResult, labels: SESSION_RESULT_LABELS } = labelled({
  Continued: ['continued', '继续调解', 'To be continued'],
  Agreement: ['agreement', '达成协议', 'Agreement reached'],
  Failed: ['failed', '调解不成', 'Failed'],
});
export type SessionResult = ValueOf<typeof SessionResult>;

/** The built-in registers of special populations (特殊人群); more can be configured. */
export const { values: SpecialCategory, labels: SPECIAL_CATEGORY_LABELS } = labelled({
  CommunityCorrections: ['community_corrections', '社区矫正人员', 'Community corrections'],
  ReleasedPrisoner: ['released_prisoner', '刑满释放人员', 'Released prisoner'],
  SevereMentalDisorder: ['severe_mental_disorder', '严重精神障碍患者', 'Severe mental disorder'],
  DrugUser: ['drug_user', '吸毒人员', 'Drug user'],
  KeyYouth: ['key_youth', '重点青少年', 'Key youth'],
});
export type SpecialCategory = ValueOf<typeof SpecialCategory>;

export const { values: RiskLevel, labels: RISK_LEVEL_LABELS } = labelled({
  Low: ['low', '低风险', 'Low'],
  Medium: ['medium', '中风险', 'Medium'],
  High: ['high', '高风险', 'High'],
});
export type RiskLevel = ValueOf<typeof RiskLevel>;

export const { values: FollowUpMethod, labels: FOLLOW_UP_METHOD_LABELS } = labelled({
  HomeVisit: ['home_visit', '入户走访', 'Home visit'],
  Talk: ['talk', '约谈', 'Talk'],
  Phone: ['phone', '电话随访', 'Phone'],
  Video: ['video', '视频随访', 'Video'],
});
export type FollowUpMethod = ValueOf<typeof FollowUpMethod>;

/** 四级预警: 1 blue (蓝) … 4 red (红). */
export enum WarningLevel {
  Blue = 1,
  Yellow = 2,
  Orange = 3,
  Red = 4,
}
export const WARNING_LEVEL_LABELS: Record<WarningLevel, Label & { colour: string }> = {
  [WarningLevel.Blue]: { zh: '蓝色预警（四级）', en: 'Blue (level 1)', colour: 'blue' },
  [WarningLevel.Yellow]: { zh: '黄色预警（三级）', en: 'Yellow (level 2)', colour: 'yellow' },
  [WarningLevel.Orange]: { zh: '橙色预警（二级）', en: 'Orange (level 3)', colour: 'orange' },
  [WarningLevel.Red]: { zh: '红色预警（一级）', en: 'Red (level 4)', colour: 'red' },
};

/**
 * Follow-up interval in days for high-risk people while a warning of this level covers their grid
 * (medium-risk people go weekly from orange up). The tighter of this and their own interval wins.
 */
export const WARNING_HIGH_RISK_FOLLOW_UP_DAYS: Record<WarningLevel, number> = {
  [WarningLevel.Blue]: 7,
  [WarningLevel.Yellow]: 3,
  [WarningLevel.Orange]: 2,
  [WarningLevel.Red]: 1,
};

export const { values: WarningReason, labels: WARNING_REASON_LABELS } = labelled({
  Holiday: ['holiday', '节假日', 'Holiday'],
  MajorEvent: ['major_event', '重大活动', 'Major event'],
  Demolition: ['demolition', '征收拆迁', 'Demolition'],
  SensitiveDate: ['sensitive_date', '敏感节点', 'Sensitive date'],
  CollectiveIncident: ['collective_incident', '群体性事件苗头', 'Signs of a collective incident'],
  Other: ['other', '其它', 'Other'],
});
export type WarningReason = ValueOf<typeof WarningReason>;

export enum WarningState {
  Active = 'active',
  Lifted = 'lifted',
}

/** What an identity reveal or export was about (the audit's `subject_type`). */
export enum IdentitySubject {
  Petition = 'petition',
  Dispute = 'dispute',
  SpecialPerson = 'special_person',
  FloatingPerson = 'floating_person',
  Export = 'export',
}
