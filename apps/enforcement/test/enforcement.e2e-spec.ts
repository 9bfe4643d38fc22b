import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import {
  AcknowledgeJointOperation,
  AddEnforcementEvidence,
  CloseEnforcementCase,
  CorrectEnforcementCaseLog,
  CreateJointOperation,
  DecideEnforcementCase,
  DomainEvent,
  ExportEnforcementCases,
  GetEnforcementCase,
  GetEnforcementCaseLog,
  GetEnforcementEvidence,
  GetEnforcementFigures,
  GetJointOperation,
  IncidentEventData,
  IncidentState,
  IssueRectificationNotice,
  KeyArea,
  ListEnforcementCases,
  ListEnforcementCategories,
  ListEnforcementInspections,
  ListJointOperations,
  ListRectificationNotices,
  OfficeEvents,
  OpenEnforcementCase,
  RecordEnforcementInspection,
  RecordJointOperationResult,
  RecordReinspection,
  Unit,
  UpdateEnforcementCategory,
  VerifyEnforcementCaseLog,
} from '@grid122/contracts';
import { eventually, serviceUnderTest, TEST_STREET } from '@grid122/testing';
import { AppModule } from '../src/app.module';
import { dataSourceOptions } from '../src/database/data-source';
import { streetDay } from '@grid122/calendar';

jest.setTimeout(120_000);

const LIAISON_DEPT = '7b0c4a52-6f0e-5d43-9a51-3e7c1d2b9f10';
const OTHER_DEPT = '11111111-2222-4333-8444-555555555555';
const GRID = `${TEST_STREET}.c01.g2_03.g3_02`;
const TWO = [{ name: '王强', badgeNo: '32010601' }, { name: '李明', badgeNo: '32010602' }];
// the smallest valid PNG header + some bytes: recognised by its magic number
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('IHDR evidence photo 1')]);

/**
 * The enforcement service (综合执法队) through its contracts (NATS, signed callers), against real
 * Postgres and NATS, with no grid registry running (a point cannot be located). The HTTP side
 * (routes, role gates, statuses, the evidence and XLSX downloads) is the gateway's enforcement spec.
 */
describe('enforcement (综合执法队) service', () => {
  const svc = serviceUnderTest({ app: 'enforcement', module: () => AppModule.forRoot(), dataSource: dataSourceOptions, env: { ENFORCEMENT_UNACK_SWEEP_MS: '300' } });

  const openCase = (over: Record<string, unknown> = {}, as: 'enforcement' | 'commander' = 'enforcement') =>
    svc().call(
      OpenEnforcementCase,
      {
        title: '农贸市场东侧无证熟食加工点',
        category: 'black_workshop',
        description: '巡查发现一处无证熟食加工作坊，卫生条件差',
        gridPath: GRID,
        location: { lng: 118.7712, lat: 32.1101 },
        address: '宝塔桥西街12号',
        subject: { kind: 'person', name: '张三丰', idNumber: '320106199001011234', phone: '13912345678' },
        ...over,
      },
      as,
    );
  const outboxOf = async (type: string, caseId: string) => (await svc().outbox<{ caseId: string }>(type)).filter((e) => e.data.caseId === caseId);

  it('lists the 13 target categories with their competent departments', async () => {
    const { items } = await svc().call(ListEnforcementCategories, {}, 'enforcement');
    expect(items).toHaveLength(13);
    const clinic = items.find((c) => c.code === 'black_clinic')!;
    expect(clinic.label).toEqual({ zh: '黑诊所', en: 'Black clinic' });
    expect(clinic.departments.map((d) => d.code)).toContain('health');
    const building = items.find((c) => c.code === 'illegal_construction')!;
    expect(building.departments.map((d) => d.code)).toEqual(expect.arrayContaining(['urban_management', 'planning_resources']));
  });

  it('runs the whole lifecycle: patrol finding → inspection → notice → re-inspections → complied → closed, with events and a sound log', async () => {
    const opened = await openCase();
    const id = opened.id;
    expect(opened).toMatchObject({ state: 'opened', origin: 'patrol', incidentId: null, category: 'black_workshop', gridPath: GRID, keyArea: 'illegal_production' });
    expect(opened.ref).toMatch(/^ZF\d{4}-\d{6}$/);
    expect(opened.subject).toMatchObject({ name: '张三丰', idNumber: '320106199001011234', masked: false });
    // stored encrypted, never in clear
    const [raw] = await svc().ds.query(`SELECT subject_id_number_enc, subject_phone_enc FROM enforcement.cases WHERE id = $1`, [id]);
    expect(raw.subject_id_number_enc).not.toContain('320106199001011234');
    expect(raw.subject_phone_enc).not.toContain('13912345678');
    // a district viewer sees it masked
    expect((await svc().call(GetEnforcementCase, { id }, 'district')).subject).toMatchObject({ name: '张**', idNumber: '320106**********34', phone: '139****5678', masked: true });
    // lists mask the subject for every role, the enforcement team itself too (issue 20 item 8)
    const listed = await svc().call(ListEnforcementCases, { limit: 100 }, 'enforcement');
    expect(listed.items.find((c) => c.id === id)!.subject).toMatchObject({ name: '张**', idNumber: '320106**********34', phone: '139****5678', masked: true });
    expect(JSON.stringify(listed)).not.toContain('13912345678');

    // the office is told by events (never a synchronous call): case opened + finding reported
    const [openedEvt] = await outboxOf('enforcement.case.opened', id);
    expect(openedEvt.data).toMatchObject({ unit: 'enforcement', incidentId: null, caseId: id, caseType: 'enforcement_case', title: '农贸市场东侧无证熟食加工点', gridPath: GRID });
    const [finding] = await outboxOf('enforcement.finding.reported', id);
    expect(finding.data).toMatchObject({ caseId: id, keyArea: 'illegal_production', category: 'black_workshop', gridPath: GRID, address: '宝塔桥西街12号', location: { lng: 118.7712, lat: 32.1101 } });

    // an illegal transition naming the state for a step out of order
    const early = await svc().refusal(CloseEnforcementCase, { caseId: id, note: '结案' }, 'enforcement');
    expect(early.code).toBe('ILLEGAL_TRANSITION');
    expect(early.message).toContain('"opened"');

    // evidence by content hash; the magic bytes decide the type
    const ev = await svc().call(AddEnforcementEvidence, { caseId: id, contentBase64: PNG.toString('base64'), caption: '现场照片' }, 'enforcement');
    expect(ev).toMatchObject({ mediaType: 'image/png', sizeBytes: PNG.length, created: true });
    expect(ev.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect((await svc().call(AddEnforcementEvidence, { caseId: id, contentBase64: PNG.toString('base64') }, 'enforcement')).created).toBe(false);
    const exe = await svc().refusal(AddEnforcementEvidence, { caseId: id, contentBase64: Buffer.from('MZ\x90\x00 not a photo').toString('base64') }, 'enforcement');
    expect(exe.code).toBe('ENFORCEMENT_EVIDENCE_TYPE_NOT_ALLOWED');
    const file = await svc().call(GetEnforcementEvidence, { caseId: id, sha256: ev.sha256 }, 'enforcement');
    expect(file.mediaType).toBe('image/png');
    expect(Buffer.from(file.contentBase64, 'base64').equals(PNG)).toBe(true);

    const insp = await svc().call(RecordEnforcementInspection, { caseId: id, officers: TWO, finding: 'confirmed', notes: '现场核实无营业执照、无食品经营许可证', evidence: [ev.sha256] }, 'enforcement');
    expect(insp.state).toBe('violation_confirmed');
    expect(insp.inspections[0].evidence).toEqual([ev.sha256]);

    const notice = await svc().call(IssueRectificationNotice, { caseId: id, officers: TWO, requirements: '7日内停止生产，办理相关证照', legalBasis: '《食品安全法》第三十五条' }, 'enforcement');
    expect(notice.state).toBe('notice_issued');
    const n = notice.notices[0];
    // black_workshop: 7 days to comply; the first re-inspection falls on the comply-by date
    expect(Math.round((Date.parse(n.complyBy) - Date.parse(n.issuedAt)) / 86_400_000)).toBe(7);
    expect(n.nextReinspectionAt).toBe(n.complyBy);

    const next = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const re1 = await svc().call(RecordReinspection, { noticeId: n.id, officers: TWO, result: 'not_complied', notes: '仍在生产', nextReinspectionAt: next }, 'enforcement');
    expect(re1.state).toBe('notice_issued');
    expect(re1.nextReinspectionAt).toBe(next);
    expect(await outboxOf('enforcement.case.handled', id)).toHaveLength(0);

    const re2 = await svc().call(RecordReinspection, { noticeId: n.id, officers: TWO, result: 'complied', notes: '已停产并清理设备' }, 'enforcement');
    expect(re2.state).toBe('complied');
    expect(re2.notices[0]).toMatchObject({ status: 'complied', reinspections: 2 });
    const [handled] = await outboxOf('enforcement.case.handled', id);
    expect(handled.data).toMatchObject({ caseId: id, unit: 'enforcement' });

    const closed = await svc().call(CloseEnforcementCase, { caseId: id, note: '整改到位，结案' }, 'enforcement');
    expect(closed).toMatchObject({ state: 'closed', closureType: 'fixed' });
    const [closedEvt] = await outboxOf('enforcement.case.closed', id);
    expect(closedEvt.data).toMatchObject({ caseId: id, closureType: 'fixed' });
    // the relay publishes them
    await eventually(async () => {
      const rows = await svc().ds.query(`SELECT count(*)::int AS n FROM enforcement.outbox WHERE published_at IS NULL`);
      expect(rows[0].n).toBe(0);
    });

    const log = await svc().call(GetEnforcementCaseLog, { caseId: id }, 'enforcement');
    expect(log.entries.map((e) => e.action)).toEqual(['opened', 'evidence.added', 'inspection.confirmed', 'notice.issued', 'reinspection.not_complied', 'reinspection.complied', 'closed']);
    expect(await svc().call(VerifyEnforcementCaseLog, { caseId: id }, 'enforcement')).toMatchObject({ ok: true, entries: 7, firstBroken: null });
  });

  it('refuses an inspection or a decision recorded with one officer (two-officer rule)', async () => {
    const c = await openCase({ category: 'illegal_construction', title: '楼顶违法加层', subject: undefined });
    const one = await svc().refusal(RecordEnforcementInspection, { caseId: c.id, officers: [{ name: '王强' }], finding: 'confirmed', notes: '楼顶新建彩钢房' }, 'enforcement');
    expect(one.code).toBe('ENFORCEMENT_TWO_OFFICERS_REQUIRED');
    expect(one.message).toMatch(/two named officers/);
    const same = await svc().refusal(RecordEnforcementInspection, { caseId: c.id, officers: [{ name: '王强' }, { name: '王强' }], notes: '同一人两次' }, 'enforcement');
    expect(same.code).toBe('ENFORCEMENT_TWO_OFFICERS_REQUIRED');
    await svc().call(RecordEnforcementInspection, { caseId: c.id, officers: TWO, finding: 'confirmed', notes: '楼顶新建彩钢房约60平方米' }, 'enforcement');
    const decision = { caseId: c.id, kind: 'forced_measure', measure: 'demolition', demolishedAreaM2: 60, legalBasis: '《城乡规划法》第六十八条', notes: '强制拆除' };
    expect((await svc().refusal(DecideEnforcementCase, { ...decision, officers: [{ name: '李明' }] }, 'enforcement')).code).toBe('ENFORCEMENT_TWO_OFFICERS_REQUIRED');
    const ok = await svc().call(DecideEnforcementCase, { ...decision, officers: TWO }, 'enforcement');
    expect(ok).toMatchObject({ state: 'forced_measure', forcedMeasure: { kind: 'demolition', demolishedAreaM2: 60 } });
    // nothing was written for the refused attempts
    expect((await svc().call(GetEnforcementCaseLog, { caseId: c.id }, 'enforcement')).entries).toHaveLength(3);
  });

  it('shows a notice past its re-inspection date as overdue, in the list and the figures', async () => {
    const c = await openCase({ category: 'black_clinic', title: '居民楼内无证诊所', subject: { kind: 'organisation', name: '惠民诊所' } });
    await svc().call(RecordEnforcementInspection, { caseId: c.id, officers: TWO, finding: 'confirmed', notes: '无医疗机构执业许可证', inspectedAt: new Date(Date.now() - 20 * 86_400_000).toISOString() }, 'enforcement');
    const issuedAt = new Date(Date.now() - 10 * 86_400_000).toISOString();
    const n = (await svc().call(IssueRectificationNotice, { caseId: c.id, officers: TWO, requirements: '立即停止执业', issuedAt }, 'enforcement')).notices[0];
    // black clinic: 3 days to comply, so it is 7 days overdue for re-inspection
    expect(Date.parse(n.complyBy)).toBeLessThan(Date.now());
    const overdue = await svc().call(ListRectificationNotices, { overdue: true }, 'commander');
    expect(overdue.items.map((x) => x.id)).toContain(n.id);
    expect(overdue.items.find((x) => x.id === n.id)).toMatchObject({ overdue: true, caseRef: c.ref, status: 'open' });
    const figures = await svc().call(GetEnforcementFigures, {}, 'commander');
    expect(figures.notices.overdueForReinspection).toBeGreaterThanOrEqual(1);
    expect(figures.overdueNotices.map((x) => x.id)).toContain(n.id);
    expect(figures.byCategory).toHaveLength(13);
    expect(figures.byCategory.find((x) => x.category === 'black_clinic')!.byState.notice_issued).toBe(1);
    // one complied notice (the lifecycle test) out of the due ones
    expect(figures.complianceRate).toBeGreaterThan(0);
    expect(figures.averageDaysToComply).not.toBeNull();
    expect(figures.areaDemolishedM2).toBe(60);
  });

  it('detects a log row tampered in SQL (and the trigger refuses the change without superuser tricks)', async () => {
    const c = await openCase({ title: '黑网吧接纳未成年人', category: 'black_internet_cafe', subject: undefined });
    await svc().call(RecordEnforcementInspection, { caseId: c.id, officers: TWO, notes: '第一次检查，未发现营业' }, 'enforcement');
    await svc().call(RecordEnforcementInspection, { caseId: c.id, officers: TWO, finding: 'confirmed', notes: '发现12台电脑对外营业' }, 'enforcement');
    const db = svc().ds;
    await expect(db.query(`UPDATE enforcement.case_log SET content = '{}' WHERE case_id = $1`, [c.id])).rejects.toThrow(/append-only/);
    await expect(db.query(`DELETE FROM enforcement.case_log WHERE case_id = $1`, [c.id])).rejects.toThrow(/append-only/);

    // a correction is a new entry; the chain still holds
    await svc().call(CorrectEnforcementCaseLog, { caseId: c.id, correctsSeq: 3, correction: '应为15台电脑' }, 'enforcement');
    expect(await svc().call(VerifyEnforcementCaseLog, { caseId: c.id }, 'enforcement')).toMatchObject({ ok: true, entries: 4 });

    // tamper as the superuser, in this test's own session
    const qr = db.createQueryRunner();
    await qr.connect();
    try {
      await qr.query(`ALTER TABLE enforcement.case_log DISABLE TRIGGER case_log_no_update_delete`);
      await qr.query(`UPDATE enforcement.case_log SET content = jsonb_set(content, '{notes}', '"发现2台电脑"') WHERE case_id = $1 AND seq = 3`, [c.id]);
      await qr.query(`ALTER TABLE enforcement.case_log ENABLE TRIGGER case_log_no_update_delete`);
    } finally {
      await qr.release();
    }
    expect(await svc().call(VerifyEnforcementCaseLog, { caseId: c.id }, 'auditor')).toMatchObject({ ok: false, entries: 4, firstBroken: { seq: 3, reason: 'hash_mismatch' } });
  });

  it('flags a member department that has not acknowledged an operation when it starts; results roll up', async () => {
    const target = await openCase({ title: '市场内违法搭建棚屋', category: 'illegal_construction', subject: undefined });
    const op = await svc().call(
      CreateJointOperation,
      {
        name: '违法建设拆除集中行动',
        leadUnit: '综合执法队',
        gridPath: TEST_STREET,
        // Far enough ahead for the liaison's acknowledgement below to land first on a loaded machine.
        startsAt: new Date(Date.now() + 3000).toISOString(),
        endsAt: new Date(Date.now() + 8 * 3_600_000).toISOString(),
        departments: [
          { departmentId: LIAISON_DEPT, code: 'urban_management', name: '城管局', people: [{ name: '赵刚' }, { name: '钱伟' }] },
          { departmentId: OTHER_DEPT, code: 'planning_resources', name: '规划资源分局', people: [{ name: '孙丽' }] },
        ],
        targets: [{ caseId: target.id }, { placeName: '宝塔桥农贸市场', address: '宝塔桥路1号', gridPath: `${TEST_STREET}.c02` }],
      },
      'commander',
    );
    expect(op.status).toBe('planned');
    expect(op.ref).toMatch(new RegExp(`^LH${streetDay().slice(0, 4)}-\\d{4}$`)); // numbered under the street's year
    expect(op.targets).toHaveLength(2);
    expect(op.targets[0]).toMatchObject({ caseId: target.id, caseRef: target.ref, gridPath: GRID });

    // the liaison acknowledges for their department; a department not called up is refused
    const ack = await svc().call(AcknowledgeJointOperation, { operationId: op.id }, 'liaison');
    expect(ack.departments.find((d) => d.departmentId === LIAISON_DEPT)!.acknowledgedAt).not.toBeNull();
    expect((await svc().refusal(AcknowledgeJointOperation, { operationId: op.id, departmentId: randomUUID() }, 'commander')).code).toBe('ENFORCEMENT_NOT_A_PARTICIPANT');

    // once it has started, the other department is flagged, on the record and to the commander by event
    await eventually(async () => {
      const o = await svc().call(GetJointOperation, { id: op.id }, 'commander');
      expect(o.status).toBe('active');
      expect(o.unacknowledgedDepartments).toEqual([{ departmentId: OTHER_DEPT, name: '规划资源分局' }]);
      expect(o.departments.find((d) => d.code === 'urban_management')!.unacknowledgedAtStart).toBe(false);
    }, 20_000);
    await eventually(async () => {
      const rows = (await svc().outbox<{ operationId: string; departments: unknown }>('enforcement.operation.unacknowledged')).filter((e) => e.data.operationId === op.id);
      expect(rows).toHaveLength(1);
      expect(rows[0].data.departments).toEqual([{ departmentId: OTHER_DEPT, departmentName: '规划资源分局' }]);
    });

    // results per target roll up
    const before = await svc().call(GetEnforcementFigures, {}, 'commander');
    await svc().call(RecordJointOperationResult, { operationId: op.id, targetId: op.targets[0].id, officers: TWO, inspected: true, violationFound: true, noticesIssued: 1, demolishedAreaM2: 45.5 }, 'enforcement');
    const last = await svc().call(
      RecordJointOperationResult,
      { operationId: op.id, targetId: op.targets[1].id, officers: TWO, inspected: true, violationFound: true, noticesIssued: 2, penaltyAmount: 2000, note: '3户占道经营', category: 'illegal_business' },
      'enforcement',
    );
    expect(last.rollup).toEqual({ targets: 2, placesInspected: 2, violationsFound: 2, noticesIssued: 3, penalties: 1, penaltyAmount: 2000, areaDemolishedM2: 45.5 });
    const figures = await svc().call(GetEnforcementFigures, {}, 'commander');
    expect(figures.operations.find((o) => o.id === op.id)!.rollup.areaDemolishedM2).toBe(45.5);
    // the operation's findings and penalties reach the totals: the place target's violation is a new
    // finding, by the case it opened (origin 'operation'); the case target's is its case's (already
    // counted); the 2000 yuan penalty counts once
    expect(figures.findings).toEqual({ total: before.findings.total + 1, cases: before.findings.cases + 1, operations: before.findings.operations });
    expect(figures.totalCases).toBe(before.totalCases + 1);
    expect(last.targets[1].foundCaseRef).toMatch(/^ZF/);
    expect(figures.penalties).toMatchObject({ count: before.penalties.count + 1, amount: before.penalties.amount + 2000, cases: before.penalties.cases });
    expect(figures.penalties.operations).toEqual({ count: before.penalties.operations.count + 1, amount: before.penalties.operations.amount + 2000 });
    expect(figures.areaDemolishedM2).toBe(before.areaDemolishedM2 + 45.5);
    // the liaison sees the operation their department is in
    expect((await svc().call(ListJointOperations, {}, 'liaison')).items.map((o) => o.id)).toContain(op.id);
  });

  it('opens a case from an office.incident.dispatched event (idempotently) and emits enforcement.case.opened with the incident id', async () => {
    const incidentId = randomUUID();
    const event = (unit: Unit, incident = incidentId): DomainEvent<IncidentEventData> => ({
      id: randomUUID(),
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
    await svc().publish(event(Unit.Enforcement));
    await svc().publish(event(Unit.Enforcement)); // the same incident dispatched again: still one case
    await svc().publish(event(Unit.Social, randomUUID())); // not ours

    const found = await eventually(async () => {
      const { items } = await svc().call(ListEnforcementCases, { incidentId }, 'enforcement');
      expect(items).toHaveLength(1);
      return items[0];
    });
    expect(found).toMatchObject({ origin: 'incident', incidentId, category: 'black_clinic', state: 'opened', gridPath: GRID, address: '宝塔桥东街3号' });
    const [opened] = await outboxOf('enforcement.case.opened', found.id);
    expect(opened.data).toMatchObject({ unit: 'enforcement', incidentId, caseId: found.id, caseType: 'enforcement_case' });
    const cases = await svc().ds.query(`SELECT count(*)::int AS n FROM enforcement.cases WHERE incident_id IS NOT NULL`);
    expect(cases[0].n).toBe(1);

    // "not confirmed" feeds back handled, then closed (closed_not_fixed), both with the incident id
    await svc().call(RecordEnforcementInspection, { caseId: found.id, officers: TWO, finding: 'not_confirmed', notes: '现场为正规社区卫生服务站' }, 'enforcement');
    await svc().call(CloseEnforcementCase, { caseId: found.id, note: '查无违法' }, 'enforcement');
    const [handled] = await outboxOf('enforcement.case.handled', found.id);
    expect(handled.data).toMatchObject({ incidentId });
    const [closed] = await outboxOf('enforcement.case.closed', found.id);
    expect(closed.data).toMatchObject({ incidentId, closureType: 'closed_not_fixed' });
  });

  it('scopes a department liaison to the categories their department is competent for (configurable)', async () => {
    expect((await svc().call(ListEnforcementCases, {}, 'liaison')).items).toHaveLength(0);
    const put = await svc().call(
      UpdateEnforcementCategory,
      { code: 'illegal_construction', departments: [{ code: 'urban_management', name: '城管局', departmentId: LIAISON_DEPT }, { code: 'planning_resources', name: '规划资源分局' }] },
      'commander',
    );
    expect(put.departments[0]).toEqual({ code: 'urban_management', name: '城管局', departmentId: LIAISON_DEPT });
    const after = await svc().call(ListEnforcementCases, {}, 'liaison');
    expect(after.items.length).toBeGreaterThan(0);
    expect(new Set(after.items.map((c) => c.category))).toEqual(new Set(['illegal_construction']));
    expect((await svc().refusal(UpdateEnforcementCategory, { code: 'illegal_construction', complyDays: 3 }, 'enforcement')).code).toBe('FORBIDDEN');
  });

  it('requires a grid path when the point cannot be located (no registry answers), and refuses grids out of scope', async () => {
    const res = await svc().refusal(OpenEnforcementCase, { title: '无网格的案件', category: 'black_workshop', description: '巡查发现一处无证熟食加工作坊', location: { lng: 118.7712, lat: 32.1101 } }, 'enforcement');
    expect(res.code).toBe('ENFORCEMENT_GRID_PATH_REQUIRED');
    expect((res.details as { field: string }).field).toBe('gridPath');
    await expect(openCase({ gridPath: 'nj.gulou.nhj.c01' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await svc().invalidField(OpenEnforcementCase, { title: '超速', category: 'speeding', description: '巡查发现超速', gridPath: GRID }, 'enforcement')).toBe('category');
  });

  it('exports the case ledger as an XLSX workbook of every case the caller sees', async () => {
    const reply = await svc().call(ExportEnforcementCases, {}, 'commander');
    const file = Buffer.from(reply.base64, 'base64');
    expect(file.subarray(0, 2).toString()).toBe('PK');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file as never);
    const ws = wb.getWorksheet('执法案件 Cases')!;
    expect(ws.getRow(1).getCell(1).value).toBe('案件编号 Ref');
    const listed = (await svc().call(ListEnforcementCases, { limit: 100 }, 'commander')).items;
    expect(listed.length).toBeGreaterThan(0);
    expect(reply.rows).toBe(listed.length);
    expect(new Set(ws.getColumn(1).values.slice(2))).toEqual(new Set(listed.map((c) => c.ref)));
  });

  it('pages cases and inspections two at a time to the rows of one page; finds a case by its text; refuses a cursor not given out', async () => {
    const all = (await svc().call(ListEnforcementCases, { limit: 500 }, 'enforcement')).items.map((c) => c.id);
    expect(all.length).toBeGreaterThan(2);
    const paged: string[] = [];
    for (let cursor: string | undefined, first = true; first || cursor; first = false) {
      const page = await svc().call(ListEnforcementCases, { limit: 2, cursor }, 'enforcement');
      paged.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor ?? undefined;
    }
    expect(paged).toEqual(all);
    const inspections = (await svc().call(ListEnforcementInspections, { limit: 500 }, 'enforcement')).items.map((i) => i.id);
    expect(inspections.length).toBeGreaterThan(2);
    const pagedInspections: string[] = [];
    for (let cursor: string | undefined, first = true; first || cursor; first = false) {
      const page = await svc().call(ListEnforcementInspections, { limit: 2, cursor }, 'enforcement');
      pagedInspections.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor ?? undefined;
    }
    expect(pagedInspections).toEqual(inspections);
    const c = await openCase({ title: '桥下违建棚屋 paging', address: '宝塔桥东街7号' });
    for (const q of ['违建棚屋', c.ref, '东街7号']) expect((await svc().call(ListEnforcementCases, { q }, 'enforcement')).items.map((x) => x.id)).toEqual([c.id]);
    expect(await svc().invalidField(ListEnforcementCases, { cursor: 'bm90IGpzb24' }, 'enforcement')).toBe('cursor');
    expect(await svc().invalidField(ListEnforcementInspections, { cursor: Buffer.from(JSON.stringify(['yesterday', c.id])).toString('base64url') }, 'enforcement')).toBe('cursor');
  });

  it('pages cases opened in the same millisecond without losing any: the cursor keeps the time to the microsecond', async () => {
    const ids = [];
    for (const title of ['同一时刻 A', '同一时刻 B', '同一时刻 C']) ids.push((await openCase({ title })).id);
    await svc().ds.query(`UPDATE enforcement.cases SET opened_at = '2020-01-01 08:00:00.123456+00' WHERE id = ANY($1::uuid[])`, [ids]);
    const window = { from: '2020-01-01T00:00:00Z', to: '2020-01-02T00:00:00Z' };
    const paged: string[] = [];
    for (let cursor: string | undefined, first = true; first || cursor; first = false) {
      const page = await svc().call(ListEnforcementCases, { ...window, limit: 1, cursor }, 'enforcement');
      paged.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor ?? undefined;
    }
    expect(paged).toEqual([...ids].sort().reverse());
    // a cursor whose id is not one: refused naming the cursor (was a 500 from Postgres' uuid cast)
    expect(await svc().invalidField(ListEnforcementCases, { cursor: Buffer.from(JSON.stringify(['2020-01-01T08:00:00Z', 'not-a-uuid'])).toString('base64url') }, 'enforcement')).toBe('cursor');
  });
});
