// 三会一评 on the demo street (issue 25): the meetings of every convening grid on its cadence, with
// attendance from the posts and decisions mostly closed on time, and the democratic appraisals.
import { addDays, addMonths } from '@grid122/calendar';
import { demoId } from './ids';
import { createRng } from './rng';
import type { City, Grid, GridAssignment } from './types';
import { at, groupBy, iso, SupervisionOptions, windowOf } from './supervision';

// ---- 三会一评 ---------------------------------------------------------------------------------

export type DemoMeetingKind = 'street_leadership' | 'community_briefing' | 'community_leadership' | 'compound_heads' | 'democratic_appraisal';

export interface DemoMeetingAttendee {
  staffId: string;
  name: string;
  role: string;
  gridPath: string;
  attended: boolean;
  absenceReason: string | null;
}

export interface DemoMeetingDecision {
  id: string;
  text: string;
  ownerStaffId: string;
  ownerName: string;
  gridPath: string;
  dueOn: string;
  /** Closed on (办结), or null while open. */
  doneOn: string | null;
  doneNote: string | null;
}

export interface DemoMeeting {
  id: string;
  kind: DemoMeetingKind;
  gridId: string;
  gridPath: string;
  heldOn: string;
  title: string;
  minutes: string;
  representatives: number | null;
  democratic: { satisfied: number; basicallySatisfied: number; dissatisfied: number } | null;
  halfYear: string | null;
  createdAt: string;
  attendees: DemoMeetingAttendee[];
  decisions: DemoMeetingDecision[];
}

/**
 * The half-yearly democratic appraisal's verdict for a level-2 grid (民主评议, ~20 residents'
 * representatives): the same numbers in the registry's meeting and in appraisal's survey.
 */
export function democraticVerdict(gridId: string, halfYear: string): { representatives: number; satisfied: number; basicallySatisfied: number; dissatisfied: number } {
  const r = createRng(`democratic:${gridId}:${halfYear}`);
  const representatives = r.int(15, 25);
  const dissatisfied = r.int(0, 2);
  const basicallySatisfied = r.int(1, 6);
  return { representatives, satisfied: representatives - basicallySatisfied - dissatisfied, basicallySatisfied, dissatisfied };
}

const KIND_ZH: Readonly<Record<DemoMeetingKind, string>> = {
  street_leadership: '街道网格领导小组会议',
  community_briefing: '二级网格长碰头会',
  community_leadership: '社区网格领导小组会议',
  compound_heads: '三级网格负责人会议',
  democratic_appraisal: '网格管理民主评议',
};
const AGENDA: Readonly<Record<DemoMeetingKind, readonly string[]>> = {
  street_leadership: ['通报上月各社区网格化工作排名', '部署本月矛盾纠纷排查化解', '研究网格员考核办法调整', '听取综合执法队工作汇报'],
  community_briefing: ['碰头交流各二级网格近两日巡查情况', '梳理待办民情事项', '安排独居老人走访'],
  community_leadership: ['研究本周网格内重点问题', '部署安全生产检查', '协调下沉人员参与网格工作', '讨论困难群众帮扶名单'],
  compound_heads: ['汇总本旬各三级网格民情', '布置楼栋长入户走访', '通报本旬日志督查情况'],
  democratic_appraisal: ['居民代表听取网格工作汇报并评议'],
};
const TASKS = ['牵头清理小区楼道堆物', '督促物业修复单元门禁', '组织消防安全宣传进楼栋', '走访排查出租房屋', '协调解决小区停车秩序', '跟踪落实低保户复核', '化解邻里漏水纠纷', '整改日志督查发现的问题'];
const ABSENT = ['入户走访', '病假', '参加区培训', '处置突发事件'];

interface Post {
  staffId: string;
  role: string;
  gridPath: string;
}

/**
 * 三会一评 over the window, as the registry's contracts give them (kind, level, cadence, members):
 * the street's leadership group monthly, each community's briefing every other day and leadership
 * group weekly, each level-2 grid's heads every ten days, the democratic appraisal every half year
 * (late June and late December). Held on schedule for most grids, with ~93% attendance and
 * decisions mostly closed on time; a few grids let a meeting lapse lately, so the overdue list is
 * short, not empty. Never after yesterday.
 */
export function demoMeetings(city: City, o: SupervisionOptions): DemoMeeting[] {
  const w = windowOf(o);
  const rng = createRng('demo-supervision-meetings');
  const yesterday = addDays(w.today, -1);
  const people = new Map(city.people.map((p) => [p.id, p]));
  const postsOn: Map<string, GridAssignment[]> = groupBy(city.assignments, (a) => a.gridId);
  const childrenOf = groupBy(city.grids, (g) => g.parentId ?? '');
  const headPost = (g: Grid): Post[] => (postsOn.get(g.id) ?? []).filter((a) => a.role === 'grid_head').map((a) => ({ staffId: a.personId, role: a.role, gridPath: g.path }));
  /** The registry's member rules: the grid's own head or team, and/or the heads one level below; one row a person. */
  const members = (g: Grid, rule: 'child_heads' | 'head_and_child_heads' | 'grid_team_and_child_heads' | 'grid_team'): Post[] => {
    const own = rule === 'child_heads' ? [] : rule === 'head_and_child_heads' ? headPost(g) : (postsOn.get(g.id) ?? []).map((a) => ({ staffId: a.personId, role: a.role, gridPath: g.path }));
    own.sort((x, y) => Number(y.role === 'grid_head') - Number(x.role === 'grid_head'));
    const below = rule === 'grid_team' ? [] : (childrenOf.get(g.id) ?? []).flatMap(headPost);
    const seen = new Set<string>();
    return [...own, ...below].filter((p) => (seen.has(p.staffId) ? false : (seen.add(p.staffId), true)));
  };

  const meetings: DemoMeeting[] = [];
  const hold = (kind: DemoMeetingKind, g: Grid, day: string, posts: Post[], decide: number, extra: Partial<DemoMeeting> = {}): void => {
    const id = demoId('meeting', `${kind}:${g.id}:${day}`);
    const attendees = posts.map((p, i) => {
      const attended = i === 0 || rng.chance(0.93);
      return { staffId: p.staffId, name: people.get(p.staffId)!.name, role: p.role, gridPath: p.gridPath, attended, absenceReason: attended ? null : rng.pick(ABSENT) };
    });
    const decisions: DemoMeetingDecision[] = [];
    const n = rng.chance(decide) ? rng.int(1, 2) : 0;
    for (let k = 0; k < n; k++) {
      const owner = rng.pick(attendees);
      const dueOn = addDays(day, rng.int(3, 14));
      // Most closed, nearly all on time; some still open (a few of them late).
      const closeOn = addDays(dueOn, rng.chance(0.9) ? -rng.int(0, 2) : rng.int(1, 4));
      const done = closeOn <= yesterday && rng.chance(0.95);
      decisions.push({
        id: demoId('meeting_decision', `${id}:${k}`),
        text: rng.pick(TASKS),
        ownerStaffId: owner.staffId,
        ownerName: owner.name,
        gridPath: owner.gridPath,
        dueOn,
        doneOn: done ? closeOn : null,
        doneNote: done ? '已按要求办结，居民满意' : null,
      });
    }
    const agenda = rng.sample(AGENDA[kind], Math.min(2, AGENDA[kind].length)).join('；');
    const present = attendees.filter((a) => a.attended).length;
    meetings.push({
      id,
      kind,
      gridId: g.id,
      gridPath: g.path,
      heldOn: day,
      title: `${g.name}${KIND_ZH[kind]}`,
      minutes: `应到${attendees.length}人，实到${present}人。${agenda}。${decisions.map((d) => `责成${d.ownerName}${d.text}，${d.dueOn}前办结`).join('；')}`,
      representatives: null,
      democratic: null,
      halfYear: null,
      createdAt: iso(at(w, day, rng.float(17, 20))),
      attendees,
      decisions,
      ...extra,
    });
  };
  /** Days from a phase every `step` days up to yesterday; a lapsed grid stopped `lapse` days early. */
  const every = (step: number, lapse: number): string[] => {
    const out: string[] = [];
    for (let d = addDays(w.first, rng.int(0, step - 1)); d <= addDays(yesterday, -lapse); d = addDays(d, step)) out.push(d);
    // The last round lands on yesterday at the latest, so a grid on schedule is never overdue.
    if (!lapse && out.length && addDays(out[out.length - 1], step) < w.today) out.push(yesterday);
    return out;
  };

  const street = city.grids.find((g) => g.level === 'street')!;
  // The street's group on the first working days of the month (by the 3rd: due by the 3rd next month).
  for (let month = w.first.slice(0, 7); month <= w.today.slice(0, 7); month = addMonths(month, 1)) {
    let day = `${month}-01`;
    while (!o.isWorkingDay(day) && day < `${month}-03`) day = addDays(day, 1);
    if (day <= yesterday) hold('street_leadership', street, day, members(street, 'child_heads'), 0.8);
  }
  const communities = city.grids.filter((g) => g.level === 'community');
  const lapsedCommunity = rng.pick(communities).id;
  for (const c of communities) {
    const lapse = c.id === lapsedCommunity;
    for (const day of every(2, lapse ? 5 : 0)) hold('community_briefing', c, day, members(c, 'head_and_child_heads'), 0.1);
    for (const day of every(7, lapse ? 9 : 0)) hold('community_leadership', c, day, members(c, 'grid_team_and_child_heads'), 0.6);
  }
  const compounds = city.grids.filter((g) => g.level === 'compound');
  const lapsed = new Set(rng.sample(compounds, 4).map((g) => g.id));
  for (const k of compounds) {
    for (const day of every(10, lapsed.has(k.id) ? rng.int(3, 8) : 0)) hold('compound_heads', k, day, members(k, 'head_and_child_heads'), 0.4);
    // 民主评议: late June and late December of each half-year whose day has passed (the last two at most).
    for (const year of [Number(w.today.slice(0, 4)) - 1, Number(w.today.slice(0, 4))]) {
      for (const half of [1, 2] as const) {
        const day = `${year}-${half === 1 ? '06' : '12'}-${String(rng.int(20, 28)).padStart(2, '0')}`;
        if (day > yesterday || day < addDays(w.today, -366)) continue;
        const halfYear = `${year}H${half}`;
        const v = democraticVerdict(k.id, halfYear);
        hold('democratic_appraisal', k, day, members(k, 'grid_team'), 0.3, {
          representatives: v.representatives,
          democratic: { satisfied: v.satisfied, basicallySatisfied: v.basicallySatisfied, dissatisfied: v.dissatisfied },
          halfYear,
        });
      }
    }
  }
  return meetings;
}
