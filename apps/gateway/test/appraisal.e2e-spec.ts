import { randomUUID } from 'node:crypto';
import { JetStreamClient, JSONCodec, NatsConnection } from 'nats';
import { DomainEvent, EVENT_STREAM, eventSubject, IncidentEventData, KeyArea, OfficeEvents } from '@grid122/contracts';
import { eventually } from '@grid122/testing';
import { startSuite, STREET, Suite } from './support/suite';

/** Street months (Asia/Shanghai) relative to now. */
const monthAt = (offset: number) => {
  const d = new Date(Date.now() + 8 * 3600 * 1000);
  const i = d.getUTCFullYear() * 12 + d.getUTCMonth() + offset;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
};
/** Noon of the 15th of a month, street time. */
const midMonth = (month: string) => `${month}-15T04:00:00.000Z`;

const L3 = `${STREET}.c01.g2_01.g3_01`;
const L2 = `${STREET}.c01.g2_01`;
const codec = JSONCodec<DomainEvent>();
jest.setTimeout(60_000);

const testPlan = (validFrom: string, w: { closure: number; onTime: number; rework: number }) => ({
  grade: 'T',
  validFrom,
  name: 'test plan',
  excellentMin: 90,
  satisfaction: { points: 40, surveyShare: 0.5, neutral: 0.5 },
  rules: [
    { key: 'closure', labelZh: '结案率', labelEn: 'Closure', indicator: 'incidents_closed', per: 'incidents_registered', kind: 'rate', better: 'higher', target: 1, weight: w.closure },
    { key: 'on_time', labelZh: '按期率', labelEn: 'On time', indicator: 'incidents_closed_on_time', per: 'incidents_closed', kind: 'rate', better: 'higher', target: 1, weight: w.onTime },
    { key: 'rework', labelZh: '返工', labelEn: 'Rework', indicator: 'incidents_reworked', kind: 'per_unit', better: 'lower', target: 0, cap: 2, weight: w.rework },
  ],
  tiers: [
    { tier: 1, min: 95, labelZh: '一档', labelEn: 'Tier 1', reward: 500 },
    { tier: 2, min: 85, labelZh: '二档', labelEn: 'Tier 2', reward: 300 },
    { tier: 3, min: 75, labelZh: '三档', labelEn: 'Tier 3', reward: 200 },
    { tier: 4, min: 60, labelZh: '四档', labelEn: 'Tier 4', reward: 100 },
    { tier: 5, min: 0, labelZh: '五档', labelEn: 'Tier 5', reward: 0 },
  ],
});

describe('appraisal: events → indicators → scores, plans, surveys, rankings, year-end', () => {
  let suite: Suite;
  let nc: NatsConnection;
  let js: JetStreamClient;
  let workerId: string;
  const published: DomainEvent[] = [];
  const month = monthAt(0);
  const next = monthAt(1);
  const auth = async (name: string) => `Bearer ${await suite.token(name)}`;

  async function publish(type: string, data: unknown, occurredAt = new Date().toISOString(), id: string = randomUUID(), msgId?: string): Promise<DomainEvent> {
    const event: DomainEvent = { id, type, source: 'test', occurredAt, gridPath: (data as { gridPath?: string }).gridPath ?? null, data };
    await js.publish(eventSubject(type), codec.encode(event), { msgID: msgId ?? id });
    published.push(event);
    return event;
  }

  const incident = (incidentId: string, over: Partial<IncidentEventData> = {}): IncidentEventData => ({
    incidentId,
    code: `BTQ-${incidentId.slice(0, 6)}`,
    title: '楼道堆物',
    keyArea: KeyArea.ProductionSafety,
    category: 'corridor_clutter',
    gridPath: L3,
    gridId: null,
    state: 'reported' as never,
    fromState: null,
    source: 'grid_patrol',
    reportedById: workerId,
    unit: null,
    departmentId: null,
    location: null,
    address: null,
    deadline: null,
    reportedAt: new Date().toISOString(),
    reworkCount: 0,
    ...over,
  });

  const recompute = async (m: string) => (await suite.http().post(`/api/v1/appraisal/scores/recompute?month=${m}`).set('authorization', await auth('admin')).expect(200)).body;
  const scores = async (m: string, q = '', who = 'admin') =>
    (await suite.http().get(`/api/v1/appraisal/scores?month=${m}${q}`).set('authorization', await auth(who)).expect(200)).body.items;

  beforeAll(async () => {
    suite = await startSuite({ services: ['appraisal', 'office'], env: { OFFICE_SWEEP_INTERVAL_MS: '0' } });
    nc = await suite.env.connectNats();
    js = nc.jetstream();
    workerId = (await suite.http().get('/api/v1/auth/me').set('authorization', await auth('worker')).expect(200)).body.id;
  }, 120_000);
  afterAll(async () => {
    await nc?.close();
    await suite?.stop();
  });

  const incA = randomUUID();
  const incB = randomUUID();
  const incC = randomUUID();
  const incD = randomUUID();

  it('refuses a plan weighting pure activity above the cap, with a clear 422', async () => {
    const plan = testPlan(month, { closure: 20, onTime: 25, rework: 0 });
    plan.rules[2] = { key: 'patrol', labelZh: '巡查里程', labelEn: 'Patrol km', indicator: 'patrol_km', kind: 'per_unit', better: 'higher', target: 100, weight: 15 } as never;
    const res = await suite.http().post('/api/v1/appraisal/plans').set('authorization', await auth('commander')).send(plan).expect(422);
    expect(res.body.code).toBe('APPRAISAL_FORMALISM_CAP_EXCEEDED');
    expect(res.body.message).toMatch(/patrol_km.*15 points.*cap is 10/);
  });

  it('refuses a plan version that rewrites a past month, and weights that do not make 60', async () => {
    const past = await suite.http().post('/api/v1/appraisal/plans').set('authorization', await auth('commander')).send(testPlan(monthAt(-1), { closure: 20, onTime: 30, rework: 10 })).expect(422);
    expect(past.body.code).toBe('APPRAISAL_PLAN_RETROACTIVE');
    const bad = await suite.http().post('/api/v1/appraisal/plans').set('authorization', await auth('commander')).send(testPlan(month, { closure: 20, onTime: 30, rework: 5 })).expect(422);
    expect(bad.body.code).toBe('APPRAISAL_PLAN_INVALID');
    expect(bad.body.message).toMatch(/add up to 55/);
    const worker = await suite.http().post('/api/v1/appraisal/plans').set('authorization', await auth('worker')).send(testPlan(month, { closure: 20, onTime: 30, rework: 10 })).expect(403);
    expect(worker.body.code).toBe('FORBIDDEN');
  });

  it('events in → indicators → the score under the given plan, with its version', async () => {
    const created = await suite.http().post('/api/v1/appraisal/plans').set('authorization', await auth('commander')).send(testPlan(month, { closure: 20, onTime: 30, rework: 10 })).expect(201);
    expect(created.body).toMatchObject({ grade: 'T', version: 1, validFrom: month, activityPoints: 0 });
    await suite.http().put('/api/v1/appraisal/plans/grid-grades').set('authorization', await auth('commander')).send({ gridPath: L2, grade: 'T', name: '一号小区' }).expect(200);

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

    const ds = await suite.dataSource('appraisal');
    await eventually(async () => {
      const rows = await ds.query(`SELECT indicator, value::float AS v FROM appraisal.indicator_values WHERE subject_kind = 'person' AND subject = $1 ORDER BY indicator`, [workerId]);
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

    const r = await recompute(month);
    expect(r.plans).toContainEqual({ grade: 'T', version: 1 });
    const [person] = await scores(month, `&personId=${workerId}`);
    // closure 2/4 × 20 = 10; on time 1/2 × 30 = 15; rework 1 of cap 2 → 5; satisfaction neutral 0.5 × 40 = 20
    expect(person).toMatchObject({ kind: 'person', total: 50, outcome: 30, plan: { grade: 'T', version: 1 }, tier: 5, satisfaction: { points: 20, basis: 'neutral' } });
    expect(person.rules.map((x: { points: number }) => x.points)).toEqual([10, 15, 5]);
    const grid = (await scores(month, `&kind=grid&gridPath=${L2}`)).find((s: { subject: string }) => s.subject === L2);
    expect(grid).toMatchObject({ name: '一号小区', total: 50, plan: { grade: 'T', version: 1 } });
  });

  it('a worker sees only their own scores; another street sees nothing; rankings are not for workers', async () => {
    const mine = await scores(month, '', 'worker');
    expect(mine.length).toBe(1);
    expect(mine[0].subject).toBe(workerId);
    expect(await scores(month, '', 'other-commander')).toEqual([]);
    const denied = await suite.http().get(`/api/v1/appraisal/rankings?month=${month}&of=compound`).set('authorization', await auth('worker')).expect(403);
    expect(denied.body.code).toBe('FORBIDDEN');
    const outside = await suite.http().get(`/api/v1/appraisal/scores?month=${month}&gridPath=nj.gulou.nhj`).set('authorization', await auth('commander')).expect(403);
    expect(outside.body.code).toBe('FORBIDDEN');
  });

  it('return visits: the reporter rates; "not fixed" emits appraisal.survey.not_fixed; satisfaction fills the 40 points', async () => {
    const list = (await suite.http().get(`/api/v1/appraisal/surveys?kind=return_visit&status=pending`).set('authorization', await auth('commander')).expect(200)).body.items;
    expect(list.map((s: { incidentId: string }) => s.incidentId).sort()).toEqual([incA, incB].sort());
    const sA = list.find((s: { incidentId: string }) => s.incidentId === incA);
    const sB = list.find((s: { incidentId: string }) => s.incidentId === incB);
    await suite.http().post(`/api/v1/appraisal/surveys/${sA.id}/answer`).set('authorization', await auth('worker')).send({ rating: 5, fixed: true }).expect(200);
    const again = await suite.http().post(`/api/v1/appraisal/surveys/${sA.id}/answer`).set('authorization', await auth('worker')).send({ rating: 5, fixed: true }).expect(409);
    expect(again.body.code).toBe('APPRAISAL_SURVEY_ALREADY_ANSWERED');
    const badRating = await suite.http().post(`/api/v1/appraisal/surveys/${sB.id}/answer`).set('authorization', await auth('commander')).send({ rating: 9, fixed: false }).expect(400);
    expect(badRating.body.message).toMatch(/rating/);
    const nf = await suite.http().post(`/api/v1/appraisal/surveys/${sB.id}/answer`).set('authorization', await auth('commander')).send({ rating: 2, fixed: false, comment: '垃圾仍在' }).expect(200);
    expect(nf.body).toMatchObject({ status: 'answered', fixed: false, rate: 0 });

    const jsm = await nc.jetstreamManager();
    const msg = await eventually(() => jsm.streams.getMessage(EVENT_STREAM, { last_by_subj: eventSubject('appraisal.survey.not_fixed') }));
    expect(codec.decode(msg.data)).toMatchObject({ type: 'appraisal.survey.not_fixed', source: 'appraisal', data: { incidentId: incB, surveyId: sB.id, comment: '垃圾仍在' } });

    await recompute(month);
    const [person] = await scores(month, `&personId=${workerId}`);
    // surveys 1.0 and 0 → rate 0.5 → 20 points, now from surveys
    expect(person.satisfaction).toEqual({ points: 20, rate: 0.5, basis: 'surveys' });
  });

  it('replaying the same events twice changes nothing, and a recompute equals the live read model', async () => {
    const ds = await suite.dataSource('appraisal');
    const snapshot = () => ds.query(`SELECT month, subject_kind, subject, indicator, value FROM appraisal.indicator_values ORDER BY 1, 2, 3, 4`);
    const facts = async () => Number((await ds.query(`SELECT count(*) AS n FROM appraisal.indicator_facts`))[0].n);
    const before = await snapshot();
    const factsBefore = await facts();
    const scoreBefore = (await scores(month)).map(({ computedAt: _c, ...s }: { computedAt: string }) => s);

    // past the stream's dedup window: a new Nats-Msg-Id, the same event id
    for (const e of [...published]) await publish(e.type, e.data, e.occurredAt, e.id, `${e.id}-replay`);
    const sentinel = randomUUID();
    await publish(OfficeEvents.DiaryFiled, { diaryId: sentinel, authorId: sentinel, gridId: null, gridPath: `${STREET}.c09.g2_01.g3_01`, date: month, householdsVisited: 3, problemsFound: 0, incidentIds: [] });
    await eventually(async () => expect((await ds.query(`SELECT 1 FROM appraisal.indicator_facts WHERE ref_id = $1`, [sentinel])).length).toBe(2));
    expect(await facts()).toBe(factsBefore + 2);
    const after = (await snapshot()).filter((r: { subject: string }) => r.subject !== sentinel && !r.subject.startsWith(`${STREET}.c09`) && r.subject !== STREET && r.subject !== 'nj' && r.subject !== 'nj.gulou');
    expect(after).toEqual(before.filter((r: { subject: string }) => r.subject !== STREET && r.subject !== 'nj' && r.subject !== 'nj.gulou'));

    const live = await snapshot();
    await recompute(month);
    expect(await snapshot()).toEqual(live);
    await recompute(month);
    const scoreAfter = (await scores(month)).map(({ computedAt: _c, ...s }: { computedAt: string }) => s);
    expect(scoreAfter.filter((s: { subject: string }) => s.subject !== sentinel && !s.subject.startsWith(`${STREET}.c09`))).toEqual(scoreBefore);
  });

  it('plan versioning across a month boundary: each month is scored with the version in force', async () => {
    const v2 = await suite.http().post('/api/v1/appraisal/plans').set('authorization', await auth('commander')).send(testPlan(next, { closure: 50, onTime: 5, rework: 5 })).expect(201);
    expect(v2.body).toMatchObject({ version: 2, validFrom: next });
    const dup = await suite.http().post('/api/v1/appraisal/plans').set('authorization', await auth('commander')).send(testPlan(next, { closure: 50, onTime: 5, rework: 5 })).expect(409);
    expect(dup.body.code).toBe('CONFLICT');

    const inc = randomUUID();
    const at = midMonth(next);
    await publish(OfficeEvents.IncidentRegistered, incident(inc), at);
    await publish(OfficeEvents.IncidentRegistered, incident(randomUUID()), at);
    await publish(OfficeEvents.IncidentClosed, incident(inc, { closureType: 'fixed' as never, onTime: true }), at);
    const ds = await suite.dataSource('appraisal');
    await eventually(async () => expect((await ds.query(`SELECT 1 FROM appraisal.indicator_facts WHERE ref_id = $1 AND indicator = 'incidents_closed'`, [inc])).length).toBe(1));

    await recompute(month);
    await recompute(next);
    const [now] = await scores(month, `&personId=${workerId}`);
    const [later] = await scores(next, `&personId=${workerId}`);
    expect(now.plan).toMatchObject({ grade: 'T', version: 1 });
    expect(now.total).toBe(50);
    // next month, v2: closure 1/2 × 50 = 25; on time 1/1 × 5 = 5; no rework 5; neutral 20
    expect(later.plan).toMatchObject({ grade: 'T', version: 2 });
    expect(later.total).toBe(55);

    const plans = (await suite.http().get('/api/v1/appraisal/plans?grade=T').set('authorization', await auth('district')).expect(200)).body;
    expect(plans.activityCap).toBe(10);
    expect(plans.plans[0].versions.map((v: { version: number; validUntil: string | null }) => [v.version, v.validUntil])).toEqual([[1, next], [2, null]]);
    const inForce = (await suite.http().get(`/api/v1/appraisal/plans/T?month=${next}`).set('authorization', await auth('district')).expect(200)).body;
    expect(inForce.version).toBe(2);
    const defaults = (await suite.http().get('/api/v1/appraisal/plans').set('authorization', await auth('district')).expect(200)).body;
    expect(defaults.plans.map((p: { grade: string }) => p.grade)).toEqual(expect.arrayContaining(['A', 'B', 'C', 'T']));
  });

  it('rankings, the monthly notice (JSON, HTML, XLSX) and the three rates', async () => {
    const ranking = (await suite.http().get(`/api/v1/appraisal/rankings?month=${month}&of=compound&gridPath=${STREET}.c01`).set('authorization', await auth('commander')).expect(200)).body;
    expect(ranking.rows[0]).toMatchObject({ rank: 1, subject: L2, total: 50 });
    const notice = (await suite.http().get(`/api/v1/appraisal/notices?month=${month}`).set('authorization', await auth('commander')).expect(200)).body;
    // The notice's key-area table is the office ledger's for the month (the events above were
    // published straight to the stream, so the ledger holds none of them): docs/metrics.md.
    const [y, mo] = month.split('-').map(Number);
    const last = new Date(Date.UTC(y, mo, 0)).getUTCDate();
    const ledger = (await suite.http().get(`/api/v1/stats/key-areas?from=${month}-01&to=${month}-${last}`).set('authorization', await auth('commander')).expect(200)).body;
    expect(notice.keyAreas.map((k: { keyArea: string; found: number; solved: number }) => [k.keyArea, k.found, k.solved])).toEqual(
      ledger.rows.map((r: { keyArea: string; found: number; solved: number }) => [r.keyArea, r.found, r.solved]),
    );
    expect(notice.totals).toMatchObject({ found: ledger.total.found, solved: ledger.total.solved });
    expect(notice.communities.map((c: { subject: string }) => c.subject)).toEqual(expect.arrayContaining([`${STREET}.c01`, `${STREET}.c09`]));
    // The registry is not started here: 三会一评 and the diaries' review (its roster is the registry's)
    // are published as unavailable (暂不可用) — the rest of the notice stands.
    expect(notice.unavailable).toEqual(['diaries', 'meetings']);
    expect(notice.supervision).toMatchObject({ diaries: null, meetings: null });
    const html = await suite.http().get(`/api/v1/appraisal/notices?month=${month}&format=html`).set('authorization', await auth('commander')).expect(200);
    expect(html.headers['content-type']).toMatch(/text\/html/);
    expect(html.text).toMatch(/网格化管理考核通报/);
    expect(html.text).toMatch(/部分内容暂不可用 Sections unavailable: 民情日志讲评 diary review、三会一评 meetings/);
    expect(html.text).toMatch(/三会一评 Meetings<\/td><td>暂不可用/);
    const xlsx = await suite
      .http()
      .get(`/api/v1/appraisal/notices?month=${month}&format=xlsx`)
      .set('authorization', await auth('commander'))
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(xlsx.headers['content-type']).toMatch(/spreadsheetml/);
    expect((xlsx.body as Buffer).subarray(0, 2).toString()).toBe('PK');

    const rates = (await suite.http().get(`/api/v1/appraisal/three-rates?month=${month}&by=unit`).set('authorization', await auth('commander')).expect(200)).body;
    const enf = rates.rows.find((r: { key: string }) => r.key === 'enforcement');
    expect(enf).toMatchObject({ dispatched: 2, accepted: 1, responseRate: 50 });
    expect(rates.weights).toEqual({ response: 10, resolution: 45, satisfaction: 45 });
  });

  it('year-end: three tier falls or a verified complaint bar "excellent"; two excellent years flag a reserve cadre; advanced L2 teams listed', async () => {
    const ds = await suite.dataSource('appraisal');
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
    const p = `${STREET}.c02.g2_01.g3_01`;
    // 96/91 alternating: average above 90 but 3 falls (1→2 three times)
    await insert(2024, 'person', faller, p, [96, 91, 96, 91, 96, 91], [1, 2, 1, 2, 1, 2]);
    await insert(2024, 'person', complained, p, Array(12).fill(96), Array(12).fill(1));
    await insert(2023, 'person', cadre, p, Array(12).fill(95), Array(12).fill(1));
    await insert(2024, 'person', cadre, p, Array(12).fill(97), Array(12).fill(1));
    await insert(2024, 'grid', `${STREET}.c02.g2_01`, `${STREET}.c02.g2_01`, Array(12).fill(94), Array(12).fill(2));
    await insert(2024, 'grid', `${STREET}.c02.g2_02`, `${STREET}.c02.g2_02`, Array(12).fill(80), Array(12).fill(3));
    await insert(2024, 'grid', `${STREET}.c02.g2_03`, `${STREET}.c02.g2_03`, Array(12).fill(93), Array(12).fill(2));
    await publish('petitions.complaint.verified', { complaintId: randomUUID(), personId: complained, gridPath: p }, '2024-05-10T02:00:00.000Z');
    await eventually(async () => expect((await ds.query(`SELECT 1 FROM appraisal.indicator_values WHERE subject = $1 AND indicator = 'complaints_verified'`, [complained])).length).toBe(1));

    const res = (await suite.http().get(`/api/v1/appraisal/year-end?year=2024&gridPath=${STREET}.c02`).set('authorization', await auth('commander')).expect(200)).body;
    const row = (id: string) => res.persons.find((x: { personId: string }) => x.personId === id);
    expect(row(faller)).toMatchObject({ tierFalls: 3, eligibleForExcellent: false, rating: 'competent', bonusCut: true, reserveCadre: false });
    expect(row(complained)).toMatchObject({ verifiedComplaints: 1, eligibleForExcellent: false, rating: 'competent', bonusCut: true });
    expect(row(cadre)).toMatchObject({ rating: 'excellent', reserveCadre: true, eligibleForExcellent: true, ratingLabel: { zh: '优秀', en: 'Excellent' } });
    // g2_01 ranks first but its grid had a verified complaint; g2_03 is the year's advanced team
    expect(res.advancedGridTeams).toEqual([expect.objectContaining({ gridPath: `${STREET}.c02.g2_03`, average: 93, rank: 2 })]);

    const own = (await suite.http().get(`/api/v1/appraisal/year-end?year=2024`).set('authorization', await auth('worker')).expect(200)).body;
    expect(own.persons).toEqual([]);
    expect(own.advancedGridTeams).toEqual([]);
  });
});
