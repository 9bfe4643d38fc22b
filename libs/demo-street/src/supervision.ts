// 督查 on the demo street (issue 25): the grid heads' people's-condition diaries (民情日志), the
// supervisors' monthly spot-checks (抽查) with grades and the published review (通报讲评), and the
// meetings of 三会一评 with attendance and decisions. Plain rows for the office's and the
// registry's seeds; everything lies in the street's past relative to `now`, from its own random
// streams (so the people, grids and incidents stay as they were).
import { addDays, addMonths, StreetCalendar } from '@grid122/calendar';
import { demoId } from './ids';
import { createRng, Rng } from './rng';
import type { City, Grid, GridAssignment } from './types';

export interface SupervisionOptions {
  /** The run's instant: nothing is dated after it. */
  now: Date;
  /** The office's work calendar (工作日历, holidays and 调休 included): who is expected to file on a day. */
  isWorkingDay: (day: string) => boolean;
  /** Whole months before the current one (default 3): the window starts on the first of the earliest. */
  months?: number;
  calendar?: StreetCalendar;
}

/** Who records the seeded checks and meetings (the organisation group, 基层组织建设组). */
export const DEMO_SUPERVISOR = { id: 'demo:organisation', name: '基层组织建设组' } as const;

export interface DemoDiary {
  id: string;
  authorId: string;
  authorName: string;
  gridId: string;
  gridPath: string;
  date: string;
  route: string;
  buildings: string[];
  householdsVisited: number;
  notes: string;
  createdAt: string;
}

export type DemoDiaryGrade = 'excellent' | 'good' | 'pass' | 'fail';

export interface DemoDiaryCheck {
  id: string;
  diaryId: string;
  month: string;
  authorId: string;
  authorName: string;
  gridPath: string;
  drawnAt: string;
  /** null while still pending (its grading would lie after `now`). */
  grade: DemoDiaryGrade | null;
  comment: string | null;
  gradedAt: string | null;
}

export interface DemoDiaryReview {
  month: string;
  /** The street's path: the supervisors publish for the whole street. */
  root: string;
  publishedAt: string;
}

export interface DemoDiaries {
  diaries: DemoDiary[];
  checks: DemoDiaryCheck[];
  reviews: DemoDiaryReview[];
}

/** The share of a month's diaries the supervisors spot-check (the office's OFFICE_DIARY_CHECK_SHARE default). */
export const DEMO_DIARY_CHECK_SHARE = 0.1;

const DAY_MS = 86_400_000;

/** Groups in one pass (push, never a copy per item: the window holds ~20k diaries). */
function groupBy<T>(xs: readonly T[], key: (x: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    const list = out.get(k);
    if (list) list.push(x);
    else out.set(k, [x]);
  }
  return out;
}

interface Window {
  cal: StreetCalendar;
  today: string;
  first: string;
  nowMs: number;
}

function windowOf(o: SupervisionOptions): Window {
  const cal = o.calendar ?? new StreetCalendar();
  const today = cal.today(o.now);
  return { cal, today, first: `${addMonths(today.slice(0, 7), -(o.months ?? 3))}-01`, nowMs: o.now.getTime() };
}

/** An instant on a street day at a local hour (fractional), as ISO. */
const at = (w: Window, day: string, hour: number): number => w.cal.dayStart(day).getTime() + Math.round(hour * 3_600_000);
const iso = (t: number): string => new Date(t).toISOString();

// ---- 民情日志 ---------------------------------------------------------------------------------

const SEEN = ['楼道堆放杂物', '单元门禁损坏', '路灯不亮', '窨井盖松动', '绿地被占用种菜', '电动车楼道充电', '外墙空调架锈蚀', '垃圾分类投放不规范', '共享单车乱停放', '下水道堵塞'];
const DONE = ['已当场劝导清理', '已告知物业限期维修', '已登记并报社区', '已拍照上报街道指挥中心', '已联系责任单位处理'];
const VISITS = ['走访独居老人', '走访低保户', '走访残疾人家庭', '走访新入住租户', '走访空巢老人'];
const HEARD = ['居民反映小区停车难', '居民反映电梯运行噪音大', '居民咨询医保缴费', '居民反映楼上漏水', '邻里因晾晒衣物发生口角，已调解', '居民对网格服务表示满意'];

function diaryNotes(rng: Rng, route: string, households: number): string {
  const parts = [`巡查${route}`, `走访住户${households}户`];
  if (rng.chance(0.55)) parts.push(`发现${rng.pick(SEEN)}，${rng.pick(DONE)}`);
  if (rng.chance(0.5)) parts.push(`${rng.pick(VISITS)}${rng.int(1, 3)}户，身体状况良好`);
  if (rng.chance(0.45)) parts.push(rng.pick(HEARD));
  if (rng.chance(0.2)) parts.push('宣传消防安全和防诈骗知识');
  return parts.join('；') + '。';
}

interface Head {
  personId: string;
  name: string;
  grid: Grid;
  /** Share of working days this head files (a few habitual laggards 拖拉). */
  rate: number;
  /** The buildings a level-3 head walks, or the grids below a level-1/2 head. */
  beat: string[];
}

function headsOf(city: City, rng: Rng): Head[] {
  const people = new Map(city.people.map((p) => [p.id, p]));
  const childrenOf = groupBy(city.grids, (g) => g.parentId ?? '');
  const buildingsOf = new Map([...groupBy(city.buildings, (b) => b.gridId)].map(([k, bs]) => [k, bs.map((b) => b.name)]));
  const grids = new Map(city.grids.map((g) => [g.id, g]));
  const heads: Head[] = [];
  for (const a of city.assignments) {
    if (a.role !== 'grid_head') continue;
    const grid = grids.get(a.gridId)!;
    if (grid.levelNo === null) continue;
    const laggard = rng.chance(0.06);
    heads.push({
      personId: a.personId,
      name: people.get(a.personId)!.name,
      grid,
      rate: laggard ? rng.float(0.45, 0.7) : rng.float(0.86, 0.99),
      beat: grid.levelNo === 3 ? (buildingsOf.get(grid.id) ?? [grid.name]) : (childrenOf.get(grid.id) ?? []).map((g) => g.name),
    });
  }
  return heads;
}

/**
 * The diaries of every grid head of levels 1-3 (the office's roster: whoever heads a grid files
 * daily, 民情日志) on most working days of the window, written between 10:00 and 19:00 after the
 * patrol; today only those already written. Then the supervisors' spot-checks: for each finished
 * month every author once and more at random up to the share, drawn on the first days of the next
 * month, graded within the week, the review published on the 5th; in the current month a few
 * drawn already (明察暗访). Whatever would lie after `now` is left out (pending, unpublished).
 */
export function demoDiaries(city: City, o: SupervisionOptions): DemoDiaries {
  const w = windowOf(o);
  const rng = createRng('demo-supervision-diaries');
  const street = city.grids.find((g) => g.level === 'street')!;
  const heads = headsOf(city, rng);
  const diaries: DemoDiary[] = [];
  for (let day = w.first; day <= w.today; day = addDays(day, 1)) {
    if (!o.isWorkingDay(day)) continue;
    for (const h of heads) {
      if (!rng.chance(h.rate)) continue;
      const written = at(w, day, rng.float(10, 19));
      if (written > w.nowMs - 60_000) continue;
      const walked = h.beat.length > 1 ? rng.sample(h.beat, rng.int(1, Math.min(h.beat.length, 4))) : h.beat;
      const route = walked.join('、');
      const households = h.grid.levelNo === 3 ? rng.int(3, 15) : rng.int(2, 8);
      diaries.push({
        id: demoId('diary', `${h.personId}:${day}`),
        authorId: h.personId,
        authorName: `${h.name}（${h.grid.name}网格长）`,
        gridId: h.grid.id,
        gridPath: h.grid.path,
        date: day,
        route,
        buildings: h.grid.levelNo === 3 ? walked : [],
        householdsVisited: households,
        notes: diaryNotes(rng, route, households),
        createdAt: iso(written),
      });
    }
  }
  const laggards = new Set(heads.filter((h) => h.rate < 0.8).map((h) => h.personId));
  const { checks, reviews } = spotChecks(diaries, laggards, street.path, w, createRng('demo-supervision-checks'));
  return { diaries, checks, reviews };
}

const GRADES: readonly DemoDiaryGrade[] = ['excellent', 'good', 'pass', 'fail'];
const COMMENTS: Readonly<Record<DemoDiaryGrade, readonly string[]>> = {
  excellent: ['记录详实，问题发现及时并跟踪到位，予以通报表扬', '入户走访扎实，民情掌握清楚，值得推广'],
  good: ['记录较完整，建议写明问题的处置结果', '走访情况清楚，部分问题未注明反馈时间'],
  pass: ['记录过于简单，需写明巡查路线和发现的问题', '存在补记现象，请按日如实填写'],
  fail: ['多日未记，内容雷同，责令整改并在下月讲评中复查', '日志与实际巡查不符，约谈提醒'],
};

function spotChecks(diaries: DemoDiary[], laggards: Set<string>, root: string, w: Window, rng: Rng): { checks: DemoDiaryCheck[]; reviews: DemoDiaryReview[] } {
  const checks: DemoDiaryCheck[] = [];
  const reviews: DemoDiaryReview[] = [];
  const byMonth = groupBy(diaries, (d) => d.date.slice(0, 7));
  const thisMonth = w.today.slice(0, 7);
  for (const [month, own] of byMonth) {
    const finished = month < thisMonth;
    const next = `${addMonths(month, 1)}-01`;
    const picked: DemoDiary[] = [];
    if (finished) {
      // Every author at least once, then at random up to the share (as the office's draw does).
      for (const mine of groupBy(own, (d) => d.authorId).values()) picked.push(rng.pick(mine));
      const taken = new Set(picked);
      const rest = rng.shuffle(own.filter((d) => !taken.has(d)));
      while (picked.length < Math.ceil(DEMO_DIARY_CHECK_SHARE * own.length) && rest.length) picked.push(rest.pop()!);
    } else {
      // 明察暗访: a handful drawn through the month, from the diaries of days already past.
      const past = own.filter((d) => d.date < w.today);
      picked.push(...rng.sample(past, Math.floor(DEMO_DIARY_CHECK_SHARE * 0.5 * past.length)));
    }
    for (const d of picked) {
      const drawn = finished ? at(w, addDays(next, rng.int(0, 2)), rng.float(9, 11)) : at(w, addDays(d.date, rng.int(1, 3)), rng.float(9, 17));
      if (drawn > w.nowMs - 60_000) continue;
      // Graded within days; a finished month's by the 4th, before its review is published on the 5th.
      const graded = finished ? Math.min(drawn + rng.float(0.1, 2) * DAY_MS, at(w, addDays(next, 3), 12)) : drawn + rng.float(0.2, 4) * DAY_MS;
      const done = graded <= w.nowMs - 60_000;
      const lag = laggards.has(d.authorId);
      const grade = rng.weightedPick(GRADES, lag ? [0.05, 0.3, 0.45, 0.2] : [0.3, 0.5, 0.17, 0.03]);
      checks.push({
        id: demoId('diary_check', d.id),
        diaryId: d.id,
        month,
        authorId: d.authorId,
        authorName: d.authorName,
        gridPath: d.gridPath,
        drawnAt: iso(drawn),
        grade: done ? grade : null,
        comment: done ? rng.pick(COMMENTS[grade]) : null,
        gradedAt: done ? iso(graded) : null,
      });
    }
    // 通报讲评: published on the 5th of the next month, once every check is graded.
    const published = at(w, addDays(next, 4), 16);
    const mine = checks.filter((c) => c.month === month);
    if (finished && published <= w.nowMs - 60_000 && mine.every((c) => c.gradedAt && Date.parse(c.gradedAt) <= published)) reviews.push({ month, root, publishedAt: iso(published) });
  }
  return { checks, reviews };
}

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
