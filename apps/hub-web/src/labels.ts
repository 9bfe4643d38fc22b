/**
 * Chinese-first names for every code the API answers with: the label maps of libs/contracts
 * (imported file by file: those files are plain TypeScript, no validation decorators), plus the
 * names of the figures and fields the units' APIs reply with. A code without a label is never
 * printed raw on a Chinese screen: `codeLabel` answers null and the caller shows "—" instead.
 */
import { UNIT_LABELS as CONTRACT_UNIT_LABELS, ROLE_LABELS } from '../../../libs/contracts/src/common/actor';
import { KEY_AREA_LABELS } from '../../../libs/contracts/src/common/key-areas';
import { INDICATOR_LABELS } from '../../../libs/contracts/src/appraisal/indicators';
import { ENFORCEMENT_CASE_STATE_LABELS, ENFORCEMENT_CATEGORY_LABELS, FORCED_MEASURE_LABELS } from '../../../libs/contracts/src/enforcement/labels';
import {
  CLOSURE_TYPE_LABELS,
  INCIDENT_ACTION_LABELS,
  INCIDENT_SOURCE_LABELS,
  INCIDENT_STATE_LABELS,
  LIMIT_UNIT_LABELS,
  RESOLUTION_LEVEL_LABELS,
  TRAFFIC_LIGHT_LABELS,
} from '../../../libs/contracts/src/office/labels';
import * as P from '../../../libs/contracts/src/petitions/labels';
import * as R from '../../../libs/contracts/src/registry/labels';
import * as S from '../../../libs/contracts/src/social/labels';

export type Label = { zh: string; en: string };
type Map = Record<string, Label>;

export {
  CLOSURE_TYPE_LABELS,
  ENFORCEMENT_CASE_STATE_LABELS,
  ENFORCEMENT_CATEGORY_LABELS,
  FORCED_MEASURE_LABELS,
  INCIDENT_ACTION_LABELS,
  INCIDENT_SOURCE_LABELS,
  INCIDENT_STATE_LABELS,
  KEY_AREA_LABELS,
  RESOLUTION_LEVEL_LABELS,
  ROLE_LABELS,
  TRAFFIC_LIGHT_LABELS,
};
export const PETITION_STATE_LABELS: Map = P.PETITION_STATE_LABELS;
export const RECEPTION_STATE_LABELS: Map = P.RECEPTION_STATE_LABELS;
export const DISPUTE_STATE_LABELS: Map = P.DISPUTE_STATE_LABELS;
export const REQUEST_STATE_LABELS: Map = S.REQUEST_STATE_LABELS;
export const TASK_STATE_LABELS: Map = R.TASK_STATE_LABELS;
export const STAFF_ROLE_LABELS: Map = R.STAFF_ROLE_LABELS;
export const GRID_LEVEL_LABELS: Map = R.GRID_LEVEL_LABELS;
export const GRID_CLASS_LABELS: Map = R.GRID_CLASS_LABELS;
export const GRID_GRADE_LABELS: Map = R.GRID_GRADE_LABELS;
export const UNIT_NAMES: Map = CONTRACT_UNIT_LABELS;
export const ROLE_NAMES: Map = ROLE_LABELS;

/** Every enum label of the contracts, by code (the first map that knows a code wins: states before kinds). */
const ALL_CODES: Map = Object.assign(
  {},
  R.PARTY_ORG_KIND_LABELS,
  R.COMMITMENT_STATE_LABELS,
  R.ORGANISATION_KIND_LABELS,
  R.GRID_CLASS_LABELS,
  R.GRID_GRADE_LABELS,
  R.GRID_LEVEL_LABELS,
  R.STAFF_ROLE_LABELS,
  S.RECIPIENT_CATEGORY_LABELS,
  S.DISABILITY_CATEGORY_LABELS,
  S.SUPPORT_KIND_LABELS,
  S.SERVICE_TYPE_LABELS,
  S.REQUEST_SOURCE_LABELS,
  S.VISIT_KIND_LABELS,
  S.DONOR_KIND_LABELS,
  S.SERVICE_POINT_TYPE_LABELS,
  P.PETITION_CHANNEL_LABELS,
  P.PETITIONER_KIND_LABELS,
  P.PETITION_MATTER_LABELS,
  P.RECEPTION_KIND_LABELS,
  P.LEADER_TITLE_LABELS,
  P.DISPUTE_TYPE_LABELS,
  P.MEDIATOR_KIND_LABELS,
  P.SETTLED_LEVEL_LABELS,
  P.SESSION_RESULT_LABELS,
  P.SPECIAL_CATEGORY_LABELS,
  P.RISK_LEVEL_LABELS,
  P.FOLLOW_UP_METHOD_LABELS,
  P.WARNING_LEVEL_LABELS,
  P.WARNING_REASON_LABELS,
  ENFORCEMENT_CATEGORY_LABELS,
  FORCED_MEASURE_LABELS,
  INCIDENT_SOURCE_LABELS,
  CLOSURE_TYPE_LABELS,
  RESOLUTION_LEVEL_LABELS,
  KEY_AREA_LABELS,
  ROLE_LABELS,
  CONTRACT_UNIT_LABELS,
  R.TASK_STATE_LABELS,
  S.REQUEST_STATE_LABELS,
  P.DISPUTE_STATE_LABELS,
  P.RECEPTION_STATE_LABELS,
  P.PETITION_STATE_LABELS,
  ENFORCEMENT_CASE_STATE_LABELS,
  INCIDENT_STATE_LABELS,
  Object.fromEntries(Object.entries(INDICATOR_LABELS).map(([k, v]) => [k, { zh: v.zh, en: v.en }])),
  {
    open: { zh: '待办', en: 'Open' },
    overdue: { zh: '已超期', en: 'Overdue' },
    escalated: { zh: '已升级', en: 'Escalated' },
    complied: { zh: '整改到位', en: 'Complied' },
    not_complied: { zh: '未整改', en: 'Not complied' },
    active: { zh: '在册', en: 'Active' },
    inactive: { zh: '停用', en: 'Inactive' },
    ended: { zh: '已结束', en: 'Ended' },
    planned: { zh: '计划中', en: 'Planned' },
    male: { zh: '男', en: 'Male' },
    female: { zh: '女', en: 'Female' },
    person: { zh: '个人', en: 'Person' },
    organisation: { zh: '单位', en: 'Organisation' },
    patrol: { zh: '自行巡查', en: 'Own patrol' },
    incident: { zh: '指挥中心派遣', en: 'Dispatched by the office' },
    inspection: { zh: '检查', en: 'Inspection' },
    reinspection: { zh: '复查', en: 'Re-inspection' },
    penalty: { zh: '行政处罚', en: 'Penalty' },
    referral: { zh: '移送', en: 'Referral' },
    volunteer: { zh: '志愿者', en: 'Volunteer' },
    staff: { zh: '工作人员', en: 'Staff' },
    in: { zh: '入库', en: 'In' },
    out: { zh: '出库', en: 'Out' },
    ok: { zh: '正常', en: 'OK' },
    stale: { zh: '数据滞后', en: 'Stale' },
    unreachable: { zh: '不可达', en: 'Unreachable' },
    compound: { zh: '二级网格', en: 'Compound grid' },
    person_in_charge: { zh: '责任人', en: 'Person in charge' },
    // the units' case types, as they appear in the office's history notes
    enforcement_case: { zh: '执法案件', en: 'Enforcement case' },
    petition: { zh: '信访件', en: 'Petition' },
    dispute: { zh: '矛盾纠纷', en: 'Dispute' },
    service_request: { zh: '服务需求', en: 'Service request' },
    organisation_task: { zh: '组织建设任务', en: 'Organisation task' },
  },
  TRAFFIC_LIGHT_LABELS,
);

/** The label of a code, or null when the contracts do not name it. */
export const codeLabel = (code: unknown): Label | null => (typeof code === 'string' && Object.prototype.hasOwnProperty.call(ALL_CODES, code) ? ALL_CODES[code] : null);

/**
 * Names of the fields and figures the units' APIs reply with (the last segment of a dotted key is
 * looked up first, then the whole key). Chinese as the street office says it.
 */
const FIELDS: Map = {
  // common
  total: { zh: '合计', en: 'Total' },
  count: { zh: '数量', en: 'Count' },
  open: { zh: '在办', en: 'Open' },
  opened: { zh: '新增', en: 'Opened' },
  closed: { zh: '办结', en: 'Closed' },
  overdue: { zh: '超期', en: 'Overdue' },
  returned: { zh: '退回', en: 'Returned' },
  handled: { zh: '已处置', en: 'Handled' },
  received: { zh: '登记', en: 'Received' },
  accepted: { zh: '受理', en: 'Accepted' },
  replied: { zh: '答复', en: 'Replied' },
  rate: { zh: '比率', en: 'Rate' },
  byState: { zh: '按状态', en: 'By state' },
  byCategory: { zh: '按类别', en: 'By category' },
  byType: { zh: '按类型', en: 'By type' },
  byLevel: { zh: '按等级', en: 'By level' },
  byKind: { zh: '按类型', en: 'By kind' },
  byMatter: { zh: '按事项', en: 'By matter' },
  byChannel: { zh: '按渠道', en: 'By channel' },
  month: { zh: '月份', en: 'Month' },
  months: { zh: '月度', en: 'Months' },
  // enforcement
  cases: { zh: '执法案件', en: 'Cases' },
  casesOpened: { zh: '立案数', en: 'Cases opened' },
  casesClosed: { zh: '结案数', en: 'Cases closed' },
  openCases: { zh: '在办案件', en: 'Open cases' },
  inspections: { zh: '检查次数', en: 'Inspections' },
  reinspections: { zh: '复查次数', en: 'Re-inspections' },
  notices: { zh: '整改通知书', en: 'Notices' },
  noticesIssued: { zh: '下达整改通知', en: 'Notices issued' },
  noticesOverdue: { zh: '整改逾期', en: 'Notices overdue' },
  overdueNotices: { zh: '整改逾期', en: 'Notices overdue' },
  compliance: { zh: '整改', en: 'Compliance' },
  complianceRate: { zh: '整改到位率', en: 'Compliance rate' },
  complied: { zh: '整改到位', en: 'Complied' },
  penalties: { zh: '行政处罚', en: 'Penalties' },
  penaltyAmount: { zh: '罚款金额（元）', en: 'Penalties (yuan)' },
  penaltyTotal: { zh: '罚款金额（元）', en: 'Penalties (yuan)' },
  forcedMeasures: { zh: '强制措施', en: 'Forced measures' },
  demolishedAreaM2: { zh: '拆除面积（㎡）', en: 'Demolished (m²)' },
  referrals: { zh: '移送', en: 'Referrals' },
  operations: { zh: '联合行动', en: 'Joint operations' },
  patrol: { zh: '自行巡查', en: 'Own patrol' },
  fromIncidents: { zh: '指挥中心派遣', en: 'From the office' },
  // petitions
  petitions: { zh: '信访件', en: 'Petitions' },
  acceptanceRate: { zh: '受理率', en: 'Acceptance rate' },
  onTimeReplyRate: { zh: '按期答复率', en: 'On-time reply rate' },
  onTimeRate: { zh: '按期办结率', en: 'On-time rate' },
  satisfactionRate: { zh: '满意率', en: 'Satisfaction rate' },
  collective: { zh: '集体访', en: 'Collective' },
  repeat: { zh: '重复访', en: 'Repeat' },
  disputes: { zh: '矛盾纠纷', en: 'Disputes' },
  settled: { zh: '调解成功', en: 'Settled' },
  settledRate: { zh: '调解成功率', en: 'Settlement rate' },
  receptions: { zh: '接访', en: 'Receptions' },
  level: { zh: '预警等级', en: 'Level' },
  score: { zh: '得分', en: 'Score' },
  signals: { zh: '预警信号', en: 'Signals' },
  // social
  delivered: { zh: '已服务', en: 'Delivered' },
  confirmed: { zh: '已确认', en: 'Confirmed' },
  vouchersIssuedCents: { zh: '发放早餐券（分）', en: 'Vouchers issued (cents)' },
  vouchersRedeemedCents: { zh: '使用早餐券（分）', en: 'Vouchers redeemed (cents)' },
  averageSatisfaction: { zh: '平均满意度', en: 'Average satisfaction' },
  recipients: { zh: '服务对象', en: 'Care recipients' },
  volunteers: { zh: '志愿者', en: 'Volunteers' },
  hours: { zh: '服务时长（小时）', en: 'Hours' },
  points: { zh: '积分', en: 'Points' },
  quantity: { zh: '库存', en: 'In stock' },
  stock: { zh: '库存', en: 'In stock' },
  // registry / appraisal
  rank: { zh: '排名', en: 'Rank' },
  households: { zh: '户数', en: 'Households' },
  buildings: { zh: '楼栋', en: 'Buildings' },
  totalCases: { zh: '执法案件总数', en: 'Cases' },
  issued: { zh: '已下达', en: 'Issued' },
  overdueForReinspection: { zh: '逾期未复查', en: 'Re-inspection overdue' },
  averageDaysToComply: { zh: '平均整改天数', en: 'Average days to comply' },
  findings: { zh: '查处', en: 'Findings' },
  amount: { zh: '金额（元）', en: 'Amount (yuan)' },
  areaDemolishedM2: { zh: '拆除违建面积（㎡）', en: 'Demolished (m²)' },
  repeatRate: { zh: '重复访率', en: 'Repeat rate' },
  overdueNow: { zh: '当前超期', en: 'Overdue now' },
  collectiveHeadcount: { zh: '集体访人次', en: 'Collective headcount' },
  mediated: { zh: '调解', en: 'Mediated' },
  referred: { zh: '移交', en: 'Referred' },
  followUps: { zh: '重点人员走访', en: 'Follow-ups' },
  due: { zh: '应走访', en: 'Due' },
  done: { zh: '已走访', en: 'Done' },
  unacknowledged: { zh: '未签收网格', en: 'Grids not acknowledged' },
  leaderName: { zh: '接访领导', en: 'Leader' },
  topic: { zh: '接访主题', en: 'Topic' },
  place: { zh: '地点', en: 'Place' },
  outcome: { zh: '结果', en: 'Outcome' },
  acceptDueAt: { zh: '受理期限', en: 'Accept by' },
  replyDueAt: { zh: '答复期限', en: 'Reply by' },
  acceptedAt: { zh: '受理时间', en: 'Accepted' },
  repliedAt: { zh: '答复时间', en: 'Replied' },
  extendedDays: { zh: '延期天数', en: 'Extended by (days)' },
  decisionNote: { zh: '处理意见', en: 'Decision' },
  petitioner: { zh: '信访人', en: 'Petitioner' },
  owner: { zh: '首问责任人', en: 'Owner' },
  receivedBy: { zh: '登记人', en: 'Received by' },
  recipient: { zh: '服务对象', en: 'Recipient' },
  assignee: { zh: '承接人', en: 'Assignee' },
  requestedBy: { zh: '提出人', en: 'Requested by' },
  assignedAt: { zh: '承接时间', en: 'Assigned' },
  deliveredAt: { zh: '服务时间', en: 'Delivered' },
  confirmedAt: { zh: '确认时间', en: 'Confirmed' },
  visitor: { zh: '走访人', en: 'Visitor' },
  visitedAt: { zh: '走访时间', en: 'Visited' },
  followUp: { zh: '需跟进', en: 'Follow-up needed' },
  subject: { zh: '当事人', en: 'Subject' },
  origin: { zh: '来源', en: 'Origin' },
  openedByName: { zh: '立案人', en: 'Opened by' },
  nextReinspectionAt: { zh: '下次复查', en: 'Next re-inspection' },
  referredTo: { zh: '移送机关', en: 'Referred to' },
  caseRef: { zh: '案件编号', en: 'Case' },
  caseTitle: { zh: '案件', en: 'Case' },
  legalBasis: { zh: '法律依据', en: 'Legal basis' },
  notes: { zh: '记录', en: 'Notes' },
  result: { zh: '结果', en: 'Result' },
  officers: { zh: '执法人员', en: 'Officers' },
  parties: { zh: '当事人', en: 'Parties' },
  sessions: { zh: '调解记录', en: 'Sessions' },
  mediators: { zh: '调解员', en: 'Mediators' },
  slots: { zh: '预约时段', en: 'Slots' },
  grids: { zh: '涉及网格', en: 'Grids' },
  issuedBy: { zh: '发布单位', en: 'Issued by' },
  endsAt: { zh: '结束时间', en: 'Ends' },
  updatedByName: { zh: '最后处理人', en: 'Last handled by' },
  returnedAt: { zh: '退回时间', en: 'Returned' },
  pointsAwarded: { zh: '获得积分', en: 'Points awarded' },
  voucherCents: { zh: '使用早餐券（分）', en: 'Vouchers (cents)' },
  findingsText: { zh: '走访发现', en: 'Findings' },
  reasonKind: { zh: '预警原因', en: 'Reason' },
  colour: { zh: '颜色', en: 'Colour' },
  // record fields
  ref: { zh: '编号', en: 'Ref' },
  code: { zh: '编号', en: 'Code' },
  title: { zh: '标题', en: 'Title' },
  summary: { zh: '事由', en: 'Summary' },
  description: { zh: '描述', en: 'Description' },
  name: { zh: '名称', en: 'Name' },
  state: { zh: '状态', en: 'State' },
  status: { zh: '状态', en: 'Status' },
  category: { zh: '类别', en: 'Category' },
  keyArea: { zh: '重点领域', en: 'Key area' },
  address: { zh: '地址', en: 'Address' },
  gridPath: { zh: '网格', en: 'Grid' },
  gridName: { zh: '网格', en: 'Grid' },
  note: { zh: '备注', en: 'Note' },
  reason: { zh: '原因', en: 'Reason' },
  finding: { zh: '调查结论', en: 'Finding' },
  reply: { zh: '答复意见', en: 'Reply' },
  deadline: { zh: '时限', en: 'Deadline' },
  dueAt: { zh: '到期', en: 'Due' },
  openedAt: { zh: '立案时间', en: 'Opened' },
  createdAt: { zh: '创建时间', en: 'Created' },
  receivedAt: { zh: '登记时间', en: 'Received' },
  closedAt: { zh: '办结时间', en: 'Closed' },
  handledAt: { zh: '处置时间', en: 'Handled' },
  complyBy: { zh: '整改期限', en: 'Comply by' },
  requirements: { zh: '整改要求', en: 'Requirements' },
  issuedAt: { zh: '下达时间', en: 'Issued' },
  inspectedAt: { zh: '检查时间', en: 'Inspected' },
  startsAt: { zh: '开始时间', en: 'Starts' },
  scheduledFor: { zh: '预约时间', en: 'Scheduled' },
  incidentCode: { zh: '案件编号', en: 'Incident' },
  closureType: { zh: '结案类型', en: 'Closure' },
  deliveryNote: { zh: '服务记录', en: 'Delivery note' },
  satisfaction: { zh: '满意度', en: 'Satisfaction' },
  headcount: { zh: '人数', en: 'Headcount' },
  matter: { zh: '信访事项', en: 'Matter' },
  channel: { zh: '来访渠道', en: 'Channel' },
  serviceType: { zh: '服务类型', en: 'Service type' },
  source: { zh: '来源', en: 'Source' },
  kind: { zh: '类型', en: 'Kind' },
  type: { zh: '类型', en: 'Type' },
  secretary: { zh: '书记', en: 'Secretary' },
  members: { zh: '党员数', en: 'Members' },
  memberCount: { zh: '党员数', en: 'Members' },
  phone: { zh: '电话', en: 'Phone' },
  role: { zh: '职责', en: 'Role' },
  department: { zh: '部门', en: 'Department' },
  departmentName: { zh: '部门', en: 'Department' },
  unit: { zh: '单位', en: 'Unit' },
  balance: { zh: '余额', en: 'Balance' },
  price: { zh: '兑换积分', en: 'Points price' },
  pricePoints: { zh: '兑换积分', en: 'Points price' },
};

/** The Chinese (or English) name of an API field or figure key, or null when unknown. */
export function fieldLabel(key: string): Label | null {
  const last = key.split('.').pop() ?? key;
  return FIELDS[key] ?? FIELDS[last] ?? codeLabel(last);
}

/** "3 天 4 小时" / "3 d 4 h" from minutes (the office's clock answers minutes). */
export function duration(minutes: number, lang: 'zh' | 'en'): string {
  const m = Math.max(0, Math.round(minutes));
  const d = Math.floor(m / 1440);
  const h = Math.floor((m % 1440) / 60);
  const min = m % 60;
  const zh = lang === 'zh';
  const parts: string[] = [];
  if (d) parts.push(zh ? `${d} 天` : `${d} d`);
  if (h) parts.push(zh ? `${h} 小时` : `${h} h`);
  if (!d && (min || !h)) parts.push(zh ? `${min} 分钟` : `${min} min`);
  return parts.join(' ');
}

/**
 * A time limit such as `+2 working_days` / `{ value: 2, unit: 'working_days' }` in words, its unit
 * named by the contracts (LIMIT_UNIT_LABELS) with Chinese's measure word: "2 个工作日", "7 个自然日".
 */
const LIMIT_UNITS: Map = LIMIT_UNIT_LABELS;
export function limitWords(value: number, unit: string, lang: 'zh' | 'en'): string {
  const u = Object.prototype.hasOwnProperty.call(LIMIT_UNITS, unit) ? LIMIT_UNITS[unit] : undefined;
  if (!u) return lang === 'zh' ? `${value}` : `${value} ${unit}`;
  return lang === 'zh' ? `${value} 个${u.zh}` : `${value} ${u.en}`;
}

/**
 * A history note in words: `+2 working_days` becomes "延期 2 个工作日", a bare UUID (a department, a
 * person) is replaced by its name when `names` knows it, else dropped.
 */
export function noteWords(note: string, lang: 'zh' | 'en', names: (id: string) => string | undefined = () => undefined): string {
  const whole = codeLabel(note.trim());
  if (whole) return whole[lang];
  // The office writes some notes in both languages ("重复上报 duplicate of …"): Chinese screens keep the Chinese.
  const own = lang === 'zh' ? note.replace(/\b(duplicate of|me too:?|recurring:?)\s*/gi, '') : note;
  return systemName(own, lang)
    .replace(/\+(\d+)\s+([a-z_]+)/g, (_, v: string, u: string) => (lang === 'zh' ? `延长 ${limitWords(Number(v), u, lang)}` : `extended by ${limitWords(Number(v), u, lang)}`))
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, (id) => names(id) ?? '')
    .replace(/\b(unit|department|departmentId)[=:]\s*/g, '')
    .replace(/\b(organisation|petitions|social|enforcement|office)\b/g, (u) => (UNIT_NAMES[u] ? UNIT_NAMES[u][lang] : u))
    // any other code: its label, or left out (a code is never printed raw)
    .replace(/\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/g, (c) => (codeLabel(c) ? codeLabel(c)![lang] : ''))
    .replace(/\s{2,}/g, ' ')
    .trim();
}

/** Names the services give their own system actors, in words. */
const SYSTEM_NAMES: Map = {
  'office dispatch': { zh: '指挥中心派遣', en: 'Office dispatch' },
  system: { zh: '系统', en: 'System' },
  sweeper: { zh: '系统计时', en: 'Clock sweep' },
};
export function systemName(name: string, lang: 'zh' | 'en'): string {
  return name.replace(/\b(office dispatch|system|sweeper)\b/gi, (n) => SYSTEM_NAMES[n.toLowerCase()]?.[lang] ?? n);
}
