import { randomInt } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { addDays, streetCalendar } from '@grid122/calendar';
import {
  Actor,
  DIARY_GRADE_LABELS,
  DiaryCheckedData,
  DiaryCheckView,
  DiaryFigures,
  DiaryGrade,
  DiaryReviewedData,
  DiaryReviewRow,
  DrawDiaryChecks,
  ExpectedDiaries,
  GetDiaryReview,
  GradeDiaryCheck,
  ListDiaryChecks,
  OfficeErrorCode,
  OfficeEvents,
  PublishDiaryReview,
  Role,
  StaffRoster,
  Unit,
} from '@grid122/contracts';
import { AppError, OutboxWriter } from '@grid122/messaging';
import { narrowScope } from '@grid122/access';
import { DataSource } from 'typeorm';
import { OfficeEnv } from '../config/office.env';
import { IncidentClockService } from '../incident/incident-clock.service';
import { CheckRow, DiaryCheckRepository, DiaryLite } from './diary-check.repository';
import { RegistryRoster } from './registry-roster';

/** 督查: the street's supervisors — the command centre, the organisation group (基层组织建设组), the admin — and the community workstation over its own community. */
export function isDiarySupervisor(actor: Actor): boolean {
  if (actor.role === Role.CommunityStation) return true;
  return actor.role === Role.Admin || actor.role === Role.StreetCommander || (actor.role === Role.UnitMember && actor.unit === Unit.Organisation);
}

interface Author {
  /** the id diaries and appraisal know the person by: the account when linked, else the registry person */
  id: string;
  ids: string[];
  name: string | null;
  gridPath: string;
}

/**
 * 民情日志督查 (issue 25, seed 002 §督查考核): the day's expected diaries and the missing ones, the
 * month's random spot-checks (every grid head at least once), grades with comments the grid head
 * sees, and the monthly review (讲评) whose completeness and grades feed appraisal.
 */
@Injectable()
export class DiaryCheckService {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: DiaryCheckRepository,
    private readonly roster: RegistryRoster,
    private readonly clock: IncidentClockService,
    private readonly outbox: OutboxWriter,
    private readonly env: OfficeEnv,
  ) {}

  async expected(actor: Actor, req: ExpectedDiaries.Request): Promise<ExpectedDiaries.Reply> {
    const cal = streetCalendar();
    const date = req.date ? req.date.slice(0, 10) : cal.today();
    if (cal.isFutureDay(date)) throw AppError.validation([{ field: 'date', messages: ['date may not be in the future'] }]);
    const root = narrowScope(actor.scope, req.root);
    if (root === null) return { date, workingDay: this.clock.calendar.isWorkingDay(date), expected: 0, filed: 0, missing: 0, items: [], missingItems: [] };
    return this.expectedOn(root, date, await this.roster.heads(root));
  }

  /**
   * 民情日志 figures for the board (the hub) and the notice: the day's counts of `expected()` and
   * the month's totals of `review()`, by the same code (one definition of each figure). The root is
   * the caller's, already checked against its scope.
   */
  async figures(root: string, date: string): Promise<DiaryFigures> {
    const month = date.slice(0, 7);
    const posts = await this.roster.heads(root);
    const [day, review] = await Promise.all([this.expectedOn(root, date, posts), this.buildReview(month, root, posts)]);
    return {
      day: { date: day.date, workingDay: day.workingDay, expected: day.expected, filed: day.filed, missing: day.missing },
      month,
      totals: review.totals,
      publishedAt: review.publishedAt,
    };
  }

  private async expectedOn(root: string, date: string, posts: StaffRoster.Post[]): Promise<ExpectedDiaries.Reply> {
    const workingDay = this.clock.calendar.isWorkingDay(date);
    const diaries = await this.repo.diaries(root, date, date);
    const byAuthor = groupBy(diaries, (d) => d.author_id);
    const items = posts.map((p) => {
      const ids = [...(byAuthor.get(p.staffId) ?? []), ...(p.accountId && p.accountId !== p.staffId ? (byAuthor.get(p.accountId) ?? []) : [])].map((d) => d.id);
      return { staffId: p.staffId, accountId: p.accountId, name: p.name, gridId: p.gridId, gridPath: p.gridPath, gridName: p.gridName, gridLevel: p.gridLevel, filed: ids.length > 0, diaryIds: ids };
    });
    // On a rest day nobody is expected to file; those who did still show.
    const due = workingDay ? items : items.filter((i) => i.filed);
    const missingItems = due.filter((i) => !i.filed);
    return { date, workingDay, expected: due.length, filed: due.length - missingItems.length, missing: missingItems.length, items: due, missingItems };
  }

  async draw(actor: Actor, req: DrawDiaryChecks.Request): Promise<DrawDiaryChecks.Reply> {
    this.assertSupervisor(actor);
    const cal = streetCalendar();
    if (cal.isFutureMonth(req.month)) throw AppError.validation([{ field: 'month', messages: ['month may not be in the future'] }]);
    const root = this.rootOf(actor, req.root);
    const share = req.share ?? this.env.OFFICE_DIARY_CHECK_SHARE;
    const { from, to } = cal.monthDays(req.month);
    const [diaries, existing, posts] = await Promise.all([this.repo.diaries(root, from, to), this.repo.checks({ root, month: req.month }), this.roster.heads(root)]);
    const checkedDiaries = new Set(existing.map((c) => c.diary_id));
    const checkedAuthors = new Set(existing.map((c) => c.author_id));
    const pool = diaries.filter((d) => !checkedDiaries.has(d.id));
    const picked: DiaryLite[] = [];
    // Every author (every grid head who filed) at least once a month …
    for (const [author, own] of groupBy(pool, (d) => d.author_id)) {
      if (checkedAuthors.has(author)) continue;
      picked.push(own[randomInt(own.length)]);
    }
    // … then at random up to the share of the month's diaries.
    const rest = pool.filter((d) => !picked.includes(d));
    const target = Math.ceil(share * diaries.length);
    while (existing.length + picked.length < target && rest.length) picked.push(rest.splice(randomInt(rest.length), 1)[0]);

    const ids = await this.ds.transaction((m) => this.repo.insertChecks(m, req.month, picked, { id: actor.id, name: actor.displayName ?? actor.username }));
    const drawnIds = new Set(ids);
    const all = await this.repo.checks({ root, month: req.month });
    const authorsWithDiary = new Set(diaries.map((d) => d.author_id));
    const noDiary = uniqueBy(posts, (p) => p.staffId)
      .filter((p) => !authorsWithDiary.has(p.staffId) && !(p.accountId && authorsWithDiary.has(p.accountId)))
      .map((p) => ({ staffId: p.staffId, name: p.name, gridPath: p.gridPath }));
    return { month: req.month, share, diaries: diaries.length, checks: all.length, drawn: all.filter((c) => drawnIds.has(c.id)).map(toView), noDiary };
  }

  async list(actor: Actor, req: ListDiaryChecks.Request): Promise<ListDiaryChecks.Reply> {
    const root = narrowScope(actor.scope, req.root);
    if (root === null) return { items: [] };
    // A grid worker sees the checks of their own diaries (the comment is for them), nobody else's.
    const authorId = actor.role === Role.GridWorker ? actor.id : req.authorId;
    const rows = await this.repo.checks({ root, month: req.month, state: req.state, authorId });
    return { items: rows.map(toView) };
  }

  async grade(actor: Actor, req: GradeDiaryCheck.Request): Promise<DiaryCheckView> {
    this.assertSupervisor(actor);
    const [row] = await this.repo.checks({ root: actor.scope, id: req.id });
    if (!row) throw new AppError(OfficeErrorCode.DiaryCheckNotFound, `Diary check ${req.id} not found`, { id: req.id });
    if (row.grade) throw AppError.illegalTransition('diary check', 'graded', 'grade');
    const points = DIARY_GRADE_LABELS[req.grade].points;
    await this.ds.transaction(async (m) => {
      const done = await this.repo.grade(m, req.id, { grade: req.grade, points, comment: req.comment, byId: actor.id, byName: actor.displayName ?? actor.username });
      if (!done) throw AppError.illegalTransition('diary check', 'graded', 'grade');
      const data: DiaryCheckedData = { checkId: row.id, diaryId: row.diary_id, authorId: row.author_id, gridPath: row.grid_path, month: row.month, grade: req.grade, points };
      await this.outbox.add(m, { type: OfficeEvents.DiaryChecked, gridPath: row.grid_path, actorId: actor.id, data });
    });
    const [after] = await this.repo.checks({ root: actor.scope, id: req.id });
    return toView(after);
  }

  async review(actor: Actor, req: GetDiaryReview.Request): Promise<GetDiaryReview.Reply> {
    const cal = streetCalendar();
    if (cal.isFutureMonth(req.month)) throw AppError.validation([{ field: 'month', messages: ['month may not be in the future'] }]);
    const root = narrowScope(actor.scope, req.root);
    if (root === null) throw AppError.forbidden('The root is outside your scope');
    return this.buildReview(req.month, root);
  }

  async publish(actor: Actor, req: PublishDiaryReview.Request): Promise<PublishDiaryReview.Reply> {
    this.assertSupervisor(actor);
    const cal = streetCalendar();
    if (req.month >= cal.month()) throw AppError.validation([{ field: 'month', messages: ['only a finished month is published (通报)'] }]);
    const root = this.rootOf(actor, req.root);
    const review = await this.buildReview(req.month, root);
    await this.ds.transaction(async (m) => {
      if (!(await this.repo.publish(m, req.month, root, actor.id))) {
        throw new AppError(OfficeErrorCode.DiaryReviewPublished, `The diary review of ${req.month} was published already for ${root || 'everything'}`, { month: req.month, root });
      }
      for (const r of review.rows) {
        const data: DiaryReviewedData = { month: req.month, authorId: r.authorId, gridPath: r.gridPath, expectedDays: r.expectedDays, filedDays: r.filedDays };
        await this.outbox.add(m, { type: OfficeEvents.DiaryReviewed, gridPath: r.gridPath, actorId: actor.id, data });
      }
    });
    return this.buildReview(req.month, root);
  }

  private async buildReview(month: string, root: string, roster?: StaffRoster.Post[]): Promise<GetDiaryReview.Reply> {
    const cal = streetCalendar();
    const { from, to: last } = cal.monthDays(month);
    const to = last < cal.today() ? last : cal.today();
    let expectedDays = 0;
    for (let d = from; d <= to; d = addDays(d, 1)) if (this.clock.calendar.isWorkingDay(d)) expectedDays++;
    const [posts, diaries, checks, published] = await Promise.all([roster ?? this.roster.heads(root), this.repo.diaries(root, from, last), this.repo.checks({ root, month }), this.repo.review(month, root)]);

    const authors = new Map<string, Author>();
    const owner = new Map<string, Author>();
    for (const p of uniqueBy(posts, (x) => x.staffId)) {
      const a: Author = { id: p.accountId ?? p.staffId, ids: [p.staffId, ...(p.accountId ? [p.accountId] : [])], name: p.name, gridPath: p.gridPath };
      authors.set(a.id, a);
      for (const id of a.ids) owner.set(id, a);
    }
    for (const d of diaries) {
      if (owner.has(d.author_id)) continue;
      const a: Author = { id: d.author_id, ids: [d.author_id], name: d.author_name, gridPath: d.grid_path };
      authors.set(a.id, a);
      owner.set(d.author_id, a);
    }
    const days = new Map<string, Set<string>>();
    for (const d of diaries) {
      const a = owner.get(d.author_id)!;
      if (!days.has(a.id)) days.set(a.id, new Set());
      days.get(a.id)!.add(d.date);
    }
    const checksOf = groupBy(checks, (c) => owner.get(c.author_id)?.id ?? c.author_id);

    const rows: Omit<DiaryReviewRow, 'rank'>[] = [...authors.values()].map((a) => {
      const own = checksOf.get(a.id) ?? [];
      const graded = own.filter((c) => c.grade);
      const filedDays = days.get(a.id)?.size ?? 0;
      return {
        authorId: a.id,
        name: a.name,
        gridPath: a.gridPath,
        expectedDays,
        filedDays,
        completeness: expectedDays ? round(Math.min(1, filedDays / expectedDays)) : null,
        checks: own.length,
        graded: graded.length,
        averagePoints: graded.length ? round(graded.reduce((s, c) => s + (c.points ?? 0), 0) / graded.length, 1) : null,
        comments: graded.map((c) => ({ date: c.diary_date, grade: c.grade as DiaryGrade, comment: c.comment ?? '' })),
      };
    });
    rows.sort((x, y) => (y.averagePoints ?? -1) - (x.averagePoints ?? -1) || (y.completeness ?? -1) - (x.completeness ?? -1) || x.gridPath.localeCompare(y.gridPath));
    const filedTotal = rows.reduce((s, r) => s + r.filedDays, 0);
    const expectedTotal = rows.length * expectedDays;
    const gradedAll = checks.filter((c) => c.grade);
    return {
      month,
      root,
      publishedAt: published ? new Date(published.published_at).toISOString() : null,
      totals: {
        expectedDays: expectedTotal,
        filedDays: filedTotal,
        completeness: expectedTotal ? round(Math.min(1, filedTotal / expectedTotal)) : null,
        checks: checks.length,
        graded: gradedAll.length,
        averagePoints: gradedAll.length ? round(gradedAll.reduce((s, c) => s + (c.points ?? 0), 0) / gradedAll.length, 1) : null,
      },
      rows: rows.map((r, i) => ({ rank: i + 1, ...r })),
    };
  }

  private assertSupervisor(actor: Actor): void {
    if (!isDiarySupervisor(actor)) throw AppError.forbidden('Only the command centre or the organisation group supervises diaries (督查)');
  }

  private rootOf(actor: Actor, requested?: string): string {
    const root = narrowScope(actor.scope, requested);
    if (root === null) throw new AppError(OfficeErrorCode.OutOfScope, `${requested} is outside your scope`, { field: 'root' });
    return root;
  }
}

function toView(r: CheckRow): DiaryCheckView {
  const grade = r.grade as DiaryGrade | null;
  return {
    id: r.id,
    month: r.month,
    state: grade ? 'graded' : 'pending',
    diary: { id: r.diary_id, date: r.diary_date, gridPath: r.diary_grid_path, route: r.route, householdsVisited: r.households_visited, notes: r.notes, problemsFound: Number(r.problems_found) },
    authorId: r.author_id,
    authorName: r.author_name,
    gridPath: r.grid_path,
    drawnAt: new Date(r.drawn_at).toISOString(),
    drawnByName: r.drawn_by_name,
    grade,
    gradeLabel: grade ? { zh: DIARY_GRADE_LABELS[grade].zh, en: DIARY_GRADE_LABELS[grade].en } : null,
    points: r.points,
    comment: r.comment,
    gradedAt: r.graded_at ? new Date(r.graded_at).toISOString() : null,
    gradedByName: r.graded_by_name,
  };
}

function groupBy<T>(xs: readonly T[], key: (x: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    if (!out.has(k)) out.set(k, []);
    out.get(k)!.push(x);
  }
  return out;
}

function uniqueBy<T>(xs: readonly T[], key: (x: T) => string): T[] {
  const seen = new Set<string>();
  return xs.filter((x) => (seen.has(key(x)) ? false : (seen.add(key(x)), true)));
}

const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;
