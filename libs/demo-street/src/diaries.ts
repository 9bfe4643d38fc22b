// 民情日志 on the demo street (issue 25): the grid heads' people's-condition diaries, the
// supervisors' monthly spot-checks (抽查) with grades and the published review (通报讲评).
import { addDays, addMonths } from '@grid122/calendar';
import { demoId } from './ids';
import { createRng, Rng } from './rng';
import type { City, Grid } from './types';
import { at, DAY_MS, groupBy, iso, SupervisionOptions, Window, windowOf } from './supervision';

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
