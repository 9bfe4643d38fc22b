/** The shapes of the gateway's replies this page reads: libs/contracts' own types (type-only) and label maps. */
import { INCIDENT_ACTION_LABELS, INCIDENT_STATE_LABELS, UNIT_NAMES, type Label } from './labels';

export type { Label };
/** The incident clock's traffic light (红黄绿灯): the contracts' TrafficLight. */
export type { TrafficLight as LightColour } from '@grid122/contracts';

/**
 * The replies this page reads are the contracts' own types, imported type-only (`@grid122/contracts`
 * is a tsconfig path for the type checker; `vite build` erases these imports, so nothing of
 * libs/contracts — no class-validator — reaches the browser bundle).
 */
export type {
  ClockView as Clock,
  HistoryEntryView as HistoryEntry,
  IncidentView as Incident,
  Page,
} from '@grid122/contracts';
/** GET /api/v1/stats/key-areas */
export type KeyAreaStats = import('@grid122/contracts').KeyAreaStats.Reply;

/** GET /api/v1/hub: the contracts' own types (type-only: nothing of libs/contracts reaches the bundle). */
export type { HubDocument as Hub, HubPanelPart } from '@grid122/contracts';
/** One panel of the hub with figures of any shape (the units' columns read them by name). */
export type HubPart = import('@grid122/contracts').HubPanelPart<unknown>;

/** GET /api/v1/grids.geojson: a feature's properties as the registry exports them. */
export type GridCollection = import('@grid122/contracts').ExportGridsGeoJson.Reply;
export type GridFeature = GridCollection['features'][number];
export type { GridDetail as GridView } from '@grid122/contracts';
/** GET /api/v1/categories */
export type Category = import('@grid122/contracts').ListCategories.Reply['items'][number];

/** States in which an incident is still somebody's work (not closed, rejected or merged). */
export const OPEN_STATES = ['reported', 'registered', 'dispatched', 'accepted', 'in_progress', 'handled', 'verified', 'suspended'];

/** The units of "122" (the contracts' names) and the office itself (一办, not a unit of dispatch). */
export const UNIT_LABELS: Record<string, Label> = { office: { zh: '一办', en: 'The office' }, ...UNIT_NAMES };

/** Incident states as the office names them (libs/contracts office/labels). */
export const STATE_LABELS: Record<string, Label> = INCIDENT_STATE_LABELS;

/** The office's actions (its labels), and the history entries that are not buttons. */
export const ACTION_LABELS: Record<string, Label> = {
  ...INCIDENT_ACTION_LABELS,
  // History entries that are not buttons: the intake, a "me too" link, 督办, a resident's comment (Open311).
  report: { zh: '上报', en: 'Reported' },
  duplicate_linked: { zh: '又一次上报', en: 'Me too' },
  duplicate_unlinked: { zh: '撤销重复关联', en: 'Duplicate unlinked' },
  closed_with_original: { zh: '随原件结案', en: 'Closed with the original' },
  reopened_with_original: { zh: '随原件重新办理', en: 'Reopened with the original' },
  supervise: { zh: '督办', en: 'Supervised' },
  comment: { zh: '居民留言', en: 'Resident comment' },
};

/** Feed event names of the office (`office.incident.*`) with what they mean on the wall. */
export const EVENT_LABELS: Record<string, Label> = {
  'office.incident.reported': { zh: '新上报', en: 'Reported' },
  'office.incident.registered': { zh: '立案', en: 'Registered' },
  'office.incident.rejected': { zh: '不予立案', en: 'Rejected' },
  'office.incident.dispatched': { zh: '派遣', en: 'Dispatched' },
  'office.incident.accepted': { zh: '受理', en: 'Accepted' },
  'office.incident.returned': { zh: '退回', en: 'Returned' },
  'office.incident.suspended': { zh: '挂账', en: 'Suspended' },
  'office.incident.resumed': { zh: '恢复', en: 'Resumed' },
  'office.incident.extended': { zh: '延期', en: 'Extended' },
  'office.incident.handled': { zh: '处置完毕', en: 'Handled' },
  'office.incident.verified': { zh: '核查通过', en: 'Verified' },
  'office.incident.reworked': { zh: '返工', en: 'Reworked' },
  'office.incident.closed': { zh: '结案', en: 'Closed' },
  'office.incident.escalated': { zh: '上报区级', en: 'Escalated' },
  'office.incident.reopened': { zh: '重新办理', en: 'Reopened' },
  'office.incident.supervised': { zh: '督办', en: 'Supervised' },
  'office.incident.duplicate_linked': { zh: '重复上报', en: 'Duplicate linked' },
  'office.diary.filed': { zh: '民情日志', en: 'Diary filed' },
  'office.incident.merged': { zh: '合并重复件', en: 'Merged' },
  'office.incident.unmerged': { zh: '撤销合并', en: 'Unmerged' },
  // 复发、突增 (issue 26): `event: alert` on the feed.
  'office.recurrence.detected': { zh: '复发预警', en: 'Recurrence' },
  'office.spike.detected': { zh: '突增预警', en: 'Spike' },
  // The units' own cases (UNIT_CASE_EVENTS): `event: unit`.
  'registry.task.opened': { zh: '组织建设任务', en: 'Organisation task opened' },
  'registry.task.handled': { zh: '组织建设任务办结', en: 'Organisation task handled' },
  'registry.task.closed': { zh: '组织建设任务结案', en: 'Organisation task closed' },
  'registry.task.returned': { zh: '组织建设任务退回', en: 'Organisation task returned' },
  'petitions.case.opened': { zh: '信访件受理', en: 'Petition case opened' },
  'petitions.case.handled': { zh: '信访件办结', en: 'Petition case handled' },
  'petitions.case.closed': { zh: '信访件结案', en: 'Petition case closed' },
  'petitions.case.returned': { zh: '信访件退回', en: 'Petition case returned' },
  'social.request.opened': { zh: '服务需求受理', en: 'Service request opened' },
  'social.request.handled': { zh: '服务需求办结', en: 'Service request handled' },
  'social.request.closed': { zh: '服务需求结案', en: 'Service request closed' },
  'social.request.returned': { zh: '服务需求退回', en: 'Service request returned' },
  'enforcement.case.opened': { zh: '执法立案', en: 'Enforcement case opened' },
  'enforcement.case.handled': { zh: '执法办结', en: 'Enforcement case handled' },
  'enforcement.case.closed': { zh: '执法结案', en: 'Enforcement case closed' },
  'enforcement.case.returned': { zh: '执法退回', en: 'Enforcement case returned' },
};

/** A feed entry's kind in words; an event the page has no name for is "动态", never its code. */
export const eventLabel = (type: string): Label => EVENT_LABELS[type] ?? { zh: '动态', en: 'Update' };

const WORKING = ['registered', 'dispatched', 'accepted', 'in_progress'];
type Who = 'commander' | 'assignee' | 'grid_worker';
/** The office's transition table (apps/office incident-state-machine): from-states and who may act. */
const TRANSITIONS: Record<string, { from: string[]; by: Who[] }> = {
  register: { from: ['reported'], by: ['commander'] },
  reject: { from: ['reported'], by: ['commander'] },
  dispatch: { from: ['registered'], by: ['commander'] },
  accept: { from: ['dispatched', 'accepted', 'in_progress'], by: ['assignee'] },
  return: { from: ['dispatched', 'accepted', 'in_progress'], by: ['assignee'] },
  suspend: { from: WORKING, by: ['commander'] },
  resume: { from: ['suspended'], by: ['commander'] },
  extend: { from: WORKING, by: ['commander'] },
  handle: { from: ['accepted', 'in_progress'], by: ['assignee'] },
  verify: { from: ['handled'], by: ['grid_worker', 'commander'] },
  rework: { from: ['handled', 'verified'], by: ['grid_worker', 'commander'] },
  close: { from: [...WORKING, 'handled', 'verified', 'escalated'], by: ['commander'] },
  escalate: { from: [...WORKING, 'suspended'], by: ['commander'] },
  reopen: { from: ['closed'], by: ['grid_worker', 'commander'] },
};

/**
 * The buttons a role sees on an incident in a state. The office decides (and answers 403/409
 * with a reason); this only hides what would certainly be refused.
 */
export function allowedActions(role: string, state: string, unit: string | null, myUnit: string | null | undefined): string[] {
  const mine = new Set<Who>();
  if (role === 'street_commander' || role === 'admin') mine.add('commander');
  if (role === 'grid_worker') mine.add('grid_worker');
  if ((role === 'unit_member' && !!unit && unit === myUnit) || role === 'department_liaison') mine.add('assignee');
  return Object.entries(TRANSITIONS)
    .filter(([, r]) => r.from.includes(state) && r.by.some((w) => mine.has(w)))
    .map(([a]) => a);
}

/** Fields an action needs (the office refuses without them). */
export const ACTION_NEEDS: Record<string, ('reason' | 'unit' | 'result' | 'value' | 'closureType')[]> = {
  reject: ['reason'],
  dispatch: ['unit'],
  return: ['reason'],
  suspend: ['reason'],
  extend: ['value', 'reason'],
  handle: ['result'],
  rework: ['reason'],
  close: ['closureType'],
  escalate: ['reason'],
  reopen: ['reason'],
};
