import { AcknowledgeDualReport, GridLevel, DrawDiaryChecks, ERROR_HTTP_STATUS, ExpectedDiaries, FileDiary, GetDiaryReview, GradeDiaryCheck, ListDiaryChecks, ListDualReports, OfficeErrorCode, PublishDiaryReview, ReportIncident, StaffRole, StaffRoster, TransitionIncident } from '@grid122/contracts';
import { demoStreet } from '@grid122/demo-street';
import { AppError } from '@grid122/messaging';
import { serviceUnderTest, TEST_ACTORS, TEST_STREET as STREET, TestActorName } from '@grid122/testing';
import { AppModule } from '../src/app.module';
import { dataSourceOptions } from '../src/database/data-source';

jest.setTimeout(120_000);

const COMPOUND = `${STREET}.c01.g2_01`;
const WORKER_GRID = `${COMPOUND}.g3_01`;
const ROSTER_LEVELS: string[] = [GridLevel.Community, GridLevel.Compound, GridLevel.BuildingCluster];

/** The HTTP status a refusal's code stands for. */
const statusOf = (e: AppError) => ERROR_HTTP_STATUS[e.code as keyof typeof ERROR_HTTP_STATUS];

/**
 * 督查 (issue 25) through the office's contracts: diaries expected and missing per grid head,
 * random spot-checks graded with a comment the grid head sees, the month's 讲评 published once, and
 * the community workstation's 双报告 and verification. The grid heads come from the registry's
 * roster (`registry.staff.roster`), answered here from the demo street as the registry would, the
 * worker's account the head of their level-3 grid. The HTTP side, the registry's meetings and what
 * appraisal and the board make of these figures are the gateway's supervision spec.
 */
describe('office: supervision (督查) of diaries, and the community’s dual reports', () => {
  const svc = serviceUnderTest({ app: 'office', module: () => AppModule.forRoot(), dataSource: dataSourceOptions, env: { OFFICE_SWEEP_INTERVAL_MS: '0' } });
  const city = demoStreet();
  const headsAt = city.assignments
    .filter((a) => a.role === 'grid_head')
    .map((a) => ({ grid: city.grids.find((g) => g.id === a.gridId)!, person: city.people.find((p) => p.id === a.personId)! }));
  const headOf = (path: string) => headsAt.find((h) => h.grid.path === path)!.person;
  const headsUnder = (root: string) => headsAt.filter((h) => h.grid.path.startsWith(root)).length;
  const workerId = TEST_ACTORS.worker.id;
  const commanderId = TEST_ACTORS.commander.id;
  const thisMonth = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()).slice(0, 7);

  beforeAll(async () => {
    // The registry's roster of grid heads (L1-L3) under a root; the worker's account heads their grid.
    svc().answer(StaffRoster, (req) => ({
      items: headsAt
        .filter((h) => ROSTER_LEVELS.includes(h.grid.level) && (!req.root || h.grid.path === req.root || h.grid.path.startsWith(`${req.root}.`)))
        .map((h) => ({ staffId: h.person.id, accountId: h.grid.path === WORKER_GRID ? workerId : null, name: h.person.name, gridId: h.grid.id, gridPath: h.grid.path, gridName: h.grid.name, gridLevel: h.grid.level as GridLevel, role: StaffRole.GridHead })),
    }));
    // November 2026: the worker files on three working days, the commander twice for another grid.
    for (const date of ['2026-11-02', '2026-11-03', '2026-11-04']) await svc().call(FileDiary, { date, route: '1-6号楼', householdsVisited: 8, notes: `${date} 走访` }, 'worker');
    for (const date of ['2026-11-04', '2026-11-05']) await svc().call(FileDiary, { date, gridPath: `${COMPOUND}.g3_02`, route: '沿街商铺', householdsVisited: 3 }, 'commander');
  });

  it('lists the day’s expected diaries per grid head and the missing ones (working days only)', async () => {
    const day = await svc().call(ExpectedDiaries, { date: '2026-11-04', root: COMPOUND }, 'commander');
    expect(day.workingDay).toBe(true);
    expect(day.expected).toBe(headsUnder(COMPOUND));
    expect(day.expected).toBeGreaterThan(1);
    expect(day.filed).toBe(1);
    expect(day.missing).toBe(day.expected - 1);
    const mine = day.items.find((i) => i.gridPath === WORKER_GRID)!;
    expect(mine).toMatchObject({ staffId: headOf(WORKER_GRID).id, accountId: workerId, filed: true });
    expect(mine.diaryIds).toHaveLength(1);
    expect(day.missingItems.map((i) => i.gridPath)).not.toContain(WORKER_GRID);
    expect(day.missingItems.map((i) => i.gridPath)).toContain(COMPOUND);

    // the grid worker sees their own grid only; a Saturday expects nobody; no future days
    const own = await svc().call(ExpectedDiaries, { date: '2026-11-04' }, 'worker');
    expect(own).toMatchObject({ expected: 1, filed: 1, missing: 0 });
    const saturday = await svc().call(ExpectedDiaries, { date: '2026-11-07', root: COMPOUND }, 'commander');
    expect(saturday).toMatchObject({ workingDay: false, expected: 0, missing: 0 });
    const future = await svc().refusal(ExpectedDiaries, { date: '2099-01-04' }, 'commander');
    expect(statusOf(future)).toBe(400);
    expect(`${future.message} ${JSON.stringify(future.details)}`).toContain('date');
  });

  it('draws spot-checks at random: every author at least once, then up to the share; only supervisors', async () => {
    const first = await svc().call(DrawDiaryChecks, { month: '2026-11', share: 0.2, root: COMPOUND }, 'commander');
    expect(first).toMatchObject({ month: '2026-11', share: 0.2, diaries: 5, checks: 2 });
    expect(first.drawn.map((c) => c.authorId).sort()).toEqual([workerId, commanderId].sort());
    expect(first.noDiary.length).toBe(headsUnder(COMPOUND) - 1);
    // drawing again adds nothing (each author has one, the share is met) …
    expect((await svc().call(DrawDiaryChecks, { month: '2026-11', share: 0.2, root: COMPOUND }, 'organisation')).drawn).toHaveLength(0);
    // … a larger share draws the rest, never a diary twice
    const all = await svc().call(DrawDiaryChecks, { month: '2026-11', share: 1, root: COMPOUND }, 'commander');
    expect(all).toMatchObject({ checks: 5 });
    expect(all.drawn).toHaveLength(3);

    for (const who of ['worker', 'petitions'] as TestActorName[]) expect(statusOf(await svc().refusal(DrawDiaryChecks, { month: '2026-11' }, who))).toBe(403);
    expect(await svc().invalidField(DrawDiaryChecks, { month: '2026-13' }, 'commander')).toBe('month');
    expect(statusOf(await svc().refusal(DrawDiaryChecks, { month: '2099-01' }, 'commander'))).toBe(400);
  });

  it('grades a check once with a comment the grid head sees; the worker sees only their own checks', async () => {
    const mine = await svc().call(ListDiaryChecks, { month: '2026-11' }, 'worker');
    expect(mine.items).toHaveLength(3);
    expect(mine.items.every((c) => c.authorId === workerId && c.state === 'pending')).toBe(true);
    const target = mine.items[0];
    expect(statusOf(await svc().refusal(GradeDiaryCheck, { id: target.id, grade: 'excellent', comment: '自评' }, 'worker'))).toBe(403);
    expect(await svc().invalidField(GradeDiaryCheck, { id: target.id, grade: 'superb', comment: '好' }, 'commander')).toBe('grade');
    const graded = await svc().call(GradeDiaryCheck, { id: target.id, grade: 'good', comment: '记录详实，建议补充走访户的诉求' }, 'commander');
    expect(graded).toMatchObject({ state: 'graded', grade: 'good', gradeLabel: { zh: '良好' }, points: 85, comment: '记录详实，建议补充走访户的诉求' });
    expect(statusOf(await svc().refusal(GradeDiaryCheck, { id: target.id, grade: 'fail', comment: '再评' }, 'commander'))).toBe(409);
    const none = await svc().refusal(GradeDiaryCheck, { id: '00000000-0000-4000-8000-000000000000', grade: 'fail', comment: '不存在' }, 'commander');
    expect(none.code).toBe(OfficeErrorCode.DiaryCheckNotFound);
    const seen = await svc().call(ListDiaryChecks, { month: '2026-11', state: 'graded' }, 'worker');
    expect(seen.items).toEqual([expect.objectContaining({ id: target.id, comment: '记录详实，建议补充走访户的诉求', gradedByName: 'commander' })]);
    const other = await svc().call(ListDiaryChecks, { month: '2026-11', root: COMPOUND }, 'commander');
    expect(other.items).toHaveLength(5);
  });

  it('ranks the month’s 讲评 list and publishes a finished month once', async () => {
    const review = await svc().call(GetDiaryReview, { month: '2026-11', root: COMPOUND }, 'commander');
    expect(review.rows.length).toBe(headsUnder(COMPOUND) + 1); // the heads and the commander who filed
    const top = review.rows[0];
    expect(top).toMatchObject({ rank: 1, authorId: workerId, filedDays: 3, checks: 3, graded: 1, averagePoints: 85, comments: [expect.objectContaining({ grade: 'good' })] });
    expect(top.expectedDays).toBe(21); // November 2026's working days in the street's calendar
    expect(top.completeness).toBeCloseTo(3 / 21, 3);
    expect(review.totals).toMatchObject({ checks: 5, graded: 1, averagePoints: 85 });
    expect(review.publishedAt).toBeNull();

    expect(statusOf(await svc().refusal(PublishDiaryReview, { month: thisMonth(), root: COMPOUND }, 'commander'))).toBe(400);
    const published = await svc().call(PublishDiaryReview, { month: '2026-11', root: COMPOUND }, 'commander');
    expect(published.publishedAt).not.toBeNull();
    const again = await svc().refusal(PublishDiaryReview, { month: '2026-11', root: COMPOUND }, 'organisation');
    expect(again.code).toBe(OfficeErrorCode.DiaryReviewPublished);
    expect(statusOf(await svc().refusal(PublishDiaryReview, { month: '2026-11' }, 'worker'))).toBe(403);
  });

  it('the community workstation takes in its grids’ dual reports once, and verifies the work done in its community', async () => {
    const report = await svc().call(ReportIncident, { source: 'grid_patrol', title: '楼道堆物', description: '3号楼楼道堆放杂物', keyArea: 'other', category: 'exposed_rubbish', gridPath: WORKER_GRID, address: '宝塔桥东街3号楼' }, 'worker');
    const inbox = await svc().call(ListDualReports, { state: 'pending' }, 'community');
    expect(inbox.pending).toBeGreaterThanOrEqual(1);
    expect(inbox.items.map((i) => i.incidentId)).toContain(report.id);
    expect(statusOf(await svc().refusal(AcknowledgeDualReport, { incidentId: report.id, note: '已知悉' }, 'commander'))).toBe(403);
    const taken = await svc().call(AcknowledgeDualReport, { incidentId: report.id, note: '社区已安排楼栋长督促清理' }, 'community');
    expect(taken).toMatchObject({ incidentId: report.id, acknowledgedByName: 'community', note: '社区已安排楼栋长督促清理', overdue: false });
    expect(statusOf(await svc().refusal(AcknowledgeDualReport, { incidentId: report.id, note: '再次' }, 'community'))).toBe(409);
    expect((await svc().call(ListDualReports, { state: 'pending' }, 'community')).items.map((i) => i.incidentId)).not.toContain(report.id);

    const act = (action: string, who: TestActorName, b: Record<string, string> = {}) => svc().call(TransitionIncident, { incidentId: report.id, action, ...b }, who);
    await act('register', 'commander');
    await act('dispatch', 'commander', { unit: 'social' });
    await act('accept', 'social');
    await act('handle', 'social', { result: '已清理完毕' });
    expect((await act('verify', 'community')).state).toBe('verified');
  });
});
