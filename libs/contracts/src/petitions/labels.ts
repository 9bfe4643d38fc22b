/** Enums of the petitions & stability group (综合信访稳定组) with their Chinese and English labels. */
type Label = { zh: string; en: string };

/** How a petition arrived (信访渠道). */
export enum PetitionChannel {
  Visit = 'visit',
  Letter = 'letter',
  Phone = 'phone',
  Online = 'online',
  OfficeDispatch = 'office_dispatch',
}
export const PETITION_CHANNEL_LABELS: Record<PetitionChannel, Label> = {
  [PetitionChannel.Visit]: { zh: '来访', en: 'Visit' },
  [PetitionChannel.Letter]: { zh: '来信', en: 'Letter' },
  [PetitionChannel.Phone]: { zh: '来电', en: 'Phone' },
  [PetitionChannel.Online]: { zh: '网上信访', en: 'Online' },
  [PetitionChannel.OfficeDispatch]: { zh: '指挥中心派遣', en: 'Dispatched by the office' },
};

export enum PetitionerKind {
  Person = 'person',
  Group = 'group',
}
export const PETITIONER_KIND_LABELS: Record<PetitionerKind, Label> = {
  [PetitionerKind.Person]: { zh: '个人', en: 'Person' },
  [PetitionerKind.Group]: { zh: '群体', en: 'Group' },
};

/** A collective petition (集体访) is one brought by this many people or more. */
export const COLLECTIVE_HEADCOUNT = 5;

/** What the petition is about; with the petitioner it decides whether a petition repeats (重复信访). */
export enum PetitionMatter {
  DemolitionCompensation = 'demolition_compensation',
  WageArrears = 'wage_arrears',
  PropertyManagement = 'property_management',
  Housing = 'housing',
  SocialSecurity = 'social_security',
  Environment = 'environment',
  UrbanManagement = 'urban_management',
  Neighbourhood = 'neighbourhood',
  LawAndEnforcement = 'law_and_enforcement',
  Other = 'other',
}
export const PETITION_MATTER_LABELS: Record<PetitionMatter, Label> = {
  [PetitionMatter.DemolitionCompensation]: { zh: '征收拆迁补偿', en: 'Demolition compensation' },
  [PetitionMatter.WageArrears]: { zh: '拖欠工资', en: 'Wage arrears' },
  [PetitionMatter.PropertyManagement]: { zh: '物业管理', en: 'Property management' },
  [PetitionMatter.Housing]: { zh: '住房保障', en: 'Housing' },
  [PetitionMatter.SocialSecurity]: { zh: '社会保障', en: 'Social security' },
  [PetitionMatter.Environment]: { zh: '环境污染', en: 'Environment' },
  [PetitionMatter.UrbanManagement]: { zh: '城市管理', en: 'Urban management' },
  [PetitionMatter.Neighbourhood]: { zh: '邻里关系', en: 'Neighbourhood' },
  [PetitionMatter.LawAndEnforcement]: { zh: '涉法涉诉', en: 'Law and enforcement' },
  [PetitionMatter.Other]: { zh: '其它', en: 'Other' },
};

/** 登记 → 受理/不予受理 → 答复 → 办结; or 退回 (a dispatched one sent back to the office). */
export enum PetitionState {
  Received = 'received',
  Accepted = 'accepted',
  NotAccepted = 'not_accepted',
  Replied = 'replied',
  Closed = 'closed',
  Returned = 'returned',
}
export const PETITION_STATE_LABELS: Record<PetitionState, Label> = {
  [PetitionState.Received]: { zh: '已登记', en: 'Received' },
  [PetitionState.Accepted]: { zh: '已受理', en: 'Accepted' },
  [PetitionState.NotAccepted]: { zh: '不予受理', en: 'Not accepted' },
  [PetitionState.Replied]: { zh: '已答复', en: 'Replied on the merits' },
  [PetitionState.Closed]: { zh: '已办结', en: 'Closed' },
  [PetitionState.Returned]: { zh: '已退回', en: 'Returned to the office' },
};

/** Which time limit a petition has passed (超期). */
export enum PetitionOverdueKind {
  Acceptance = 'acceptance',
  Reply = 'reply',
}

/** 三层接访: topic receptions by the secretary / director, appointments with the member in charge, home visits. */
export enum ReceptionKind {
  Topic = 'topic',
  Appointment = 'appointment',
  HomeVisit = 'home_visit',
}
export const RECEPTION_KIND_LABELS: Record<ReceptionKind, Label> = {
  [ReceptionKind.Topic]: { zh: '点题接访', en: 'Topic reception' },
  [ReceptionKind.Appointment]: { zh: '预约接访', en: 'Appointment reception' },
  [ReceptionKind.HomeVisit]: { zh: '上门接访', en: 'Home visit' },
};

export enum LeaderTitle {
  PartySecretary = 'party_secretary',
  OfficeDirector = 'office_director',
  MemberInCharge = 'member_in_charge',
  Other = 'other',
}
export const LEADER_TITLE_LABELS: Record<LeaderTitle, Label> = {
  [LeaderTitle.PartySecretary]: { zh: '街道党工委书记', en: 'Party secretary' },
  [LeaderTitle.OfficeDirector]: { zh: '街道办事处主任', en: 'Office director' },
  [LeaderTitle.MemberInCharge]: { zh: '分管领导', en: 'Leader in charge' },
  [LeaderTitle.Other]: { zh: '其他领导', en: 'Other leader' },
};

export enum ReceptionState {
  Scheduled = 'scheduled',
  Published = 'published',
  Held = 'held',
  Cancelled = 'cancelled',
}
export const RECEPTION_STATE_LABELS: Record<ReceptionState, Label> = {
  [ReceptionState.Scheduled]: { zh: '已排期', en: 'Scheduled' },
  [ReceptionState.Published]: { zh: '已公布', en: 'Published' },
  [ReceptionState.Held]: { zh: '已接访', en: 'Held' },
  [ReceptionState.Cancelled]: { zh: '已取消', en: 'Cancelled' },
};

/** Types of dispute (矛盾纠纷类型); `other` for the rest. */
export enum DisputeType {
  Neighbour = 'neighbour',
  Family = 'family',
  PropertyManagement = 'property_management',
  Labour = 'labour',
  LandHousing = 'land_housing',
  ContractDebt = 'contract_debt',
  Traffic = 'traffic',
  Medical = 'medical',
  Other = 'other',
}
export const DISPUTE_TYPE_LABELS: Record<DisputeType, Label> = {
  [DisputeType.Neighbour]: { zh: '邻里纠纷', en: 'Neighbour' },
  [DisputeType.Family]: { zh: '婚姻家庭纠纷', en: 'Family' },
  [DisputeType.PropertyManagement]: { zh: '物业纠纷', en: 'Property management' },
  [DisputeType.Labour]: { zh: '劳资纠纷', en: 'Labour' },
  [DisputeType.LandHousing]: { zh: '房屋土地纠纷', en: 'Land and housing' },
  [DisputeType.ContractDebt]: { zh: '合同债务纠纷', en: 'Contract and debt' },
  [DisputeType.Traffic]: { zh: '交通事故纠纷', en: 'Traffic accident' },
  [DisputeType.Medical]: { zh: '医疗纠纷', en: 'Medical' },
  [DisputeType.Other]: { zh: '其它纠纷', en: 'Other' },
};

/** Office incident categories that open a dispute case rather than a petition. */
export const DISPUTE_CATEGORIES: Readonly<Record<string, DisputeType>> = {
  neighbour_dispute: DisputeType.Neighbour,
  family_dispute: DisputeType.Family,
  labour_dispute: DisputeType.Labour,
  property_management_dispute: DisputeType.PropertyManagement,
};

export enum MediatorKind {
  GridMediator = 'grid_mediator',
  JudicialWorker = 'judicial_worker',
  Police = 'police',
  CommunityCadre = 'community_cadre',
  Lawyer = 'lawyer',
  Other = 'other',
}
export const MEDIATOR_KIND_LABELS: Record<MediatorKind, Label> = {
  [MediatorKind.GridMediator]: { zh: '网格调解员', en: 'Grid mediator' },
  [MediatorKind.JudicialWorker]: { zh: '司法所工作人员', en: 'Judicial worker' },
  [MediatorKind.Police]: { zh: '网格民警', en: 'Police on the grid' },
  [MediatorKind.CommunityCadre]: { zh: '社区干部', en: 'Community cadre' },
  [MediatorKind.Lawyer]: { zh: '法律顾问', en: 'Lawyer' },
  [MediatorKind.Other]: { zh: '其他', en: 'Other' },
};

/** 受理 → 调解中 → 调解成功(settled) / 调解不成转办(referred) → 办结; 退回 for a dispatched one. */
export enum DisputeState {
  Open = 'open',
  Mediating = 'mediating',
  Settled = 'settled',
  Referred = 'referred',
  Closed = 'closed',
  Returned = 'returned',
}
export const DISPUTE_STATE_LABELS: Record<DisputeState, Label> = {
  [DisputeState.Open]: { zh: '已受理', en: 'Open' },
  [DisputeState.Mediating]: { zh: '调解中', en: 'Mediating' },
  [DisputeState.Settled]: { zh: '调解成功', en: 'Settled' },
  [DisputeState.Referred]: { zh: '调解不成已转办', en: 'Failed, referred' },
  [DisputeState.Closed]: { zh: '已办结', en: 'Closed' },
  [DisputeState.Returned]: { zh: '已退回', en: 'Returned to the office' },
};

/** Where a dispute was settled (化解层级): "小事不出网格，大事不出社区". */
export enum SettledLevel {
  Grid = 'grid',
  Community = 'community',
  Street = 'street',
  District = 'district',
}
export const SETTLED_LEVEL_LABELS: Record<SettledLevel, Label> = {
  [SettledLevel.Grid]: { zh: '网格', en: 'Grid' },
  [SettledLevel.Community]: { zh: '社区', en: 'Community' },
  [SettledLevel.Street]: { zh: '街道', en: 'Street' },
  [SettledLevel.District]: { zh: '区级', en: 'District' },
};

export enum SessionResult {
  Continued = 'continued',
  Agreement = 'agreement',
  Failed = 'failed',
}
export const SESSION_RESULT_LABELS: Record<SessionResult, Label> = {
  [SessionResult.Continued]: { zh: '继续调解', en: 'To be continued' },
  [SessionResult.Agreement]: { zh: '达成协议', en: 'Agreement reached' },
  [SessionResult.Failed]: { zh: '调解不成', en: 'Failed' },
};

/** The built-in registers of special populations (特殊人群); more can be configured. */
export enum SpecialCategory {
  CommunityCorrections = 'community_corrections',
  ReleasedPrisoner = 'released_prisoner',
  SevereMentalDisorder = 'severe_mental_disorder',
  DrugUser = 'drug_user',
  KeyYouth = 'key_youth',
}
export const SPECIAL_CATEGORY_LABELS: Record<SpecialCategory, Label> = {
  [SpecialCategory.CommunityCorrections]: { zh: '社区矫正人员', en: 'Community corrections' },
  [SpecialCategory.ReleasedPrisoner]: { zh: '刑满释放人员', en: 'Released prisoner' },
  [SpecialCategory.SevereMentalDisorder]: { zh: '严重精神障碍患者', en: 'Severe mental disorder' },
  [SpecialCategory.DrugUser]: { zh: '吸毒人员', en: 'Drug user' },
  [SpecialCategory.KeyYouth]: { zh: '重点青少年', en: 'Key youth' },
};

export enum RiskLevel {
  Low = 'low',
  Medium = 'medium',
  High = 'high',
}
export const RISK_LEVEL_LABELS: Record<RiskLevel, Label> = {
  [RiskLevel.Low]: { zh: '低风险', en: 'Low' },
  [RiskLevel.Medium]: { zh: '中风险', en: 'Medium' },
  [RiskLevel.High]: { zh: '高风险', en: 'High' },
};

export enum FollowUpMethod {
  HomeVisit = 'home_visit',
  Talk = 'talk',
  Phone = 'phone',
  Video = 'video',
}
export const FOLLOW_UP_METHOD_LABELS: Record<FollowUpMethod, Label> = {
  [FollowUpMethod.HomeVisit]: { zh: '入户走访', en: 'Home visit' },
  [FollowUpMethod.Talk]: { zh: '约谈', en: 'Talk' },
  [FollowUpMethod.Phone]: { zh: '电话随访', en: 'Phone' },
  [FollowUpMethod.Video]: { zh: '视频随访', en: 'Video' },
};

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

export enum WarningReason {
  Holiday = 'holiday',
  MajorEvent = 'major_event',
  Demolition = 'demolition',
  SensitiveDate = 'sensitive_date',
  CollectiveIncident = 'collective_incident',
  Other = 'other',
}
export const WARNING_REASON_LABELS: Record<WarningReason, Label> = {
  [WarningReason.Holiday]: { zh: '节假日', en: 'Holiday' },
  [WarningReason.MajorEvent]: { zh: '重大活动', en: 'Major event' },
  [WarningReason.Demolition]: { zh: '征收拆迁', en: 'Demolition' },
  [WarningReason.SensitiveDate]: { zh: '敏感节点', en: 'Sensitive date' },
  [WarningReason.CollectiveIncident]: { zh: '群体性事件苗头', en: 'Signs of a collective incident' },
  [WarningReason.Other]: { zh: '其它', en: 'Other' },
};

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
