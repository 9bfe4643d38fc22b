import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { headers as natsHeaders, JSONCodec, NatsConnection } from 'nats';
import { DataSource } from 'typeorm';
import { DomainEvent, eventSubject, IncidentEventData, IncidentState, KeyArea, OfficeEvents, Unit } from '@grid122/contracts';
import { eventually } from '@grid122/testing';
import { startSuite, STREET, Suite } from './support/suite';

const LIAISON_DEPT = '7b0c4a52-6f0e-5d43-9a51-3e7c1d2b9f10';
const GRID = `${STREET}.c01.g2_03.g3_02`;
const TWO = [{ name: '王强', badgeNo: '32010601' }, { name: '李明', badgeNo: '32010602' }];
// the smallest valid PNG header + some bytes: recognised by its magic number
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('IHDR evidence photo 1')]);

describe('enforcement (综合执法队) through the gateway', () => {
  let suite: Suite;
  let db: DataSource;
  let team: string;
  let commander: string;
  const as = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    suite = await startSuite({ services: ['enforcement'], env: { ENFORCEMENT_UNACK_SWEEP_MS: '300' } });
    db = await suite.dataSource('enforcement');
    team = await suite.token('enforcement');
    commander = await suite.token('commander');
  });
  afterAll(() => suite?.stop());

  const openCase = (body: Record<string, unknown> = {}) =>
    suite
      .http()
      .post('/api/v1/enforcement/cases')
      .set(as(team))
      .send({
        title: '农贸市场东侧无证熟食加工点',
        category: 'black_workshop',
        description: '巡查发现一处无证熟食加工作坊，卫生条件差',
        gridPath: GRID,
        location: { lng: 118.7712, lat: 32.1101 },
        address: '宝塔桥西街12号',
        subject: { kind: 'person', name: '张三丰', idNumber: '320106199001011234', phone: '13912345678' },
        ...body,
      });

  const outboxOf = async (type: string, caseId: string) =>
    db.query(`SELECT event FROM enforcement.outbox WHERE type = $1 AND event->'data'->>'caseId' = $2`, [type, caseId]);

  it('lists the 13 target categories with their competent departments', async () => {
    const res = await suite.http().get('/api/v1/enforcement/categories').set(as(team)).expect(200);
    expect(res.body.items).toHaveLength(13);
    const clinic = res.body.items.find((c: { code: string }) => c.code === 'black_clinic');
    expect(clinic.label).toEqual({ zh: '黑诊所', en: 'Black clinic' });
    expect(clinic.departments.map((d: { code: string }) => d.code)).toContain('health');
    const building = res.body.items.find((c: { code: string }) => c.code === 'illegal_construction');
    expect(building.departments.map((d: { code: string }) => d.code)).toEqual(expect.arrayContaining(['urban_management', 'planning_resources']));
  });

  it('runs the whole lifecycle: patrol finding → inspection → notice → re-inspections → complied → closed, with events and a sound log', async () => {
    const opened = await openCase().expect(201);
    const id = opened.body.id;
    expect(opened.body).toMatchObject({ state: 'opened', origin: 'patrol', incidentId: null, category: 'black_workshop', gridPath: GRID, keyArea: 'illegal_production' });
    expect(opened.body.ref).toMatch(/^ZF\d{4}-\d{6}$/);
    expect(opened.body.subject).toMatchObject({ name: '张三丰', idNumber: '320106199001011234', masked: false });
    // stored encrypted, never in clear
    const [raw] = await db.query(`SELECT subject_id_number_enc, subject_phone_enc FROM enforcement.cases WHERE id = $1`, [id]);
    expect(raw.subject_id_number_enc).not.toContain('320106199001011234');
    expect(raw.subject_phone_enc).not.toContain('13912345678');
    // a district viewer sees it masked
    const masked = await suite.http().get(`/api/v1/enforcement/cases/${id}`).set(as(await suite.token('district'))).expect(200);
    expect(masked.body.subject).toMatchObject({ name: '张**', idNumber: '320106**********34', phone: '139****5678', masked: true });
    // lists mask the subject for every role, the enforcement team itself too (issue 20 item 8)
    const listed = await suite.http().get('/api/v1/enforcement/cases?limit=100').set(as(await suite.token('enforcement'))).expect(200);
    expect(listed.body.items.find((c: { id: string }) => c.id === id).subject).toMatchObject({ name: '张**', idNumber: '320106**********34', phone: '139****5678', masked: true });
    expect(JSON.stringify(listed.body)).not.toContain('13912345678');

    // the office is told by events (never a synchronous call): case opened + finding reported
    const [openedEvt] = await outboxOf('enforcement.case.opened', id);
    expect(openedEvt.event.data).toMatchObject({ unit: 'enforcement', incidentId: null, caseId: id, caseType: 'enforcement_case', title: '农贸市场东侧无证熟食加工点', gridPath: GRID });
    const [finding] = await outboxOf('enforcement.finding.reported', id);
    expect(finding.event.data).toMatchObject({ caseId: id, keyArea: 'illegal_production', category: 'black_workshop', gridPath: GRID, address: '宝塔桥西街12号', location: { lng: 118.7712, lat: 32.1101 } });

    // 409 naming the state for a step out of order
    const early = await suite.http().post(`/api/v1/enforcement/cases/${id}/close`).set(as(team)).send({ note: '结案' }).expect(409);
    expect(early.body.code).toBe('ILLEGAL_TRANSITION');
    expect(early.body.message).toContain('"opened"');

    // evidence by content hash; the magic bytes decide the type
    const ev = await suite.http().post(`/api/v1/enforcement/cases/${id}/evidence`).set(as(team)).send({ contentBase64: PNG.toString('base64'), caption: '现场照片' }).expect(201);
    expect(ev.body).toMatchObject({ mediaType: 'image/png', sizeBytes: PNG.length, created: true });
    expect(ev.body.sha256).toMatch(/^[0-9a-f]{64}$/);
    const again = await suite.http().post(`/api/v1/enforcement/cases/${id}/evidence`).set(as(team)).send({ contentBase64: PNG.toString('base64') }).expect(201);
    expect(again.body.created).toBe(false);
    const exe = await suite.http().post(`/api/v1/enforcement/cases/${id}/evidence`).set(as(team)).send({ contentBase64: Buffer.from('MZ\x90\x00 not a photo').toString('base64') }).expect(415);
    expect(exe.body.code).toBe('ENFORCEMENT_EVIDENCE_TYPE_NOT_ALLOWED');
    const file = await suite.http().get(`/api/v1/enforcement/cases/${id}/evidence/${ev.body.sha256}`).set(as(team)).expect(200);
    expect(file.headers['content-type']).toBe('image/png');

    const insp = await suite.http().post(`/api/v1/enforcement/cases/${id}/inspections`).set(as(team)).send({ officers: TWO, finding: 'confirmed', notes: '现场核实无营业执照、无食品经营许可证', evidence: [ev.body.sha256] }).expect(201);
    expect(insp.body.state).toBe('violation_confirmed');
    expect(insp.body.inspections[0].evidence).toEqual([ev.body.sha256]);

    const notice = await suite.http().post(`/api/v1/enforcement/cases/${id}/notices`).set(as(team)).send({ officers: TWO, requirements: '7日内停止生产，办理相关证照', legalBasis: '《食品安全法》第三十五条' }).expect(201);
    expect(notice.body.state).toBe('notice_issued');
    const n = notice.body.notices[0];
    // black_workshop: 7 days to comply; the first re-inspection falls on the comply-by date
    expect(Math.round((Date.parse(n.complyBy) - Date.parse(n.issuedAt)) / 86_400_000)).toBe(7);
    expect(n.nextReinspectionAt).toBe(n.complyBy);

    const next = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const re1 = await suite.http().post(`/api/v1/enforcement/notices/${n.id}/reinspections`).set(as(team)).send({ officers: TWO, result: 'not_complied', notes: '仍在生产', nextReinspectionAt: next }).expect(201);
    expect(re1.body.state).toBe('notice_issued');
    expect(re1.body.nextReinspectionAt).toBe(next);
    expect(await outboxOf('enforcement.case.handled', id)).toHaveLength(0);

    const re2 = await suite.http().post(`/api/v1/enforcement/notices/${n.id}/reinspections`).set(as(team)).send({ officers: TWO, result: 'complied', notes: '已停产并清理设备' }).expect(201);
    expect(re2.body.state).toBe('complied');
    expect(re2.body.notices[0]).toMatchObject({ status: 'complied', reinspections: 2 });
    const [handled] = await outboxOf('enforcement.case.handled', id);
    expect(handled.event.data).toMatchObject({ caseId: id, unit: 'enforcement' });

    const closed = await suite.http().post(`/api/v1/enforcement/cases/${id}/close`).set(as(team)).send({ note: '整改到位，结案' }).expect(200);
    expect(closed.body).toMatchObject({ state: 'closed', closureType: 'fixed' });
    const [closedEvt] = await outboxOf('enforcement.case.closed', id);
    expect(closedEvt.event.data).toMatchObject({ caseId: id, closureType: 'fixed' });
    // the relay publishes them
    await eventually(async () => {
      const rows = await db.query(`SELECT count(*)::int AS n FROM enforcement.outbox WHERE published_at IS NULL`);
      expect(rows[0].n).toBe(0);
    });

    const log = await suite.http().get(`/api/v1/enforcement/cases/${id}/log`).set(as(team)).expect(200);
    expect(log.body.entries.map((e: { action: string }) => e.action)).toEqual([
      'opened', 'evidence.added', 'inspection.confirmed', 'notice.issued', 'reinspection.not_complied', 'reinspection.complied', 'closed',
    ]);
    const verify = await suite.http().get(`/api/v1/enforcement/cases/${id}/log/verify`).set(as(team)).expect(200);
    expect(verify.body).toMatchObject({ ok: true, entries: 7, firstBroken: null });
  });

  it('refuses an inspection or a decision recorded with one officer (two-officer rule)', async () => {
    const { body } = await openCase({ category: 'illegal_construction', title: '楼顶违法加层', subject: undefined }).expect(201);
    const one = await suite.http().post(`/api/v1/enforcement/cases/${body.id}/inspections`).set(as(team)).send({ officers: [{ name: '王强' }], finding: 'confirmed', notes: '楼顶新建彩钢房' }).expect(422);
    expect(one.body.code).toBe('ENFORCEMENT_TWO_OFFICERS_REQUIRED');
    expect(one.body.message).toMatch(/two named officers/);
    const same = await suite.http().post(`/api/v1/enforcement/cases/${body.id}/inspections`).set(as(team)).send({ officers: [{ name: '王强' }, { name: '王强' }], notes: '同一人两次' }).expect(422);
    expect(same.body.code).toBe('ENFORCEMENT_TWO_OFFICERS_REQUIRED');
    await suite.http().post(`/api/v1/enforcement/cases/${body.id}/inspections`).set(as(team)).send({ officers: TWO, finding: 'confirmed', notes: '楼顶新建彩钢房约60平方米' }).expect(201);
    const decision = await suite.http().post(`/api/v1/enforcement/cases/${body.id}/decisions`).set(as(team)).send({ kind: 'forced_measure', measure: 'demolition', demolishedAreaM2: 60, legalBasis: '《城乡规划法》第六十八条', officers: [{ name: '李明' }], notes: '强制拆除' }).expect(422);
    expect(decision.body.code).toBe('ENFORCEMENT_TWO_OFFICERS_REQUIRED');
    const ok = await suite.http().post(`/api/v1/enforcement/cases/${body.id}/decisions`).set(as(team)).send({ kind: 'forced_measure', measure: 'demolition', demolishedAreaM2: 60, legalBasis: '《城乡规划法》第六十八条', officers: TWO, notes: '强制拆除' }).expect(201);
    expect(ok.body).toMatchObject({ state: 'forced_measure', forcedMeasure: { kind: 'demolition', demolishedAreaM2: 60 } });
    // nothing was written for the refused attempts
    const log = await suite.http().get(`/api/v1/enforcement/cases/${body.id}/log`).set(as(team)).expect(200);
    expect(log.body.entries).toHaveLength(3);
  });

  it('shows a notice past its re-inspection date as overdue, in the list and the figures', async () => {
    const { body } = await openCase({ category: 'black_clinic', title: '居民楼内无证诊所', subject: { kind: 'organisation', name: '惠民诊所' } }).expect(201);
    await suite.http().post(`/api/v1/enforcement/cases/${body.id}/inspections`).set(as(team)).send({ officers: TWO, finding: 'confirmed', notes: '无医疗机构执业许可证', inspectedAt: new Date(Date.now() - 20 * 86_400_000).toISOString() }).expect(201);
    const issuedAt = new Date(Date.now() - 10 * 86_400_000).toISOString();
    const notice = await suite.http().post(`/api/v1/enforcement/cases/${body.id}/notices`).set(as(team)).send({ officers: TWO, requirements: '立即停止执业', issuedAt }).expect(201);
    const n = notice.body.notices[0];
    // black clinic: 3 days to comply, so it is 7 days overdue for re-inspection
    expect(Date.parse(n.complyBy)).toBeLessThan(Date.now());
    const overdue = await suite.http().get('/api/v1/enforcement/notices?overdue=true').set(as(commander)).expect(200);
    expect(overdue.body.items.map((x: { id: string }) => x.id)).toContain(n.id);
    expect(overdue.body.items.find((x: { id: string }) => x.id === n.id)).toMatchObject({ overdue: true, caseRef: body.ref, status: 'open' });
    const figures = await suite.http().get('/api/v1/enforcement/figures').set(as(commander)).expect(200);
    expect(figures.body.notices.overdueForReinspection).toBeGreaterThanOrEqual(1);
    expect(figures.body.overdueNotices.map((x: { id: string }) => x.id)).toContain(n.id);
    expect(figures.body.byCategory).toHaveLength(13);
    expect(figures.body.byCategory.find((c: { category: string }) => c.category === 'black_clinic').byState.notice_issued).toBe(1);
    // one complied notice (the lifecycle test) out of the due ones
    expect(figures.body.complianceRate).toBeGreaterThan(0);
    expect(figures.body.averageDaysToComply).not.toBeNull();
    expect(figures.body.areaDemolishedM2).toBe(60);
  });

  it('detects a log row tampered in SQL (and the trigger refuses the change without superuser tricks)', async () => {
    const { body } = await openCase({ title: '黑网吧接纳未成年人', category: 'black_internet_cafe', subject: undefined }).expect(201);
    await suite.http().post(`/api/v1/enforcement/cases/${body.id}/inspections`).set(as(team)).send({ officers: TWO, notes: '第一次检查，未发现营业' }).expect(201);
    await suite.http().post(`/api/v1/enforcement/cases/${body.id}/inspections`).set(as(team)).send({ officers: TWO, finding: 'confirmed', notes: '发现12台电脑对外营业' }).expect(201);
    await expect(db.query(`UPDATE enforcement.case_log SET content = '{}' WHERE case_id = $1`, [body.id])).rejects.toThrow(/append-only/);
    await expect(db.query(`DELETE FROM enforcement.case_log WHERE case_id = $1`, [body.id])).rejects.toThrow(/append-only/);

    // a correction is a new entry; the chain still holds
    await suite.http().post(`/api/v1/enforcement/cases/${body.id}/log/corrections`).set(as(team)).send({ correctsSeq: 3, correction: '应为15台电脑' }).expect(201);
    const ok = await suite.http().get(`/api/v1/enforcement/cases/${body.id}/log/verify`).set(as(team)).expect(200);
    expect(ok.body).toMatchObject({ ok: true, entries: 4 });

    // tamper as the superuser, in this test's own session
    const qr = db.createQueryRunner();
    await qr.connect();
    try {
      await qr.query(`ALTER TABLE enforcement.case_log DISABLE TRIGGER case_log_no_update_delete`);
      await qr.query(`UPDATE enforcement.case_log SET content = jsonb_set(content, '{notes}', '"发现2台电脑"') WHERE case_id = $1 AND seq = 3`, [body.id]);
      await qr.query(`ALTER TABLE enforcement.case_log ENABLE TRIGGER case_log_no_update_delete`);
    } finally {
      await qr.release();
    }
    const broken = await suite.http().get(`/api/v1/enforcement/cases/${body.id}/log/verify`).set(as(await suite.token('auditor'))).expect(200);
    expect(broken.body).toMatchObject({ ok: false, entries: 4, firstBroken: { seq: 3, reason: 'hash_mismatch' } });
  });

  it('flags a member department that has not acknowledged an operation when it starts; results roll up', async () => {
    const target = await openCase({ title: '市场内违法搭建棚屋', category: 'illegal_construction', subject: undefined }).expect(201);
    const created = await suite
      .http()
      .post('/api/v1/enforcement/operations')
      .set(as(commander))
      .send({
        name: '违法建设拆除集中行动',
        leadUnit: '综合执法队',
        gridPath: STREET,
        // Far enough ahead for the liaison's acknowledgement below to land first on a loaded machine.
        startsAt: new Date(Date.now() + 3000).toISOString(),
        endsAt: new Date(Date.now() + 8 * 3_600_000).toISOString(),
        departments: [
          { departmentId: LIAISON_DEPT, code: 'urban_management', name: '城管局', people: [{ name: '赵刚' }, { name: '钱伟' }] },
          { departmentId: '11111111-2222-4333-8444-555555555555', code: 'planning_resources', name: '规划资源分局', people: [{ name: '孙丽' }] },
        ],
        targets: [{ caseId: target.body.id }, { placeName: '宝塔桥农贸市场', address: '宝塔桥路1号', gridPath: `${STREET}.c02` }],
      })
      .expect(201);
    const op = created.body;
    expect(op.status).toBe('planned');
    expect(op.targets).toHaveLength(2);
    expect(op.targets[0]).toMatchObject({ caseId: target.body.id, caseRef: target.body.ref, gridPath: GRID });

    // the liaison acknowledges for their department; a department not called up is refused
    const ack = await suite.http().post(`/api/v1/enforcement/operations/${op.id}/acknowledgements`).set(as(await suite.token('liaison'))).send({}).expect(200);
    expect(ack.body.departments.find((d: { departmentId: string }) => d.departmentId === LIAISON_DEPT).acknowledgedAt).not.toBeNull();
    const stranger = await suite.http().post(`/api/v1/enforcement/operations/${op.id}/acknowledgements`).set(as(commander)).send({ departmentId: randomUUID() }).expect(403);
    expect(stranger.body.code).toBe('ENFORCEMENT_NOT_A_PARTICIPANT');

    // once it has started, the other department is flagged, on the record and to the commander by event
    await eventually(async () => {
      const res = await suite.http().get(`/api/v1/enforcement/operations/${op.id}`).set(as(commander)).expect(200);
      expect(res.body.status).toBe('active');
      expect(res.body.unacknowledgedDepartments).toEqual([{ departmentId: '11111111-2222-4333-8444-555555555555', name: '规划资源分局' }]);
      expect(res.body.departments.find((d: { code: string }) => d.code === 'urban_management').unacknowledgedAtStart).toBe(false);
    }, 20_000);
    await eventually(async () => {
      const rows = await db.query(`SELECT event FROM enforcement.outbox WHERE type = 'enforcement.operation.unacknowledged' AND event->'data'->>'operationId' = $1`, [op.id]);
      expect(rows).toHaveLength(1);
      expect(rows[0].event.data.departments).toEqual([{ departmentId: '11111111-2222-4333-8444-555555555555', departmentName: '规划资源分局' }]);
    });

    // results per target roll up
    const before = (await suite.http().get('/api/v1/enforcement/figures').set(as(commander)).expect(200)).body;
    await suite.http().post(`/api/v1/enforcement/operations/${op.id}/targets/${op.targets[0].id}/result`).set(as(team)).send({ officers: TWO, inspected: true, violationFound: true, noticesIssued: 1, demolishedAreaM2: 45.5 }).expect(200);
    const last = await suite.http().post(`/api/v1/enforcement/operations/${op.id}/targets/${op.targets[1].id}/result`).set(as(team)).send({ officers: TWO, inspected: true, violationFound: true, noticesIssued: 2, penaltyAmount: 2000, note: '3户占道经营', category: 'illegal_business' }).expect(200);
    expect(last.body.rollup).toEqual({ targets: 2, placesInspected: 2, violationsFound: 2, noticesIssued: 3, penalties: 1, penaltyAmount: 2000, areaDemolishedM2: 45.5 });
    const figures = await suite.http().get('/api/v1/enforcement/figures').set(as(commander)).expect(200);
    expect(figures.body.operations.find((o: { id: string }) => o.id === op.id).rollup.areaDemolishedM2).toBe(45.5);
    // the operation's findings and penalties reach the totals: the place target's violation is a new
    // finding, by the case it opened (origin 'operation'); the case target's is its case's (already
    // counted); the 2000 yuan penalty counts once
    expect(figures.body.findings).toEqual({ total: before.findings.total + 1, cases: before.findings.cases + 1, operations: before.findings.operations });
    expect(figures.body.totalCases).toBe(before.totalCases + 1);
    expect(last.body.targets[1].foundCaseRef).toMatch(/^ZF/);
    expect(figures.body.penalties).toMatchObject({ count: before.penalties.count + 1, amount: before.penalties.amount + 2000, cases: before.penalties.cases });
    expect(figures.body.penalties.operations).toEqual({ count: before.penalties.operations.count + 1, amount: before.penalties.operations.amount + 2000 });
    expect(figures.body.areaDemolishedM2).toBe(before.areaDemolishedM2 + 45.5);
    // the liaison sees the operation their department is in
    const mine = await suite.http().get('/api/v1/enforcement/operations').set(as(await suite.token('liaison'))).expect(200);
    expect(mine.body.items.map((o: { id: string }) => o.id)).toContain(op.id);
  });

  it('opens a case from an office.incident.dispatched event (idempotently) and emits enforcement.case.opened with the incident id', async () => {
    const nc: NatsConnection = await suite.env.connectNats();
    try {
      const js = nc.jetstream();
      const codec = JSONCodec<DomainEvent<IncidentEventData>>();
      const incidentId = randomUUID();
      const event = (unit: Unit, id = randomUUID(), incident = incidentId): DomainEvent<IncidentEventData> => ({
        id,
        type: OfficeEvents.IncidentDispatched,
        source: 'office',
        occurredAt: new Date().toISOString(),
        gridPath: GRID,
        actorId: null,
        requestId: null,
        data: {
          incidentId: incident, code: 'SJ20260001', title: '小区内黑诊所', keyArea: KeyArea.IllegalBusiness, category: 'black_clinic', gridPath: GRID, gridId: null,
          state: IncidentState.Dispatched, fromState: IncidentState.Registered, source: 'grid_worker', reportedById: null, unit, departmentId: null,
          location: { lng: 118.77, lat: 32.11 }, address: '宝塔桥东街3号', deadline: null, reportedAt: new Date().toISOString(), reworkCount: 0,
        },
      });
      const publish = async (e: DomainEvent<IncidentEventData>) => {
        const h = natsHeaders();
        h.set('Nats-Msg-Id', e.id);
        await js.publish(eventSubject(e.type), codec.encode(e), { headers: h });
      };
      const first = event(Unit.Enforcement);
      await publish(first);
      await publish(event(Unit.Enforcement)); // the same incident dispatched again: still one case
      await publish(event(Unit.Social, randomUUID(), randomUUID())); // not ours

      const found = await eventually(async () => {
        const res = await suite.http().get(`/api/v1/enforcement/cases?incidentId=${incidentId}`).set(as(team)).expect(200);
        expect(res.body.items).toHaveLength(1);
        return res.body.items[0];
      });
      expect(found).toMatchObject({ origin: 'incident', incidentId, category: 'black_clinic', state: 'opened', gridPath: GRID, address: '宝塔桥东街3号' });
      const [opened] = await outboxOf('enforcement.case.opened', found.id);
      expect(opened.event.data).toMatchObject({ unit: 'enforcement', incidentId, caseId: found.id, caseType: 'enforcement_case' });
      const cases = await db.query(`SELECT count(*)::int AS n FROM enforcement.cases WHERE incident_id IS NOT NULL`);
      expect(cases[0].n).toBe(1);

      // "not confirmed" feeds back handled, then closed (closed_not_fixed), both with the incident id
      await suite.http().post(`/api/v1/enforcement/cases/${found.id}/inspections`).set(as(team)).send({ officers: TWO, finding: 'not_confirmed', notes: '现场为正规社区卫生服务站' }).expect(201);
      await suite.http().post(`/api/v1/enforcement/cases/${found.id}/close`).set(as(team)).send({ note: '查无违法' }).expect(200);
      const [handled] = await outboxOf('enforcement.case.handled', found.id);
      expect(handled.event.data.incidentId).toBe(incidentId);
      const [closed] = await outboxOf('enforcement.case.closed', found.id);
      expect(closed.event.data).toMatchObject({ incidentId, closureType: 'closed_not_fixed' });
    } finally {
      await nc.close();
    }
  });

  it('scopes a department liaison to the categories their department is competent for (configurable)', async () => {
    const liaison = await suite.token('liaison');
    const before = await suite.http().get('/api/v1/enforcement/cases').set(as(liaison)).expect(200);
    expect(before.body.items).toHaveLength(0);
    const put = await suite.http().put('/api/v1/enforcement/categories/illegal_construction').set(as(commander)).send({
      departments: [
        { code: 'urban_management', name: '城管局', departmentId: LIAISON_DEPT },
        { code: 'planning_resources', name: '规划资源分局' },
      ],
    }).expect(200);
    expect(put.body.departments[0]).toEqual({ code: 'urban_management', name: '城管局', departmentId: LIAISON_DEPT });
    const after = await suite.http().get('/api/v1/enforcement/cases').set(as(liaison)).expect(200);
    expect(after.body.items.length).toBeGreaterThan(0);
    expect(new Set(after.body.items.map((c: { category: string }) => c.category))).toEqual(new Set(['illegal_construction']));
    await suite.http().put('/api/v1/enforcement/categories/illegal_construction').set(as(team)).send({ complyDays: 3 }).expect(403);
  });

  it('requires a grid path when the point cannot be located (the registry is down), and refuses grids out of scope', async () => {
    const res = await openCase({ gridPath: undefined }).expect(422);
    expect(res.body.code).toBe('ENFORCEMENT_GRID_PATH_REQUIRED');
    expect(res.body.details.field).toBe('gridPath');
    await openCase({ gridPath: 'nj.gulou.nhj.c01' }).expect(403);
    const bad = await openCase({ category: 'speeding' }).expect(400);
    expect(bad.body.details.fields[0].field).toBe('category');
    // a grid worker has no business here
    await suite.http().get('/api/v1/enforcement/cases').set(as(await suite.token('worker'))).expect(403);
  });

  it('exports the case ledger as XLSX', async () => {
    const res = await suite
      .http()
      .get('/api/v1/enforcement/cases/export.xlsx')
      .set(as(commander))
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect((res.body as Buffer).subarray(0, 2).toString()).toBe('PK');
    // The enforcement service builds the workbook: every case the commander sees is a row, by its ref.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as never);
    const ws = wb.getWorksheet('执法案件 Cases')!;
    expect(ws.getRow(1).getCell(1).value).toBe('案件编号 Ref');
    const listed = (await suite.http().get('/api/v1/enforcement/cases?limit=100').set(as(commander)).expect(200)).body.items as { ref: string }[];
    const refs = ws.getColumn(1).values.slice(2);
    expect(listed.length).toBeGreaterThan(0);
    expect(new Set(refs)).toEqual(new Set(listed.map((c) => c.ref)));
  });
});
