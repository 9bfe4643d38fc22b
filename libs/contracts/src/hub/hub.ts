import { IsBoolean, IsISO8601, IsOptional, Matches, MaxLength } from 'class-validator';
import { KeyArea } from '../common/key-areas';
import { rpcSubject } from '../common/rpc';
import type { DiaryFigures } from '../office/diary-checks';
import type { MeetingFigures } from '../registry/meetings';

/**
 * The command hub (一办两组两队) aggregate: every service answers ONE query subject with its own
 * figures for a scope and period; the gateway asks them all in parallel, each with its own short
 * timeout, so a service that is down blanks only its own panel.
 */
export const HUB_SUBJECTS = {
  office: 'office.hub.figures',
  organisation: 'registry.hub.figures',
  petitions: 'petitions.hub.figures',
  social: 'social.hub.figures',
  enforcement: 'enforcement.hub.figures',
  appraisal: 'appraisal.hub.figures',
} as const;
export type HubPanel = keyof typeof HUB_SUBJECTS;
export const HUB_PANELS = Object.keys(HUB_SUBJECTS) as HubPanel[];

/** The panel each service feeds (by the `source` of its events), for cache invalidation. */
export const HUB_PANEL_OF_SOURCE: Record<string, HubPanel> = {
  office: 'office',
  'grid-registry': 'organisation',
  petitions: 'petitions',
  'social-services': 'social',
  enforcement: 'enforcement',
  appraisal: 'appraisal',
};

/** Depth of a street in the grid tree (`city.district.street`), for district roll-ups by street. */
export const STREET_PATH_DEPTH = 3;

/** The request every `*.hub.figures` subject takes. */
export class HubFiguresRequest {
  /** ltree scope ('' = everything, for the admin). */
  @Matches(/^([a-z0-9_]+(\.[a-z0-9_]+)*)?$/, { message: 'scope must be an ltree grid path' })
  @MaxLength(300)
  scope: string;

  /** Period start (inclusive) and end (exclusive), ISO 8601. */
  @IsISO8601()
  from: string;

  @IsISO8601()
  to: string;

  /** Also return headline figures per street under the scope (district roll-up). */
  @IsOptional()
  @IsBoolean()
  byStreet?: boolean;
}

/** Headline figures of one street for one panel (district roll-up), keyed by figure name. */
export interface HubStreetHeadline {
  path: string;
  /** Only the registry knows grid names; other services leave it null. */
  name?: string | null;
  figures: Record<string, number | null>;
}

/** The reply of every `*.hub.figures` subject. */
export interface HubPartReply<T> {
  figures: T;
  streets?: HubStreetHeadline[];
  /** When the service computed the figures. */
  computedAt: string;
  /** Figures whose source table does not exist yet in the service (returned as null). */
  unavailable?: string[];
}

export interface HubKeyAreaRow {
  keyArea: KeyArea;
  label: { zh: string; en: string };
  found: number;
  solved: number;
  /** percent, 2 decimals; null with nothing found */
  rate: number | null;
}

/** 一办: the office's figures for the period. */
export interface OfficeHubFigures {
  found: number;
  registered: number;
  dispatched: number;
  closed: number;
  /** 结案率 closed / registered, percent */
  closureRate: number | null;
  /** 按期结案率 closed on time / closed, percent */
  onTimeRate: number | null;
  /** Traffic lights of the open incidents now (not only the period's). */
  lights: { green: number; yellow: number; red: number };
  overdue: number;
  supervised: number;
  escalated: number;
  keyAreas: HubKeyAreaRow[];
  /**
   * 民情日志督查 of the period's last day (today at most) and its month, the office's one
   * implementation (as `GET /diaries/expected` and `GET /diary-reviews/{month}`); null and listed
   * in `unavailable` when the registry's roster could not be read in time.
   */
  diaries: DiaryFigures | null;
}

/** 基层组织建设组 */
export interface OrganisationHubFigures {
  /** Level 1-3 grids with no current grid head. */
  gridsWithoutHead: number;
  /** Party organisations whose kind does not fit their size (>=100 committee, >=50 general branch). */
  partyOrgMismatches: number;
  openTasks: number;
  /** 三会一评 of the period's month, the registry's one implementation (as `GET /meetings/figures`) */
  meetings: MeetingFigures.Reply;
}

/** 综合信访稳定组 */
export interface PetitionsHubFigures {
  received: number;
  /** open petitions past their accept or reply deadline (now) */
  overdue: number;
  collective: number;
  disputesOpen: number;
  disputesSettled: number;
  /** special-population follow-ups due in the next 7 days / already overdue */
  followUpsDue: number;
  followUpsOverdue: number;
  /** highest active stability warning level covering the scope (1 blue … 4 red), null with none */
  warningLevel: number | null;
}

/** 社会服务队 */
export interface SocialHubFigures {
  openRequests: number;
  delivered: number;
  /** active care recipients not visited in the last 30 days */
  visitsDue: number;
  volunteersActive: number;
  pointsEarned: number;
  pointsSpent: number;
  /** love-supermarket items at or below the alert level */
  stockAlerts: number;
  /** 居民积分: residents holding points in the scope (not volunteers) */
  residentHolders: number;
  /** residents' points awarded by their communities / exchanged at the love supermarket in the period */
  residentPointsEarned: number;
  residentPointsSpent: number;
}

/** 综合执法队 */
export interface EnforcementHubFigures {
  openCases: number;
  openCasesByCategory: { category: string; label: { zh: string; en: string }; count: number }[];
  /** open rectification notices past their comply-by date */
  noticesPastDue: number;
  operationsRunning: number;
  /** departments of running operations that have not acknowledged */
  departmentsUnacknowledged: number;
}

/** 考核评价: last month's ranking and the three rates. */
export interface AppraisalHubFigures {
  month: string;
  top: { path: string; name: string; total: number; tier: number }[];
  bottom: { path: string; name: string; total: number; tier: number }[];
  /** 三率 of the month (percent): response, resolution, satisfaction */
  rates: { response: number | null; resolution: number | null; satisfaction: number | null };
}

export interface HubFiguresByPanel {
  office: OfficeHubFigures;
  organisation: OrganisationHubFigures;
  petitions: PetitionsHubFigures;
  social: SocialHubFigures;
  enforcement: EnforcementHubFigures;
  appraisal: AppraisalHubFigures;
}

/** `office.hub.figures` etc.: one namespace per subject, as the other contracts. */
export namespace OfficeHub {
  export const subject = rpcSubject<Request, Reply>(HUB_SUBJECTS.office);
  export class Request extends HubFiguresRequest {}
  export type Reply = HubPartReply<OfficeHubFigures>;
}
export namespace OrganisationHub {
  export const subject = rpcSubject<Request, Reply>(HUB_SUBJECTS.organisation);
  export class Request extends HubFiguresRequest {}
  export type Reply = HubPartReply<OrganisationHubFigures>;
}
export namespace PetitionsHub {
  export const subject = rpcSubject<Request, Reply>(HUB_SUBJECTS.petitions);
  export class Request extends HubFiguresRequest {}
  export type Reply = HubPartReply<PetitionsHubFigures>;
}
export namespace SocialHub {
  export const subject = rpcSubject<Request, Reply>(HUB_SUBJECTS.social);
  export class Request extends HubFiguresRequest {}
  export type Reply = HubPartReply<SocialHubFigures>;
}
export namespace EnforcementHub {
  export const subject = rpcSubject<Request, Reply>(HUB_SUBJECTS.enforcement);
  export class Request extends HubFiguresRequest {}
  export type Reply = HubPartReply<EnforcementHubFigures>;
}
export namespace AppraisalHub {
  export const subject = rpcSubject<Request, Reply>(HUB_SUBJECTS.appraisal);
  export class Request extends HubFiguresRequest {}
  export type Reply = HubPartReply<AppraisalHubFigures>;
}

/** What each hub figure is called (Chinese first), sent with the hub document so no page shows a field name. */
export const HUB_FIGURE_LABELS: Record<string, { zh: string; en: string }> = {
  found: { zh: '发现', en: 'Found' },
  registered: { zh: '立案', en: 'Registered' },
  dispatched: { zh: '派遣', en: 'Dispatched' },
  closed: { zh: '结案', en: 'Closed' },
  closureRate: { zh: '结案率', en: 'Closure rate' },
  onTimeRate: { zh: '按期结案率', en: 'On-time closure rate' },
  overdue: { zh: '超期', en: 'Overdue' },
  supervised: { zh: '督办', en: 'Supervised' },
  escalated: { zh: '上报区级', en: 'Escalated' },
  gridsWithoutHead: { zh: '网格长空缺', en: 'Grids without a head' },
  partyOrgMismatches: { zh: '党组织设置不符', en: 'Party organisations to adjust' },
  openTasks: { zh: '在办任务', en: 'Open tasks' },
  received: { zh: '受理信访', en: 'Petitions received' },
  collective: { zh: '集体访', en: 'Collective petitions' },
  disputesOpen: { zh: '在调纠纷', en: 'Disputes open' },
  disputesSettled: { zh: '调解成功', en: 'Disputes settled' },
  followUpsDue: { zh: '七日内待走访', en: 'Follow-ups due in 7 days' },
  followUpsOverdue: { zh: '走访超期', en: 'Follow-ups overdue' },
  warningLevel: { zh: '稳定预警等级', en: 'Stability warning level' },
  openRequests: { zh: '待办服务', en: 'Open service requests' },
  delivered: { zh: '已服务', en: 'Delivered' },
  visitsDue: { zh: '待走访对象', en: 'Visits due' },
  volunteersActive: { zh: '活跃志愿者', en: 'Active volunteers' },
  pointsEarned: { zh: '志愿积分发放', en: 'Volunteer points earned' },
  pointsSpent: { zh: '志愿积分兑换', en: 'Volunteer points spent' },
  residentHolders: { zh: '居民积分户', en: 'Residents holding points' },
  residentPointsEarned: { zh: '居民积分发放', en: 'Residents\' points earned' },
  residentPointsSpent: { zh: '居民积分兑换', en: 'Residents\' points spent' },
  stockAlerts: { zh: '库存预警', en: 'Stock alerts' },
  openCases: { zh: '在办执法案件', en: 'Open cases' },
  noticesPastDue: { zh: '整改逾期', en: 'Notices past due' },
  operationsRunning: { zh: '进行中联合行动', en: 'Joint operations running' },
  departmentsUnacknowledged: { zh: '未响应部门', en: 'Departments not acknowledged' },
  response: { zh: '响应率', en: 'Response rate' },
  resolution: { zh: '解决率', en: 'Resolution rate' },
  satisfaction: { zh: '满意率', en: 'Satisfaction rate' },
  // 督查 (the office's `diaries`, the registry's `meetings`): named by their own keys, as their routes answer
  expected: { zh: '应报', en: 'Due' },
  filed: { zh: '已报', en: 'Filed' },
  missing: { zh: '未报', en: 'Missing' },
  expectedDays: { zh: '应报天数', en: 'Days due' },
  filedDays: { zh: '已报天数', en: 'Days filed' },
  completeness: { zh: '完整率', en: 'Completeness' },
  checks: { zh: '抽查', en: 'Spot-checked' },
  graded: { zh: '已讲评', en: 'Graded' },
  averagePoints: { zh: '抽查平均分', en: 'Average spot-check points' },
  held: { zh: '召开', en: 'Held' },
  attendanceRate: { zh: '出勤率', en: 'Attendance' },
  made: { zh: '形成决议', en: 'Decisions made' },
  done: { zh: '已落实', en: 'Done' },
  doneOnTime: { zh: '按期落实', en: 'Done on time' },
  open: { zh: '在办', en: 'Open' },
  overdueMeetings: { zh: '会议超期未开', en: 'Meetings overdue' },
};

export type HubPeriod = 'today' | 'week' | 'month';

/** One panel of the hub document: its own status, so a service that is down blanks only itself. */
export interface HubPanelPart<T> {
  status: 'ok' | 'stale' | 'unreachable';
  /** Age of the figures in seconds (0 when just computed). */
  ageSeconds: number | null;
  computedAt: string | null;
  error: { code: string; message: string } | null;
  unavailable: string[];
  figures: T | null;
}

/** A street of the district roll-up, every panel's headline figures side by side, ranked. */
export interface HubStreetRow {
  path: string;
  name: string | null;
  rank: number;
  figures: Record<string, number | null>;
}

/** `GET /api/v1/hub`: the command hub document (一办两组两队), as the gateway answers it and the page reads it. */
export interface HubDocument {
  scope: string;
  root: { path: string; gridId: string | null };
  period: HubPeriod;
  from: string;
  to: string;
  generatedAt: string;
  rollUp: boolean;
  panels: { [P in HubPanel]: HubPanelPart<HubFiguresByPanel[P]> };
  streets: HubStreetRow[] | null;
  /** the figures' names (Chinese first): a page never shows a field name */
  labels: Record<string, { zh: string; en: string }>;
}

/** Percent with 2 decimals, null when the denominator is 0. */
export function hubRate(n: number, d: number): number | null {
  return d > 0 ? Math.round((n / d) * 10000) / 100 : null;
}
