import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import { startSuite, STREET, Suite } from './support/suite';

const G3 = `${STREET}.c01.g2_01.g3_01`;
const OTHER_G3 = `${STREET}.c02.g2_05.g3_17`;
const DAY = 86_400_000;
const binary = (res: unknown, cb: (e: Error | null, b: Buffer) => void) => {
  const chunks: Buffer[] = [];
  const stream = res as NodeJS.ReadableStream;
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => cb(null, Buffer.concat(chunks)));
};

describe('petitions: receptions, special populations, floating population, warnings, meetings, figures', () => {
  let suite: Suite;
  const as = async (user: string) => `Bearer ${await suite.token(user)}`;
  const post = async (user: string, url: string, body: object) => suite.http().post(url).set('authorization', await as(user)).send(body);
  const get = async (user: string, url: string) => suite.http().get(url).set('authorization', await as(user));
  const newPetition = async (name: string, phone: string) =>
    (await post('petitions', '/api/v1/petitions', { channel: 'visit', petitionerKind: 'person', petitioner: { name, phone }, matter: 'housing', summary: '申请公租房多次未果', gridPath: G3 })).body;

  beforeAll(async () => {
    suite = await startSuite({ services: ['petitions'] });
  });
  afterAll(() => suite?.stop());

  describe('三层接访', () => {
    it('publishes an appointment reception with slots and refuses double booking', async () => {
      const start = new Date(Date.now() + 3 * DAY);
      const rec = await post('petitions', '/api/v1/receptions', {
        kind: 'appointment',
        leaderName: '分管副主任',
        leaderTitle: 'member_in_charge',
        topic: '住房保障专题预约接访',
        place: '街道信访接待室',
        gridPath: STREET,
        startsAt: start.toISOString(),
        endsAt: new Date(start.getTime() + 2 * 3600_000).toISOString(),
        slotMinutes: 30,
      });
      expect(rec.status).toBe(201);
      expect(rec.body.slots).toHaveLength(4);
      expect(rec.body.state).toBe('scheduled');
      const p1 = await newPetition('林涛', '13811110001');
      const p2 = await newPetition('何静', '13811110002');
      const slot = rec.body.slots[0].id;

      const early = await post('petitions', `/api/v1/receptions/${rec.body.id}/slots/${slot}/book`, { petitionId: p1.id });
      expect(early.status).toBe(409);
      expect(early.body.code).toBe('PETITIONS_RECEPTION_NOT_BOOKABLE');
      expect((await post('petitions', `/api/v1/receptions/${rec.body.id}/publish`, {})).body.state).toBe('published');

      const ok = await post('petitions', `/api/v1/receptions/${rec.body.id}/slots/${slot}/book`, { petitionId: p1.id });
      expect(ok.status).toBe(200);
      expect(ok.body.slots[0]).toMatchObject({ petitionId: p1.id, petitionRef: p1.ref });
      expect(ok.body.freeSlots).toBe(3);
      const taken = await post('petitions', `/api/v1/receptions/${rec.body.id}/slots/${slot}/book`, { petitionId: p2.id });
      expect(taken.status).toBe(409);
      expect(taken.body.code).toBe('PETITIONS_SLOT_TAKEN');
      const twice = await post('petitions', `/api/v1/receptions/${rec.body.id}/slots/${rec.body.slots[1].id}/book`, { petitionId: p1.id });
      expect(twice.status).toBe(409);
      expect(twice.body.code).toBe('CONFLICT');
      // Two bookings of one slot at the same instant: exactly one wins.
      const p3 = await newPetition('高峰', '13811110003');
      const race = await Promise.all([p2, p3].map((p) => post('petitions', `/api/v1/receptions/${rec.body.id}/slots/${rec.body.slots[2].id}/book`, { petitionId: p.id })));
      expect(race.map((r) => r.status).sort()).toEqual([200, 409]);

      const outcome = await post('petitions', `/api/v1/receptions/${rec.body.id}/slots/${slot}/record`, { outcome: '当场答复，纳入下批公租房配租', resolved: true });
      expect(outcome.body.slots[0]).toMatchObject({ outcome: '当场答复，纳入下批公租房配租', resolved: true });
      const held = await post('petitions', `/api/v1/receptions/${rec.body.id}/record`, { outcome: '接待3批次，当场解决2件' });
      expect(held.body).toMatchObject({ state: 'held', outcome: '接待3批次，当场解决2件' });
      const upcoming = await get('worker', '/api/v1/receptions?upcoming=true');
      expect(upcoming.status).toBe(200);
    });

    it('records a topic reception and a home visit with its outcome', async () => {
      const start = new Date(Date.now() + 5 * DAY);
      const topic = await post('commander', '/api/v1/receptions', {
        kind: 'topic', leaderName: '街道党工委书记', leaderTitle: 'party_secretary', topic: '老旧小区改造点题接访', gridPath: STREET,
        startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 3 * 3600_000).toISOString(), slotMinutes: 20, publish: true,
      });
      expect(topic.body).toMatchObject({ kind: 'topic', state: 'published' });
      expect(topic.body.slots).toHaveLength(9);
      const p = await newPetition('袁华', '13811110009');
      const visit = await post('petitions', '/api/v1/receptions', {
        kind: 'home_visit', leaderName: '街道办事处主任', leaderTitle: 'office_director', topic: '上门走访老上访户', gridPath: G3,
        startsAt: new Date(Date.now() - 3600_000).toISOString(), endsAt: new Date().toISOString(), petitionId: p.id,
      });
      expect(visit.status).toBe(201);
      expect(visit.body.slots).toEqual([expect.objectContaining({ petitionId: p.id })]);
      const noPetition = await post('petitions', '/api/v1/receptions', { kind: 'home_visit', leaderName: '主任', leaderTitle: 'office_director', topic: '上门走访', gridPath: G3, startsAt: new Date().toISOString(), endsAt: new Date(Date.now() + 3600_000).toISOString() });
      expect(noPetition.status).toBe(400);
      expect(noPetition.body.details.fields[0].field).toBe('petitionId');
      const rec = await post('petitions', `/api/v1/receptions/${visit.body.id}/record`, { outcome: '当面解释政策，信访人表示理解' });
      expect(rec.body.state).toBe('held');
    });
  });

  describe('特殊人群 and 四级预警', () => {
    let high: { id: string };
    let low: { id: string };

    it('registers people masked, counts for everyone, identities only by an audited reveal', async () => {
      const r = await post('petitions', '/api/v1/special-populations', {
        category: 'community_corrections',
        identity: { name: '郭明', idNumber: '320106198507071234', phone: '13922223333' },
        gridPath: G3,
        riskLevel: 'high',
        responsibleWorkerName: '网格员王',
        registeredAt: new Date(Date.now() - 10 * DAY).toISOString(),
      });
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({ followUpDays: 7, overdue: true, identity: { name: '郭*', idNumber: '320106**********34', phone: '139****3333', masked: true } });
      high = r.body;
      low = (await post('petitions', '/api/v1/special-populations', { category: 'key_youth', identity: { name: '邓超', phone: '13922224444' }, gridPath: G3, riskLevel: 'low' })).body;
      expect(low).toMatchObject({ followUpDays: 30, overdue: false });
      const dup = await post('petitions', '/api/v1/special-populations', { category: 'community_corrections', identity: { name: '郭明', idNumber: '320106198507071234' }, gridPath: G3, riskLevel: 'low' });
      expect(dup.status).toBe(409);
      const unknown = await post('petitions', '/api/v1/special-populations', { category: 'gamblers', identity: { name: '某' }, gridPath: G3, riskLevel: 'low' });
      expect(unknown.body.code).toBe('PETITIONS_UNKNOWN_CATEGORY');

      const workerList = await get('worker', '/api/v1/special-populations');
      expect(workerList.status).toBe(200);
      expect(workerList.body.counts).toEqual(expect.arrayContaining([{ category: 'community_corrections', total: 1, highRisk: 1, overdue: 1 }]));
      expect(JSON.stringify(workerList.body)).not.toContain('郭明');
      expect(JSON.stringify(workerList.body)).not.toContain('13922223333');
      expect((await post('worker', `/api/v1/special-populations/${high.id}/reveal`, { reason: '入户走访需要核对身份' })).status).toBe(403);
      expect((await post('district', `/api/v1/special-populations/${high.id}/reveal`, { reason: '区里要看' })).status).toBe(403);
      const rev = await post('commander', `/api/v1/special-populations/${high.id}/reveal`, { reason: '核查矫正期间外出情况' });
      expect(rev.body.identity).toEqual({ name: '郭明', idNumber: '320106198507071234', phone: '13922223333', masked: false });
      const audit = await get('auditor', `/api/v1/petitions/identity-audit?subjectType=special_person`);
      expect(audit.body.items[0]).toMatchObject({ actorName: 'commander', subjectId: high.id, reason: '核查矫正期间外出情况' });
    });

    it('lists people overdue for a visit; a grid worker records the follow-up', async () => {
      const overdue = await get('worker', '/api/v1/special-populations/overdue');
      expect(overdue.body.items.map((p: { id: string }) => p.id)).toEqual([high.id]);
      const f = await post('worker', `/api/v1/special-populations/${high.id}/follow-ups`, { visitedAt: new Date().toISOString(), method: 'home_visit', situation: '在家，情绪稳定，按时报到' });
      expect(f.status).toBe(201);
      expect(f.body).toMatchObject({ late: true, visitor: { name: 'worker' } });
      const after = await get('worker', `/api/v1/special-populations/${high.id}`);
      expect(after.body.overdue).toBe(false);
      expect(after.body.followUps).toHaveLength(1);
      expect((await get('worker', '/api/v1/special-populations/overdue')).body.total).toBe(0);
      const other = await post('worker', '/api/v1/floating-population', { identity: { name: '外' }, buildingId: randomUUID(), gridPath: OTHER_G3, arrivedOn: '2025-01-01' });
      expect(other.status).toBe(403);
    });

    it('a warning is seen first by the warned grids, raises high-risk visits, and must be acknowledged', async () => {
      const w = await post('commander', '/api/v1/stability-warnings', {
        level: 4, reasonKind: 'demolition', reason: '宝塔桥东片区征收签约期，防范群体性上访',
        startsAt: new Date(Date.now() - 3600_000).toISOString(), endsAt: new Date(Date.now() + 7 * DAY).toISOString(),
        gridPaths: [`${STREET}.c01`, OTHER_G3],
      });
      expect(w.status).toBe(201);
      expect(w.body).toMatchObject({ level: 4, colour: 'red', current: true, unacknowledged: 2 });
      expect((await post('worker', '/api/v1/stability-warnings', { level: 1, reasonKind: 'holiday', reason: '春节', startsAt: new Date().toISOString(), endsAt: new Date(Date.now() + DAY).toISOString(), gridPaths: [G3] })).status).toBe(403);
      const outside = await post('commander', '/api/v1/stability-warnings', { level: 1, reasonKind: 'holiday', reason: '春节期间', startsAt: new Date().toISOString(), endsAt: new Date(Date.now() + DAY).toISOString(), gridPaths: ['nj.gulou.nhj.c01'] });
      expect(outside.body.code).toBe('PETITIONS_OUT_OF_SCOPE');

      const current = await get('worker', '/api/v1/stability-warnings/current');
      expect(current.body.highestLevel).toBe(4);
      expect(current.body.items[0].id).toBe(w.body.id);
      expect(current.body.items[0].grids.map((g: { gridPath: string }) => g.gridPath)).toEqual([`${STREET}.c01`]);
      expect(current.body.toAcknowledge).toEqual([{ warningId: w.body.id, gridPath: `${STREET}.c01` }]);
      expect((await get('other-commander', '/api/v1/stability-warnings/current')).body.items).toEqual([]);

      // Red: high-risk people under the warned community are visited daily.
      const p = await get('worker', `/api/v1/special-populations/${high.id}`);
      expect(p.body).toMatchObject({ followUpDays: 1, raisedByWarning: true });
      expect((await get('worker', `/api/v1/special-populations/${low.id}`)).body).toMatchObject({ followUpDays: 30, raisedByWarning: false });

      const ack = await post('worker', `/api/v1/stability-warnings/${w.body.id}/acknowledge`, { note: '已传达到全体网格员' });
      expect(ack.status).toBe(200);
      const un = await get('commander', `/api/v1/stability-warnings/${w.body.id}/unacknowledged`);
      expect(un.body.grids).toEqual([OTHER_G3]);
      const again = await post('worker', `/api/v1/stability-warnings/${w.body.id}/acknowledge`, {});
      expect(again.body.code).toBe('PETITIONS_NOTHING_TO_ACKNOWLEDGE');
      const byCommander = await post('commander', `/api/v1/stability-warnings/${w.body.id}/acknowledge`, {});
      expect(byCommander.status).toBe(403);
      const detail = await get('commander', `/api/v1/stability-warnings/${w.body.id}`);
      expect(detail.body.grids).toEqual(expect.arrayContaining([expect.objectContaining({ gridPath: `${STREET}.c01`, acknowledgedBy: 'worker', note: '已传达到全体网格员' })]));
      const lifted = await post('commander', `/api/v1/stability-warnings/${w.body.id}/lift`, { note: '签约完成' });
      expect(lifted.body).toMatchObject({ state: 'lifted', current: false });
      expect((await get('worker', `/api/v1/special-populations/${high.id}`)).body.followUpDays).toBe(7);
    });

    it('exports the register as a watermarked XLSX only with a reason, and audits it', async () => {
      expect((await post('petitions', '/api/v1/special-populations/export', {})).status).toBe(400);
      expect((await post('worker', '/api/v1/special-populations/export', { reason: '看看' })).status).toBe(403);
      const res = await suite.http().post('/api/v1/special-populations/export').set('authorization', await as('petitions')).send({ reason: '报送区综治中心季度核查' }).buffer(true).parse(binary as never);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/spreadsheetml/);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.body as never);
      const ws = wb.worksheets[0];
      const mark = String(ws.getRow(1).getCell(1).value);
      expect(mark).toContain('导出人: petitions');
      expect(mark).toContain('用途: 报送区综治中心季度核查');
      expect(mark).toMatch(/导出时间: \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
      expect(ws.headerFooter.oddHeader).toContain('petitions');
      const values = ws.getSheetValues().flat().map(String);
      expect(values).toContain('郭明');
      const audit = await get('auditor', '/api/v1/petitions/identity-audit?subjectType=export');
      expect(audit.body.items[0]).toMatchObject({ actorName: 'petitions', reason: '报送区综治中心季度核查' });
    });
  });

  it('registers floating population to buildings, with arrival and leaving', async () => {
    const building = randomUUID();
    const r = await post('worker', '/api/v1/floating-population', { identity: { name: '韦小宝', idNumber: '450102199203031111', phone: '15800001111' }, buildingId: building, gridPath: G3, origin: '广西南宁', occupation: '快递员', arrivedOn: '2025-03-01' });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ buildingId: building, present: true, identity: { name: '韦**', masked: true } });
    const list = await get('worker', `/api/v1/floating-population?buildingId=${building}`);
    expect(list.body).toMatchObject({ total: 1, present: 1 });
    const bad = await post('worker', `/api/v1/floating-population/${r.body.id}/leave`, { leftOn: '2025-02-01' });
    expect(bad.status).toBe(400);
    const left = await post('worker', `/api/v1/floating-population/${r.body.id}/leave`, { leftOn: '2025-06-30' });
    expect(left.body).toMatchObject({ present: false, leftOn: '2025-06-30' });
    expect((await post('worker', `/api/v1/floating-population/${r.body.id}/leave`, { leftOn: '2025-07-01' })).body.code).toBe('PETITIONS_ALREADY_LEFT');
    expect((await get('worker', `/api/v1/floating-population?buildingId=${building}`)).body.total).toBe(0);
    expect((await get('worker', `/api/v1/floating-population?buildingId=${building}&present=false`)).body.total).toBe(1);
  });

  it('records weekly stability meetings with attendees and decisions', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const m = await post('petitions', '/api/v1/stability-meetings', {
      heldOn: today, gridPath: STREET, chair: '街道政法委员',
      attendees: [{ name: '综治办主任', role: '综治办' }, { name: '派出所所长', role: '派出所' }, { name: '司法所所长', role: '司法所' }],
      topics: '研判本周矛盾纠纷和信访形势',
      decisions: [{ text: '对东片区征收户逐户走访', owner: '各社区书记', dueOn: today }],
    });
    expect(m.status).toBe(201);
    expect(m.body.week).toMatch(/^\d{4}-W\d{2}$/);
    expect((await get('worker', '/api/v1/stability-meetings')).body.items[0].decisions[0].text).toBe('对东片区征收户逐户走访');
    const one = await post('petitions', '/api/v1/stability-meetings', { heldOn: today, gridPath: STREET, chair: 'x', attendees: [{ name: 'a', role: 'b' }], topics: '研判', decisions: [] });
    expect(one.status).toBe(400);
    expect(one.body.details.fields[0].field).toBe('attendees');
  });

  it('shows the figures: monthly volume and collective, repeat and on-time rates, disputes, follow-ups', async () => {
    const ds = await suite.dataSource('petitions');
    // Last month had more petitions than this one: 双下降 needs both to fall.
    await ds.query(
      `INSERT INTO petitions.petitions (ref, channel, petitioner_kind, headcount, matter, summary, key_area, grid_path, state, received_at, accept_due_at)
       SELECT 'XFOLD' || g, 'visit', 'group', CASE WHEN g <= 3 THEN 8 ELSE 2 END, 'housing', 'old', 'petitions_stability', $1::ltree, 'closed',
              date_trunc('month', now() AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai' - interval '10 days', now()
         FROM generate_series(1, 30) g`,
      [G3],
    );
    const f = await get('commander', '/api/v1/petitions/figures');
    expect(f.status).toBe(200);
    const months = f.body.petitions.months;
    expect(months).toHaveLength(12);
    const [prev, last] = months.slice(-2);
    expect(prev).toMatchObject({ petitions: 30, collective: 3 });
    expect(last.petitions).toBeGreaterThan(0);
    expect(f.body.petitions.doubleDecline).toEqual({ volumeDown: true, collectiveDown: true, both: true });
    expect(f.body.petitions.repeatRate).toEqual(expect.any(Number));
    expect(f.body.followUps).toMatchObject({ done: 1 });
    expect(f.body.followUps.due).toBeGreaterThanOrEqual(2);
    expect(f.body.disputes.settledLevelShares).toEqual({ grid: 0, community: 0, street: 0, district: 0 });
    const bad = await get('commander', '/api/v1/petitions/figures?from=2025-13');
    expect(bad.status).toBe(400);
    expect(bad.body.details.fields[0].field).toBe('from');
  });
});
