import { IsBoolean, IsISO8601, IsOptional, Matches, MaxLength } from 'class-validator';
import { DocObject, DocType, doc } from '../common/doc-schema';
import { KEY_AREAS } from '../common/key-areas';
import { rpcSubject } from '../common/rpc';
import { DiaryFigures } from '../office/diary-checks';
import { MeetingFigures } from '../registry/meetings';

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

/** A name in both languages, Chinese first. */
const Label = doc.object('Label', { zh: doc.string({ example: '非法建设' }), en: doc.string({ example: 'Illegal construction' }) });

export const HubKeyAreaRow = doc.object('KeyAreaRow', {
  keyArea: doc.oneOf(KEY_AREAS),
  label: doc.ref(Label),
  found: doc.number({ description: '发现' }),
  solved: doc.number({ description: '解决 (closed as fixed)' }),
  rate: doc.number({ nullable: true, description: 'solved / found, percent' }),
});
export type HubKeyAreaRow = DocType<typeof HubKeyAreaRow>;

const Lights = doc.object('Lights', { green: doc.number(), yellow: doc.number(), red: doc.number() });

/** 一办: the office's figures for the period. */
export const OfficeHubFigures = doc.object('OfficeFigures', {
  found: doc.number({ description: 'Problems found (reported in the period, duplicates excluded)' }),
  registered: doc.number({ description: '立案: of those, registered' }),
  dispatched: doc.number({ description: '派遣: of those, dispatched' }),
  closed: doc.number({ description: '结案: of those, closed' }),
  closureRate: doc.number({ nullable: true, description: '结案率 closed / registered, percent' }),
  onTimeRate: doc.number({ nullable: true, description: '按期结案率 closed on time / closed, percent' }),
  /** Not only the period's. */
  lights: doc.ref(Lights, { description: 'Traffic lights of the open incidents now' }),
  overdue: doc.number({ description: 'Open incidents past their deadline now' }),
  supervised: doc.number({ description: '督办: open incidents under supervision now' }),
  escalated: doc.number({ description: '上报区级: reported in the period and escalated to the district' }),
  keyAreas: doc.list(doc.ref(HubKeyAreaRow), { description: 'The key-area table (六个重点领域 + 其它)' }),
  /**
   * 民情日志督查 of the period's last day (today at most) and its month, the office's one
   * implementation (as `GET /diaries/expected` and `GET /diary-reviews/{month}`).
   */
  diaries: doc.ref(DiaryFigures, { nullable: true, description: '民情日志督查 (null and in `unavailable` when the roster was not at hand in time)' }),
});
export type OfficeHubFigures = DocType<typeof OfficeHubFigures>;

/** 基层组织建设组 */
export const OrganisationHubFigures = doc.object('OrganisationFigures', {
  gridsWithoutHead: doc.number({ description: 'Level 1-3 grids without a current grid head' }),
  /** >=100 members a committee, >=50 a general branch. */
  partyOrgMismatches: doc.number({ description: 'Party organisations whose kind does not match their size' }),
  openTasks: doc.number({ description: 'Open organisation tasks' }),
  /** The registry's one implementation (as `GET /meetings/figures`). */
  meetings: doc.ref(MeetingFigures.Reply, { description: '三会一评 of the period\'s month' }),
});
export type OrganisationHubFigures = DocType<typeof OrganisationHubFigures>;

/** 综合信访稳定组 */
export const PetitionsHubFigures = doc.object('PetitionsFigures', {
  received: doc.number({ description: 'Petitions received in the period' }),
  overdue: doc.number({ description: 'Open petitions past their accept or reply deadline now' }),
  collective: doc.number({ description: 'Collective petitions (5+ people) received in the period' }),
  disputesOpen: doc.number({ description: 'Disputes open or in mediation now' }),
  disputesSettled: doc.number({ description: 'Disputes settled in the period' }),
  followUpsDue: doc.number({ description: 'Special-population follow-ups due in the next 7 days' }),
  followUpsOverdue: doc.number({ description: 'Special-population follow-ups overdue' }),
  /** Covering the scope; null with none. */
  warningLevel: doc.number({ nullable: true, description: 'Highest active stability warning level (1 blue … 4 red)' }),
});
export type PetitionsHubFigures = DocType<typeof PetitionsHubFigures>;

/** 社会服务队 */
export const SocialHubFigures = doc.object('SocialFigures', {
  openRequests: doc.number(),
  delivered: doc.number({ description: 'Services delivered in the period' }),
  visitsDue: doc.number({ description: 'Active care recipients not visited in 30 days' }),
  volunteersActive: doc.number(),
  pointsEarned: doc.number({ description: 'Volunteer points earned in the period' }),
  pointsSpent: doc.number({ description: 'Volunteer points exchanged in the period' }),
  stockAlerts: doc.number({ description: 'Love-supermarket items at or below the alert stock' }),
  residentHolders: doc.number({ description: '居民积分户: residents holding points (not volunteers)' }),
  residentPointsEarned: doc.number({ description: 'Residents\' points awarded by their communities in the period' }),
  residentPointsSpent: doc.number({ description: 'Residents\' points exchanged at the love supermarket in the period' }),
});
export type SocialHubFigures = DocType<typeof SocialHubFigures>;

const CategoryCount = doc.object('CategoryCount', { category: doc.string(), label: doc.ref(Label), count: doc.number() });

/** 综合执法队 */
export const EnforcementHubFigures = doc.object('EnforcementFigures', {
  openCases: doc.number(),
  openCasesByCategory: doc.list(doc.ref(CategoryCount)),
  noticesPastDue: doc.number({ description: 'Open rectification notices past their comply-by date' }),
  operationsRunning: doc.number({ description: 'Joint operations running now' }),
  departmentsUnacknowledged: doc.number({ description: 'Departments of running operations that have not acknowledged' }),
});
export type EnforcementHubFigures = DocType<typeof EnforcementHubFigures>;

const RankedGrid = doc.object('RankedGrid', { path: doc.string(), name: doc.string(), total: doc.number(), tier: doc.number({ minimum: 1, maximum: 5 }) });
const ThreeRates = doc.object('ThreeRates', {
  response: doc.number({ nullable: true }),
  resolution: doc.number({ nullable: true }),
  satisfaction: doc.number({ nullable: true }),
});

/** 考核评价: last month's ranking and the three rates. */
export const AppraisalHubFigures = doc.object('AppraisalFigures', {
  month: doc.string({ example: '2026-10' }),
  top: doc.list(doc.ref(RankedGrid)),
  bottom: doc.list(doc.ref(RankedGrid)),
  rates: doc.ref(ThreeRates, { description: '三率 of last month, percent' }),
});
export type AppraisalHubFigures = DocType<typeof AppraisalHubFigures>;

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

const PanelError = doc.object('PanelError', { code: doc.string({ example: 'SERVICE_UNAVAILABLE' }), message: doc.string() });

/** One panel of the hub document: its own status, so a service that is down blanks only itself. */
const panel = <T>(name: string, figures: DocObject<T>) =>
  doc.object(name, {
    status: doc.oneOf(['ok', 'stale', 'unreachable'] as const, { description: 'stale: the service failed and these are the last figures (see ageSeconds); unreachable: no figures' }),
    /** 0 when just computed. */
    ageSeconds: doc.number({ nullable: true, description: 'Age of the figures in seconds' }),
    computedAt: doc.string({ nullable: true, format: 'date-time' }),
    error: doc.ref(PanelError, { nullable: true }),
    unavailable: doc.list(doc.string(), { description: 'Figures the service cannot compute yet (null)' }),
    figures: doc.ref(figures, { nullable: true }),
  });
export type HubPanelPart<T> = Omit<DocType<ReturnType<typeof panel>>, 'figures'> & { figures: T | null };

const Panels = doc.object('Panels', {
  office: doc.ref(panel('OfficePanel', OfficeHubFigures), { description: '一办' }),
  organisation: doc.ref(panel('OrganisationPanel', OrganisationHubFigures), { description: '基层组织建设组' }),
  petitions: doc.ref(panel('PetitionsPanel', PetitionsHubFigures), { description: '综合信访稳定组' }),
  social: doc.ref(panel('SocialPanel', SocialHubFigures), { description: '社会服务队' }),
  enforcement: doc.ref(panel('EnforcementPanel', EnforcementHubFigures), { description: '综合执法队' }),
  appraisal: doc.ref(panel('AppraisalPanel', AppraisalHubFigures), { description: '考核评价' }),
}) satisfies DocObject<{ [P in HubPanel]: HubPanelPart<HubFiguresByPanel[P]> }>;

/** A street of the district roll-up, every panel's headline figures side by side, ranked. */
export const HubStreetRow = doc.object('StreetRow', {
  path: doc.string({ example: 'nj.gulou.btq' }),
  name: doc.string({ nullable: true, example: '宝塔桥街道' }),
  rank: doc.number({ description: '1 = best closure rate, then fewest overdue' }),
  figures: doc.record<number | null>(
    { type: 'number', nullable: true },
    { description: 'found, closed, closureRate, onTimeRate, overdue (office); gridsWithoutHead, openTasks (organisation); petitionsReceived, collectivePetitions; servicesDelivered; openEnforcementCases' },
  ),
});
export type HubStreetRow = DocType<typeof HubStreetRow>;

/**
 * The district roll-up: one row per street (names from the registry), every panel's headline
 * figures side by side, ranked by the office's closure rate (结案率), then fewer overdue, then path
 * (the rule `rank` states above; the gateway's hub document ranks with it). Not the district
 * platform's monthly ranking (federation's `rank`: ties share a rank, streets without problems
 * unranked), which ranks other figures on purpose.
 */
export function rankStreets(parts: (readonly [HubPanel, HubStreetHeadline[] | undefined])[]): HubStreetRow[] {
  const rows = new Map<string, { path: string; name: string | null; figures: Record<string, number | null> }>();
  for (const [, streets] of parts) {
    for (const s of streets ?? []) {
      const row = rows.get(s.path) ?? { path: s.path, name: null, figures: {} };
      if (s.name) row.name = s.name;
      Object.assign(row.figures, s.figures);
      rows.set(s.path, row);
    }
  }
  const sorted = [...rows.values()].sort((a, b) => {
    const ra = a.figures.closureRate ?? -1;
    const rb = b.figures.closureRate ?? -1;
    if (ra !== rb) return rb - ra;
    const oa = a.figures.overdue ?? 0;
    const ob = b.figures.overdue ?? 0;
    if (oa !== ob) return oa - ob;
    return a.path.localeCompare(b.path);
  });
  return sorted.map((r, i) => ({ ...r, rank: i + 1 }));
}

const HubRoot = doc.object('Root', { path: doc.string(), gridId: doc.string({ nullable: true, format: 'uuid' }) });

/** `GET /api/v1/hub`: the command hub document (一办两组两队), as the gateway answers it and the page reads it. */
export const HubDocument = doc.object('HubDocument', {
  scope: doc.string({ description: 'The grid path the figures cover' }),
  root: doc.ref(HubRoot),
  period: doc.oneOf<HubPeriod>(['today', 'week', 'month']),
  from: doc.string({ format: 'date-time' }),
  to: doc.string({ format: 'date-time', description: 'exclusive' }),
  generatedAt: doc.string({ format: 'date-time' }),
  rollUp: doc.boolean({ description: 'True above street level: `streets` holds the roll-up' }),
  panels: doc.ref(Panels),
  streets: doc.list(doc.ref(HubStreetRow), { nullable: true, description: 'Every street in scope, ranked (district and above)' }),
  labels: doc.record<{ zh: string; en: string }>({ type: 'object' }, { description: 'Each figure\'s name {zh, en}, Chinese first (a page never shows a field name)' }),
});
export type HubDocument = DocType<typeof HubDocument>;

/** Percent with 2 decimals, null when the denominator is 0. */
export function hubRate(n: number, d: number): number | null {
  return d > 0 ? Math.round((n / d) * 10000) / 100 : null;
}
