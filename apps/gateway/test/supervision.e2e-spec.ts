import { demoStreet } from '@grid122/demo-street';
import { eventually } from '@grid122/testing';
import { seedDemo as seedRegistry } from '../../grid-registry/src/database/seed';
import { startSuite, STREET, Suite } from './support/suite';

/**
 * 督查 (issue 25) through the gateway against the real office, registry and appraisal: the diary
 * routes over the registry's real roster, the meetings' routes, and what appraisal, the monthly
 * notice and the board make of the month's figures. The office's rules of diaries, spot-checks,
 * the 讲评 and dual reports are tested in its folder (apps/office/test/supervision.e2e-spec.ts), the
 * registry's of meetings, posts and 双向选择 in its own (apps/grid-registry/test/grids.e2e-spec.ts),
 * how the notice prints the review, the meetings and the rules in force (JSON, HTML, XLSX) in
 * appraisal's (apps/appraisal/test/appraisal.e2e-spec.ts); here the notice's figures equal the routes'.
 */
describe('supervision (督查): diaries read and graded', () => {
  let suite: Suite;
  const city = demoStreet();
  const COMPOUND = `${STREET}.c01.g2_01`;
  const WORKER_GRID = `${COMPOUND}.g3_01`;
  const headOf = (path: string) => {
    const grid = city.grids.find((g) => g.path === path)!;
    const a = city.assignments.find((x) => x.gridId === grid.id && x.role === 'grid_head')!;
    return city.people.find((p) => p.id === a.personId)!;
  };
  const headsUnder = (root: string) => city.assignments.filter((a) => a.role === 'grid_head' && city.grids.find((g) => g.id === a.gridId)!.path.startsWith(root)).length;
  const auth = async (who: string) => ({ authorization: `Bearer ${await suite.token(who)}` });
  const get = async (who: string, url: string, status = 200) => {
    const res = await suite.http().get(url).set(await auth(who));
    if (res.status !== status) throw new Error(`GET ${url} as ${who}: expected ${status}, got ${res.status} ${res.text}`);
    return res.body;
  };
  const post = async (who: string, url: string, body: object, status = 200) => {
    const res = await suite.http().post(url).set(await auth(who)).send(body);
    if (res.status !== status) throw new Error(`POST ${url} as ${who}: expected ${status}, got ${res.status} ${res.text}`);
    return res.body;
  };
  let workerId: string;
  const thisMonth = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()).slice(0, 7);

  beforeAll(async () => {
    suite = await startSuite({ services: ['grid-registry', 'office', 'appraisal'], env: { OFFICE_SWEEP_INTERVAL_MS: '0' } });
    await seedRegistry(await suite.dataSource('grid-registry'));
    const gw = await suite.dataSource('gateway');
    [{ id: workerId }] = await gw.query(`SELECT id FROM identity.accounts WHERE username = 'worker'`);
    // The worker's account is the registry's head of their level-3 grid.
    const res = await suite.http().patch(`/api/v1/staff/${headOf(WORKER_GRID).id}`).set(await auth('organisation')).send({ accountId: workerId });
    expect(res.status).toBe(200);
    // November 2026: the worker files on three working days, the commander twice for another grid.
    for (const date of ['2026-11-02', '2026-11-03', '2026-11-04']) await post('worker', '/api/v1/diaries', { date, route: '1-6号楼', householdsVisited: 8, notes: `${date} 走访` }, 201);
    for (const date of ['2026-11-04', '2026-11-05']) await post('commander', '/api/v1/diaries', { date, gridPath: `${COMPOUND}.g3_02`, route: '沿街商铺', householdsVisited: 3 }, 201);
  }, 180_000);
  afterAll(() => suite?.stop());

  it('serves the diary supervision routes over the real registry’s roster: expected, draw, grade, the review and its publication', async () => {
    // The office's rules of 督查 are tested in its folder (apps/office/test/supervision.e2e-spec.ts, the
    // roster stubbed); here the registry's own roster names the heads, the worker's account among them.
    const day = await get('commander', `/api/v1/diaries/expected?date=2026-11-04&root=${COMPOUND}`);
    expect(day).toMatchObject({ workingDay: true, expected: headsUnder(COMPOUND), filed: 1 });
    expect(day.items.find((i: { gridPath: string }) => i.gridPath === WORKER_GRID)).toMatchObject({ staffId: headOf(WORKER_GRID).id, accountId: workerId, filed: true });
    expect(await get('worker', '/api/v1/diaries/expected?date=2026-11-04')).toMatchObject({ expected: 1, filed: 1 });
    expect(JSON.stringify(await get('commander', '/api/v1/diaries/expected?date=2099-01-04', 400))).toContain('date');

    expect(await post('commander', '/api/v1/diary-checks/draw', { month: '2026-11', share: 0.2, root: COMPOUND }, 201)).toMatchObject({ diaries: 5, checks: 2 });
    expect(await post('commander', '/api/v1/diary-checks/draw', { month: '2026-11', share: 1, root: COMPOUND }, 201)).toMatchObject({ checks: 5 });
    await post('worker', '/api/v1/diary-checks/draw', { month: '2026-11' }, 403);
    expect(JSON.stringify(await post('commander', '/api/v1/diary-checks/draw', { month: '2026-13' }, 400))).toContain('month');

    const mine = await get('worker', '/api/v1/diary-checks?month=2026-11');
    expect(mine.items).toHaveLength(3);
    const target = mine.items[0];
    await post('worker', `/api/v1/diary-checks/${target.id}/grade`, { grade: 'excellent', comment: '自评' }, 403);
    expect(JSON.stringify(await post('commander', `/api/v1/diary-checks/${target.id}/grade`, { grade: 'superb', comment: '好' }, 400))).toContain('grade');
    const graded = await post('commander', `/api/v1/diary-checks/${target.id}/grade`, { grade: 'good', comment: '记录详实，建议补充走访户的诉求' });
    expect(graded).toMatchObject({ state: 'graded', gradeLabel: { zh: '良好' }, points: 85 });
    await post('commander', `/api/v1/diary-checks/${target.id}/grade`, { grade: 'fail', comment: '再评' }, 409);
    await post('commander', `/api/v1/diary-checks/00000000-0000-4000-8000-000000000000/grade`, { grade: 'fail', comment: '不存在' }, 404);

    const review = await get('commander', `/api/v1/diary-reviews/2026-11?root=${COMPOUND}`);
    expect(review.totals).toMatchObject({ checks: 5, graded: 1, averagePoints: 85 });
    expect(review.rows[0]).toMatchObject({ rank: 1, authorId: workerId, expectedDays: 21 });
    await post('commander', `/api/v1/diary-reviews/${thisMonth()}/publish`, { root: COMPOUND }, 400);
    expect((await post('commander', '/api/v1/diary-reviews/2026-11/publish', { root: COMPOUND })).publishedAt).not.toBeNull();
    await post('organisation', '/api/v1/diary-reviews/2026-11/publish', { root: COMPOUND }, 409);
    await post('worker', '/api/v1/diary-reviews/2026-11/publish', {}, 403);
  });

  it('serves the registry’s meetings (三会一评) and double selection (双向选择) at their routes: query strings and path ids in, role gates, statuses', async () => {
    // The registry's rules of meetings, decisions, figures and 双向选择 are tested in its folder
    // (apps/grid-registry/test/grids.e2e-spec.ts); this meeting and its closed decision feed appraisal, the notice and the board below.
    const compound = city.grids.find((g) => g.path === COMPOUND)!;
    expect((await get('district', '/api/v1/meeting-kinds')).items).toHaveLength(5);
    expect(await get('commander', `/api/v1/meetings/members?kind=compound_heads&gridId=${compound.id}`)).toMatchObject({ kind: 'compound_heads', gridId: compound.id });
    const body = {
      kind: 'compound_heads',
      gridId: compound.id,
      heldOn: '2026-11-10',
      minutes: '通报本旬民情日志抽查情况；研究3号楼楼道堆物整治。',
      absentStaffIds: [headOf(`${COMPOUND}.g3_02`).id],
      absenceReason: '外出培训',
      decisions: [
        { text: '3号楼楼道堆物本周内清理完毕', ownerStaffId: headOf(WORKER_GRID).id, dueOn: '2026-11-15' },
        { text: '补齐沿街商铺消防台账', ownerStaffId: headOf(`${COMPOUND}.g3_03`).id, dueOn: '2099-12-31' },
      ],
    };
    await post('worker', '/api/v1/meetings', body, 403);
    expect((await post('commander', '/api/v1/meetings', { ...body, gridId: city.grids.find((g) => g.path === STREET)!.id }, 400)).code).toBe('REGISTRY_WRONG_GRID_LEVEL');
    const m = await post('organisation', '/api/v1/meetings', body, 201);
    expect((await get('district', `/api/v1/meetings/${m.id}`)).id).toBe(m.id);
    expect((await get('commander', `/api/v1/meetings?root=${COMPOUND}&kind=compound_heads`)).items.map((x: { id: string }) => x.id)).toEqual([m.id]);
    expect((await get('commander', `/api/v1/meetings/overdue?root=${COMPOUND}&kind=democratic_appraisal`)).items.map((i: { kind: string }) => i.kind)).toEqual(['democratic_appraisal']);
    // the community workstation records its community's meetings (a role the route names)
    const c01 = city.grids.find((g) => g.path === `${STREET}.c01`)!;
    expect(await post('community', '/api/v1/meetings', { kind: 'community_briefing', gridId: c01.id, heldOn: '2026-11-12', minutes: '碰头会：通报各二级网格情况' }, 201)).toMatchObject({ recordedByName: 'community' });

    // the grid head closes their decision (after its due date: not kept, for appraisal below), once
    const mine = await get('worker', '/api/v1/meeting-decisions?overdue=true');
    expect(mine.items.map((d: { text: string }) => d.text)).toEqual(['3号楼楼道堆物本周内清理完毕']);
    expect(await post('worker', `/api/v1/meeting-decisions/${mine.items[0].id}/close`, { note: '已清理，住户签字确认' })).toMatchObject({ id: mine.items[0].id, state: 'done' });
    expect((await post('worker', `/api/v1/meeting-decisions/${mine.items[0].id}/close`, { note: '再次' }, 409)).code).toBe('ILLEGAL_TRANSITION');

    const cadre = headOf(`${STREET}.c03`).id;
    await post('worker', '/api/v1/double-selections', { gridId: compound.id, staffId: cadre, role: 'grid_head', side: 'cadre' }, 403);
    const chosen = await post('organisation', '/api/v1/double-selections', { gridId: compound.id, staffId: cadre, role: 'seconded_staff', side: 'cadre' }, 201);
    expect((await get('district', `/api/v1/double-selections?root=${COMPOUND}&state=cadre_chose`)).items.map((x: { id: string }) => x.id)).toEqual([chosen.id]);
  });

  describe('the community workstation (社区工作站)', () => {

    it('takes in its grids’ dual reports at its routes (the office’s rules in its folder)', async () => {
      const report = await post('worker', '/api/v1/incidents', { source: 'grid_patrol', title: '楼道堆物', keyArea: 'other', category: 'exposed_rubbish', gridPath: WORKER_GRID, address: '宝塔桥东街3号楼' }, 201);
      expect((await get('community', '/api/v1/dual-reports?state=pending')).items.map((i: { incidentId: string }) => i.incidentId)).toContain(report.id);
      await post('commander', `/api/v1/dual-reports/${report.id}/acknowledge`, { note: '已知悉' }, 403);
      const taken = await post('community', `/api/v1/dual-reports/${report.id}/acknowledge`, { note: '社区已安排楼栋长督促清理' });
      expect(taken).toMatchObject({ incidentId: report.id, acknowledgedByName: 'community' });
      await post('community', `/api/v1/dual-reports/${report.id}/acknowledge`, { note: '再次' }, 409);
    });
  });

  describe('fed appraisal', () => {
    const facts = async (month: string, personId: string) => {
      const ds = await suite.dataSource('appraisal');
      const rows: { indicator: string; v: string }[] = await ds.query(
        `SELECT indicator, sum(value)::text AS v FROM appraisal.indicator_facts WHERE month = $1::date AND person_id = $2 GROUP BY indicator`,
        [`${month}-01`, personId],
      );
      return Object.fromEntries(rows.map((r) => [r.indicator, Number(r.v)]));
    };

    it('turns spot-check grades, the published review, attendance and decisions into indicators', async () => {
      await eventually(async () => {
        const f = await facts('2026-11', workerId);
        expect(f).toMatchObject({ diary_checks: 1, diary_check_points: 0.85, diary_days_expected: 21, diary_days_filed: 3, meetings_due: 1, meetings_attended: 1, decisions_assigned: 1 });
        expect(f.decisions_kept).toBeUndefined(); // closed after its due date
      }, 20_000);
      const absent = await facts('2026-11', headOf(`${COMPOUND}.g3_02`).id);
      expect(absent).toMatchObject({ meetings_due: 1 });
      expect(absent.meetings_attended).toBeUndefined();
    });

    it('records a democratic appraisal meeting as the grid’s half-yearly survey', async () => {
      const compound = city.grids.find((g) => g.path === COMPOUND)!;
      const m = await post('commander', '/api/v1/meetings', { kind: 'democratic_appraisal', gridId: compound.id, heldOn: '2026-11-20', minutes: '居民代表民主评议', representatives: 40, democratic: { satisfied: 30, basicallySatisfied: 8, dissatisfied: 2 } }, 201);
      expect(m).toMatchObject({ halfYear: '2026H2', representatives: 40 });
      const ds = await suite.dataSource('appraisal');
      await eventually(async () => {
        const [s] = await ds.query(`SELECT satisfied, basically_satisfied, dissatisfied, rate::float8 AS rate FROM appraisal.surveys WHERE kind = 'democratic' AND grid_path = $1::ltree AND half_year = '2026H2'`, [COMPOUND]);
        expect(s).toMatchObject({ satisfied: 30, basically_satisfied: 8, dissatisfied: 2 });
        expect(s.rate).toBeCloseTo((30 + 0.6 * 8) / 40, 3);
      }, 20_000);
    });
  });

  describe('one definition per figure: the board, the notice and the API agree', () => {
    it('gives the hub (the board), the monthly notice and the supervision APIs the same diary and meeting figures', async () => {
      const [review, meetings, lastDay] = await Promise.all([
        get('commander', `/api/v1/diary-reviews/2026-11?root=${COMPOUND}`),
        get('commander', `/api/v1/meetings/figures?root=${COMPOUND}&month=2026-11`),
        get('commander', `/api/v1/diaries/expected?date=2026-11-30&root=${COMPOUND}`),
      ]);
      // the board of November (the hub's month ending on its last day)
      const hub = await suite.hub(await auth('commander'), `root=${COMPOUND}&period=month&date=2026-11-30`);
      expect(hub.panels.office.unavailable).toEqual([]);
      expect(hub.panels.office.figures.diaries).toEqual({
        day: { date: '2026-11-30', workingDay: lastDay.workingDay, expected: lastDay.expected, filed: lastDay.filed, missing: lastDay.missing },
        month: '2026-11',
        totals: review.totals,
        publishedAt: review.publishedAt,
      });
      expect(hub.panels.organisation.figures.meetings).toEqual(meetings);
      // the notice of November prints the same review and meetings
      const notice = await get('commander', `/api/v1/appraisal/notices?month=2026-11&gridPath=${COMPOUND}`);
      expect(notice.supervision.diaries).toEqual(review);
      expect(notice.supervision.meetings).toEqual(meetings);
      // and they are not empty: a test that could not fail would prove nothing
      expect(review.totals).toMatchObject({ filedDays: 5, graded: 1 });
      expect(meetings.held).toBe(2);

      // today's board: the hub of today against today's expected diaries and this month's figures
      const [today, month, meetingsNow] = await Promise.all([
        get('commander', `/api/v1/diaries/expected?root=${COMPOUND}`),
        get('commander', `/api/v1/diary-reviews/${thisMonth()}?root=${COMPOUND}`),
        get('commander', `/api/v1/meetings/figures?root=${COMPOUND}`),
      ]);
      const board = await suite.hub(await auth('commander'), `root=${COMPOUND}&period=today`);
      expect(board.panels.office.figures.diaries).toMatchObject({ day: { date: today.date, expected: today.expected, filed: today.filed, missing: today.missing }, month: thisMonth(), totals: month.totals });
      expect(board.panels.organisation.figures.meetings).toEqual(meetingsNow);
      for (const k of ['expected', 'missing', 'completeness', 'averagePoints', 'held', 'attendanceRate', 'doneOnTime', 'overdueMeetings']) expect(board.labels[k].zh).toMatch(/[\u4e00-\u9fff]/);
    });
  });
});
