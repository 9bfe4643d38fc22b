import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { JSONCodec } from 'nats';
import { addMonths, monthDays, streetCalendar } from '@grid122/calendar';
import {
  AnswerSurvey, CommonErrorCode, CreatePlanVersion, DiaryGrade, DomainEvent, EVENT_STREAM, eventSubject, GetDiaryReview, GetNotice, GetPlanVersion, GetRanking, GetThreeRates, GetYearEnd,
  IncidentEventData, KeyArea, KeyAreaStats, ListPlans, ListScores, ListSurveys, ListThemes, MeetingFigures, MeetingKind, OfficeEvents, RecomputeScores, SetGridGrade,
} from '@grid122/contracts';
import { eventually, PATROL_RULE, serviceUnderTest, TEST_ACTORS, TEST_STREET, TestActorName, testPlan } from '@grid122/testing';
import { AppModule } from '../src/app.module';
import { dataSourceOptions } from '../src/database/data-source';

jest.setTimeout(120_000);

/** Noon of the 15th of a month, street time. */
const midMonth = (month: string) => `${month}-15T04:00:00.000Z`;

const L3 = `${TEST_STREET}.c01.g2_01.g3_01`;
const L2 = `${TEST_STREET}.c01.g2_01`;
const WORKER = TEST_ACTORS.worker.id;

/**
 * Appraisal (考核评价) through its contracts (NATS, signed callers), against real Postgres and NATS:
 * events in → indicators → scores under the plan in force, plans and their versions, return-visit
 * surveys, replays, rankings, the monthly notice, the three rates and the year-end rules. Another
 * service's events are published to JetStream as their producers would; the office's ledger and
 * themes, which the notice prints, are answered by a stand-in on NATS (no office running), and
 * neither the office's diary review nor the registry answers. The routes (roles at the edge,
 * statuses, the notice's downloads) and the notice end to end with the real office are the
 * gateway's appraisal spec.
 */
describe('appraisal (考核评价) service: events → indicators → scores, plans, surveys, rankings, year-end', () => {
  const svc = serviceUnderTest({ app: 'appraisal', module: () => AppModule.forRoot(), dataSource: dataSourceOptions });
  const published: DomainEvent[] = [];
  const month = streetCalendar().thisMonth();
  const next = addMonths(month, 1);

  async function publish(type: string, data: unknown, occurredAt = new Date().toISOString(), id: string = randomUUID(), msgId?: string): Promise<DomainEvent> {
    const event: DomainEvent = { id, type, source: 'test', occurredAt, gridPath: (data as { gridPath?: string }).gridPath ?? null, data };
    await svc().publish(event, msgId ?? id);
    published.push(event);
    return event;
  }

  const incident = (incidentId: string, over: Partial<IncidentEventData> = {}): IncidentEventData => ({
    incidentId, code: `BTQ-${incidentId.slice(0, 6)}`, title: '楼道堆物', keyArea: KeyArea.ProductionSafety, category: 'corridor_clutter', gridPath: L3, gridId: null,
    state: 'reported' as never, fromState: null, source: 'grid_patrol', reportedById: WORKER, unit: null, departmentId: null, location: null, address: null, deadline: null,
    reportedAt: new Date().toISOString(), reworkCount: 0, ...over,
  });

  const recompute = (m: string) => svc().call(RecomputeScores, { month: m }, 'admin');
  const scores = async (m: string, q: Record<string, string> = {}, who: TestActorName = 'admin') => (await svc().call(ListScores, { month: m, ...q }, who)).items;
  const withoutTime = <T extends { computedAt: string }>(rows: T[]) => rows.map(({ computedAt: _c, ...s }) => s);

  const incA = randomUUID();
  const incB = randomUUID();
  const incC = randomUUID();
  const incD = randomUUID();

  it('refuses a plan weighting pure activity above the cap, naming the indicator', async () => {
    const plan = testPlan(month, { closure: 20, onTime: 25, rework: 0 });
    const refused = await svc().refusal(CreatePlanVersion, { ...plan, rules: [plan.rules[0], plan.rules[1], PATROL_RULE] }, 'commander');
    expect(refused.code).toBe('APPRAISAL_FORMALISM_CAP_EXCEEDED');
    expect(refused.message).toMatch(/patrol_km.*15 points.*cap is 10/);
  });

  it('refuses a plan version that rewrites a past month, weights that do not make 60, and a caller who is not the centre', async () => {
    expect((await svc().refusal(CreatePlanVersion, testPlan(addMonths(month, -1), { closure: 20, onTime: 30, rework: 10 }), 'commander')).code).toBe('APPRAISAL_PLAN_RETROACTIVE');
    const bad = await svc().refusal(CreatePlanVersion, testPlan(month, { closure: 20, onTime: 30, rework: 5 }), 'commander');
    expect(bad.code).toBe('APPRAISAL_PLAN_INVALID');
    expect(bad.message).toMatch(/add up to 55/);
    expect((await svc().refusal(CreatePlanVersion, testPlan(month, { closure: 20, onTime: 30, rework: 10 }), 'worker')).code).toBe(CommonErrorCode.Forbidden);
  });

  it("refuses a grid's grade set by a commander of another street", async () => {
    const refused = await svc().refusal(SetGridGrade, { gridPath: L2, grade: 'T', name: '一号小区' }, 'other-commander');
    expect(refused.code).toBe(CommonErrorCode.Forbidden);
    expect(refused.message).toBe(`Grid ${L2} is outside your scope`);
  });

  it('events in → indicators → the score under the given plan, with its version', async () => {
    expect(await svc().call(CreatePlanVersion, testPlan(month, { closure: 20, onTime: 30, rework: 10 }), 'commander')).toMatchObject({ grade: 'T', version: 1, validFrom: month, activityPoints: 0 });
    await svc().call(SetGridGrade, { gridPath: L2, grade: 'T', name: '一号小区' }, 'commander');

    const at = new Date().toISOString();
    for (const id of [incA, incB, incC, incD]) {
      await publish(OfficeEvents.IncidentReported, incident(id), at);
      await publish(OfficeEvents.IncidentRegistered, incident(id), at);
    }
    await publish(OfficeEvents.IncidentDispatched, incident(incA, { unit: 'enforcement' as never }), at);
    await publish(OfficeEvents.IncidentDispatched, incident(incB, { unit: 'enforcement' as never }), at);
    await publish(OfficeEvents.IncidentAccepted, incident(incA, { unit: 'enforcement' as never }), at);
    await publish(OfficeEvents.IncidentClosed, incident(incA, { closureType: 'fixed' as never, onTime: true, resolutionLevel: 'grid' as never }), at);
    await publish(OfficeEvents.IncidentClosed, incident(incB, { closureType: 'fixed' as never, onTime: false, resolutionLevel: 'community' as never }), at);
    await publish(OfficeEvents.IncidentReworked, incident(incB, { reworkCount: 1, firstRework: true }), at);
    await publish('office.incident.some_future_type', incident(incC), at); // ignored

    await eventually(async () => {
      const rows = await svc().ds.query(`SELECT indicator, value::float AS v FROM appraisal.indicator_values WHERE subject_kind = 'person' AND subject = $1 ORDER BY indicator`, [WORKER]);
      expect(Object.fromEntries(rows.map((r: { indicator: string; v: number }) => [r.indicator, r.v]))).toEqual({
        incidents_accepted: 1,
        incidents_closed: 2,
        incidents_closed_on_time: 1,
        incidents_dispatched: 2,
        incidents_fixed: 2,
        incidents_registered: 4,
        incidents_reported: 4,
        incidents_reworked: 1,
        resolved_at_community: 1,
        resolved_at_grid: 1,
      });
    });

    expect((await recompute(month)).plans).toContainEqual({ grade: 'T', version: 1 });
    const [person] = await scores(month, { personId: WORKER });
    // closure 2/4 × 20 = 10; on time 1/2 × 30 = 15; rework 1 of cap 2 → 5; satisfaction neutral 0.5 × 40 = 20
    expect(person).toMatchObject({ kind: 'person', total: 50, outcome: 30, plan: { grade: 'T', version: 1 }, tier: 5, satisfaction: { points: 20, basis: 'neutral' } });
    expect(person.rules.map((x) => x.points)).toEqual([10, 15, 5]);
    const grid = (await scores(month, { kind: 'grid', gridPath: L2 })).find((s) => s.subject === L2);
    expect(grid).toMatchObject({ name: '一号小区', total: 50, plan: { grade: 'T', version: 1 } });
  });

  it('a worker sees only their own scores; another street sees nothing; rankings are not for workers; no scope outside one\'s own', async () => {
    const mine = await scores(month, {}, 'worker');
    expect(mine.length).toBe(1);
    expect(mine[0].subject).toBe(WORKER);
    expect(await scores(month, {}, 'other-commander')).toEqual([]);
    expect((await svc().refusal(GetRanking, { month, of: 'compound' }, 'worker')).code).toBe(CommonErrorCode.Forbidden);
    expect((await svc().refusal(ListScores, { month, gridPath: 'nj.gulou.nhj' }, 'commander')).code).toBe(CommonErrorCode.Forbidden);
  });

  it('return visits: the reporter rates; "not fixed" emits appraisal.survey.not_fixed; satisfaction fills the 40 points', async () => {
    const list = (await svc().call(ListSurveys, { kind: 'return_visit', status: 'pending' }, 'commander')).items;
    expect(list.map((s) => s.incidentId).sort()).toEqual([incA, incB].sort());
    const sA = list.find((s) => s.incidentId === incA)!;
    const sB = list.find((s) => s.incidentId === incB)!;
    await svc().call(AnswerSurvey, { id: sA.id, rating: 5, fixed: true }, 'worker');
    expect((await svc().refusal(AnswerSurvey, { id: sA.id, rating: 5, fixed: true }, 'worker')).code).toBe('APPRAISAL_SURVEY_ALREADY_ANSWERED');
    expect(await svc().invalidField(AnswerSurvey, { id: sB.id, rating: 9, fixed: false }, 'commander')).toBe('rating');
    expect(await svc().call(AnswerSurvey, { id: sB.id, rating: 2, fixed: false, comment: '垃圾仍在' }, 'commander')).toMatchObject({ status: 'answered', fixed: false, rate: 0 });

    // written with the answer, and relayed to the stream
    const [notFixed] = await svc().outbox('appraisal.survey.not_fixed');
    expect(notFixed.data).toMatchObject({ incidentId: incB, surveyId: sB.id, comment: '垃圾仍在' });
    const jsm = await svc().nats.jetstreamManager();
    const msg = await eventually(() => jsm.streams.getMessage(EVENT_STREAM, { last_by_subj: eventSubject('appraisal.survey.not_fixed') }));
    expect(JSONCodec<DomainEvent>().decode(msg.data)).toMatchObject({ id: notFixed.id, type: 'appraisal.survey.not_fixed', source: 'appraisal', data: { incidentId: incB, surveyId: sB.id } });

    await recompute(month);
    const [person] = await scores(month, { personId: WORKER });
    // surveys 1.0 and 0 → rate 0.5 → 20 points, now from surveys
    expect(person.satisfaction).toEqual({ points: 20, rate: 0.5, basis: 'surveys' });
  });

  it('replaying the same events twice changes nothing, and a recompute equals the live read model', async () => {
    const { ds } = svc();
    const snapshot = () => ds.query(`SELECT month, subject_kind, subject, indicator, value FROM appraisal.indicator_values ORDER BY 1, 2, 3, 4`);
    const facts = async () => Number((await ds.query(`SELECT count(*) AS n FROM appraisal.indicator_facts`))[0].n);
    const before = await snapshot();
    const factsBefore = await facts();
    const scoreBefore = withoutTime(await scores(month));

    // past the stream's dedup window: a new Nats-Msg-Id, the same event id
    for (const e of [...published]) await publish(e.type, e.data, e.occurredAt, e.id, `${e.id}-replay`);
    const sentinel = randomUUID();
    await publish(OfficeEvents.DiaryFiled, { diaryId: sentinel, authorId: sentinel, gridId: null, gridPath: `${TEST_STREET}.c09.g2_01.g3_01`, date: month, householdsVisited: 3, problemsFound: 0, incidentIds: [] });
    await eventually(async () => expect((await ds.query(`SELECT 1 FROM appraisal.indicator_facts WHERE ref_id = $1`, [sentinel])).length).toBe(2));
    expect(await facts()).toBe(factsBefore + 2);
    const above = (r: { subject: string }) => r.subject !== TEST_STREET && r.subject !== 'nj' && r.subject !== 'nj.gulou';
    const after = (await snapshot()).filter((r: { subject: string }) => r.subject !== sentinel && !r.subject.startsWith(`${TEST_STREET}.c09`) && above(r));
    expect(after).toEqual(before.filter(above));

    const live = await snapshot();
    await recompute(month);
    expect(await snapshot()).toEqual(live);
    await recompute(month);
    expect(withoutTime(await scores(month)).filter((s) => s.subject !== sentinel && !s.subject.startsWith(`${TEST_STREET}.c09`))).toEqual(scoreBefore);
  });

  it('plan versioning across a month boundary: each month is scored with the version in force', async () => {
    expect(await svc().call(CreatePlanVersion, testPlan(next, { closure: 50, onTime: 5, rework: 5 }), 'commander')).toMatchObject({ version: 2, validFrom: next });
    expect((await svc().refusal(CreatePlanVersion, testPlan(next, { closure: 50, onTime: 5, rework: 5 }), 'commander')).code).toBe(CommonErrorCode.Conflict);

    const inc = randomUUID();
    const at = midMonth(next);
    await publish(OfficeEvents.IncidentRegistered, incident(inc), at);
    await publish(OfficeEvents.IncidentRegistered, incident(randomUUID()), at);
    await publish(OfficeEvents.IncidentClosed, incident(inc, { closureType: 'fixed' as never, onTime: true }), at);
    await eventually(async () => expect((await svc().ds.query(`SELECT 1 FROM appraisal.indicator_facts WHERE ref_id = $1 AND indicator = 'incidents_closed'`, [inc])).length).toBe(1));

    await recompute(month);
    await recompute(next);
    const [now] = await scores(month, { personId: WORKER });
    const [later] = await scores(next, { personId: WORKER });
    expect(now.plan).toMatchObject({ grade: 'T', version: 1 });
    expect(now.total).toBe(50);
    // next month, v2: closure 1/2 × 50 = 25; on time 1/1 × 5 = 5; no rework 5; neutral 20
    expect(later.plan).toMatchObject({ grade: 'T', version: 2 });
    expect(later.total).toBe(55);

    const plans = await svc().call(ListPlans, { grade: 'T' }, 'district');
    expect(plans.activityCap).toBe(10);
    expect(plans.plans[0].versions.map((v) => [v.version, v.validUntil])).toEqual([[1, next], [2, null]]);
    expect((await svc().call(GetPlanVersion, { grade: 'T', month: next }, 'district')).version).toBe(2);
    expect((await svc().call(ListPlans, {}, 'district')).plans.map((p) => p.grade)).toEqual(expect.arrayContaining(['A', 'B', 'C', 'T']));
  });

  it('rankings, the monthly notice (JSON, HTML, XLSX) printing the office ledger as it answers, and the three rates', async () => {
    const ranking = await svc().call(GetRanking, { month, of: 'compound', gridPath: `${TEST_STREET}.c01` }, 'commander');
    expect(ranking.rows[0]).toMatchObject({ rank: 1, subject: L2, total: 50 });

    // The notice's key-area table is the office ledger's for the month (docs/metrics.md), asked of the office for the caller's scope.
    const ledger: KeyAreaStats.Reply = {
      from: null, to: null, root: TEST_STREET,
      rows: [
        { keyArea: KeyArea.ProductionSafety, label: { zh: '安全生产', en: 'Production safety' }, found: 7, solved: 5, closureRate: 71.43 },
        { keyArea: KeyArea.Other, label: { zh: '其他', en: 'Other' }, found: 3, solved: 3, closureRate: 100 },
      ],
      total: { found: 10, solved: 8, closureRate: 80 },
    } as KeyAreaStats.Reply;
    const asked = svc().answer(KeyAreaStats, () => ledger);
    svc().answer(ListThemes, () => ({ items: [] }));
    const notice = await svc().call(GetNotice, { month }, 'commander');
    expect(asked[0]).toEqual({ ...monthDays(month), root: TEST_STREET });
    expect(notice.keyAreas.map((k) => [k.keyArea, k.found, k.solved, k.rate])).toEqual([[KeyArea.ProductionSafety, 7, 5, 71.43], [KeyArea.Other, 3, 3, 100]]);
    expect(notice.totals).toEqual({ found: 10, solved: 8, rate: 80 });
    expect(notice.communities.map((c) => c.subject)).toEqual(expect.arrayContaining([`${TEST_STREET}.c01`, `${TEST_STREET}.c09`]));
    // Neither the office's diary review nor the registry answers: 三会一评 and the diaries' review
    // are published as unavailable (暂不可用) — the rest of the notice stands.
    expect(notice.unavailable).toEqual(['diaries', 'meetings']);
    expect(notice.supervision).toMatchObject({ diaries: null, meetings: null });

    const html = (await svc().call(GetNotice, { month, format: 'html' }, 'commander')).document!;
    expect(html.contentType).toMatch(/text\/html/);
    const text = Buffer.from(html.base64, 'base64').toString();
    expect(text).toMatch(/网格化管理考核通报/);
    expect(text).toMatch(/部分内容暂不可用 Sections unavailable: 民情日志讲评 diary review、三会一评 meetings/);
    expect(text).toMatch(/三会一评 Meetings<\/td><td>暂不可用/);
    const xlsx = (await svc().call(GetNotice, { month, format: 'xlsx' }, 'commander')).document!;
    expect(xlsx.contentType).toMatch(/spreadsheetml/);
    expect(Buffer.from(xlsx.base64, 'base64').subarray(0, 2).toString()).toBe('PK');

    const rates = await svc().call(GetThreeRates, { month, by: 'unit' }, 'commander');
    expect(rates.rows.find((r) => r.key === 'enforcement')).toMatchObject({ dispatched: 2, accepted: 1, responseRate: 50 });
    expect(rates.weights).toEqual({ response: 10, resolution: 45, satisfaction: 45 });
  });

  it('year-end: three tier falls or a verified complaint bar "excellent"; two excellent years flag a reserve cadre; advanced L2 teams listed', async () => {
    const { ds } = svc();
    const [{ id: planB }] = await ds.query(`SELECT id FROM appraisal.score_plans WHERE grade = 'B' AND version = 1`);
    const insert = async (year: number, kind: string, subject: string, path: string, totals: number[], tiers: number[]) => {
      for (let i = 0; i < totals.length; i++) {
        await ds.query(
          `INSERT INTO appraisal.scores (month, subject_kind, subject, name, grid_path, person_kind, plan_id, plan_grade, plan_version, total, outcome, satisfaction_points, satisfaction_rate, satisfaction_basis, tier, reward, breakdown, indicators)
           VALUES (make_date($1, $2, 1), $3, $4, $5, $6::ltree, $7, $8, 'B', 1, $9::numeric, $9::numeric - 36, 36, 0.9, 'both', $10, 0, '{"rules":[],"tierLabel":{"zh":"","en":""}}', '{}')`,
          [year, i + 1, kind, subject, `name-${subject.slice(0, 6)}`, path, kind === 'person' ? 'grid_worker' : null, planB, totals[i], tiers[i]],
        );
      }
    };
    const faller = randomUUID();
    const complained = randomUUID();
    const cadre = randomUUID();
    const p = `${TEST_STREET}.c02.g2_01.g3_01`;
    // 96/91 alternating: average above 90 but 3 falls (1→2 three times)
    await insert(2024, 'person', faller, p, [96, 91, 96, 91, 96, 91], [1, 2, 1, 2, 1, 2]);
    await insert(2024, 'person', complained, p, Array(12).fill(96), Array(12).fill(1));
    await insert(2023, 'person', cadre, p, Array(12).fill(95), Array(12).fill(1));
    await insert(2024, 'person', cadre, p, Array(12).fill(97), Array(12).fill(1));
    await insert(2024, 'grid', `${TEST_STREET}.c02.g2_01`, `${TEST_STREET}.c02.g2_01`, Array(12).fill(94), Array(12).fill(2));
    await insert(2024, 'grid', `${TEST_STREET}.c02.g2_02`, `${TEST_STREET}.c02.g2_02`, Array(12).fill(80), Array(12).fill(3));
    await insert(2024, 'grid', `${TEST_STREET}.c02.g2_03`, `${TEST_STREET}.c02.g2_03`, Array(12).fill(93), Array(12).fill(2));
    await publish('petitions.complaint.verified', { complaintId: randomUUID(), personId: complained, gridPath: p }, '2024-05-10T02:00:00.000Z');
    await eventually(async () => expect((await ds.query(`SELECT 1 FROM appraisal.indicator_values WHERE subject = $1 AND indicator = 'complaints_verified'`, [complained])).length).toBe(1));

    const res = await svc().call(GetYearEnd, { year: 2024, gridPath: `${TEST_STREET}.c02` }, 'commander');
    const row = (id: string) => res.persons.find((x) => x.personId === id);
    expect(row(faller)).toMatchObject({ tierFalls: 3, eligibleForExcellent: false, rating: 'competent', bonusCut: true, reserveCadre: false });
    expect(row(complained)).toMatchObject({ verifiedComplaints: 1, eligibleForExcellent: false, rating: 'competent', bonusCut: true });
    expect(row(cadre)).toMatchObject({ rating: 'excellent', reserveCadre: true, eligibleForExcellent: true, ratingLabel: { zh: '优秀', en: 'Excellent' } });
    // g2_01 ranks first but its grid had a verified complaint; g2_03 is the year's advanced team
    expect(res.advancedGridTeams).toEqual([expect.objectContaining({ gridPath: `${TEST_STREET}.c02.g2_03`, average: 93, rank: 2 })]);

    const own = await svc().call(GetYearEnd, { year: 2024 }, 'worker');
    expect(own.persons).toEqual([]);
    expect(own.advancedGridTeams).toEqual([]);
  });

  it('prints the office’s diary review and the registry’s meeting figures as they answer, with the rules in force, in the notice (JSON, HTML, XLSX)', async () => {
    // As the office and the registry would answer for November 2026 under a compound (the gateway's
    // supervision spec has them answer for real, and the notice equal to their routes, end to end).
    const COMPOUND = L2;
    const comment = '记录详实，建议补充走访户的诉求';
    const review: GetDiaryReview.Reply = {
      month: '2026-11', root: COMPOUND, publishedAt: '2026-12-01T02:00:00.000Z',
      totals: { expectedDays: 21 * 6, filedDays: 5, completeness: 0.04, checks: 5, graded: 1, averagePoints: 85 },
      rows: [
        { rank: 1, authorId: WORKER, name: '张网格', gridPath: L3, expectedDays: 21, filedDays: 3, completeness: 0.143, checks: 3, graded: 1, averagePoints: 85, comments: [{ date: '2026-11-02', grade: DiaryGrade.Good, comment }] },
        { rank: 2, authorId: TEST_ACTORS.commander.id, name: null, gridPath: `${L2}.g3_02`, expectedDays: 21, filedDays: 2, completeness: 0.095, checks: 2, graded: 0, averagePoints: null, comments: [] },
      ],
    };
    const meetings: MeetingFigures.Reply = {
      month: '2026-11', root: COMPOUND, held: 2,
      byKind: [
        { kind: MeetingKind.CompoundHeads, zh: '三级网格负责人会议', held: 1, attendanceRate: 0.857 },
        { kind: MeetingKind.DemocraticAppraisal, zh: '民主评议会', held: 1, attendanceRate: 1 },
      ],
      attendanceRate: 0.929, decisions: { made: 2, done: 1, doneOnTime: 0, open: 1, overdue: 0 }, overdueMeetings: 3,
    };
    const askedReview = svc().answer(GetDiaryReview, () => review);
    const askedMeetings = svc().answer(MeetingFigures, () => meetings);

    const nov = await svc().call(GetNotice, { month: '2026-11', gridPath: COMPOUND }, 'commander');
    expect(askedReview.at(-1)).toEqual({ month: '2026-11', root: COMPOUND });
    expect(askedMeetings.at(-1)).toEqual({ month: '2026-11', root: COMPOUND });
    expect(nov.unavailable).toEqual([]);
    expect(nov.supervision.diaries).toEqual(review);
    expect(nov.supervision.meetings).toEqual(meetings);
    // the rules in force: November 2026 under version 1 of grade B, this month version 2, which scores diaries and meetings
    expect(nov.rules.find((p) => p.grade === 'B')).toMatchObject({ version: 1 });
    const now = await svc().call(GetNotice, { month, gridPath: COMPOUND }, 'commander');
    const b = now.rules.find((p) => p.grade === 'B')!;
    expect(b.version).toBe(2);
    expect(b.rules.map((r) => r.key)).toEqual(expect.arrayContaining(['diary_completeness', 'diary_grade', 'meeting_attendance', 'decisions_kept', 'household_visits']));
    expect(b.rules.reduce((sum, r) => sum + r.weight, 0)).toBe(60);

    const html = Buffer.from((await svc().call(GetNotice, { month: '2026-11', gridPath: COMPOUND, format: 'html' }, 'commander')).document!.base64, 'base64').toString();
    for (const words of ['民情日志完整率', '三会一评召开', '三级网格负责人会议', '民情日志讲评', comment, '考核细则']) expect(html).toContain(words);
    expect(html).not.toMatch(/暂不可用/);
    // the XLSX notice: the 督查 figures and the 讲评 list, one row per grid head as the review has them
    const xlsx = (await svc().call(GetNotice, { month: '2026-11', gridPath: COMPOUND, format: 'xlsx' }, 'commander')).document!;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(xlsx.base64, 'base64') as never);
    const sup = wb.getWorksheet('督查')!;
    const row = (label: string) => sup.getRows(1, sup.rowCount)!.find((r) => String(r.getCell(1).value).startsWith(label))?.getCell(2).value;
    expect(row('民情日志已报天数')).toBe(review.totals.filedDays);
    expect(row('三会一评召开')).toBe(meetings.held);
    const list = wb.getWorksheet('讲评')!;
    expect(list.rowCount).toBe(1 + review.rows.length);
    expect(list.getRow(2).getCell(8).value).toContain('记录详实');
  });
});
