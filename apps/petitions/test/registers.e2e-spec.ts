import ExcelJS from 'exceljs';
import { streetToday } from '@grid122/calendar';
import { randomUUID } from 'node:crypto';
import {
  AcknowledgeWarning,
  BookReceptionSlot,
  CommonErrorCode,
  CurrentWarnings,
  ExportSpecialPeople,
  FloatingPersonLeft,
  GetPetitionsFigures,
  GetSpecialPerson,
  GetWarning,
  IssueWarning,
  LiftWarning,
  ListFloatingPeople,
  ListIdentityAudit,
  ListMeetings,
  ListReceptions,
  ListSpecialPeople,
  ListUnacknowledged,
  PetitionsErrorCode,
  PublishReception,
  RecordFollowUp,
  RecordMeeting,
  RecordReception,
  RecordSlotOutcome,
  RegisterFloatingPerson,
  RegisterPetition,
  RegisterSpecialPerson,
  RevealSpecialPerson,
  ScheduleReception,
} from '@grid122/contracts';
import { AppError } from '@grid122/messaging';
import { serviceUnderTest, TEST_STREET as STREET } from '@grid122/testing';
import { AppModule } from '../src/app.module';
import { dataSourceOptions } from '../src/database/data-source';

jest.setTimeout(120_000);

const G3 = `${STREET}.c01.g2_01.g3_01`;
const OTHER_G3 = `${STREET}.c02.g2_05.g3_17`;
const DAY = 86_400_000;

/**
 * The petitions group's registers through their contracts (NATS, signed callers), against real
 * Postgres and NATS: 三层接访 receptions and their slots, 特殊人群 with audited reveals and the
 * watermarked export, 四级预警 and their acknowledgement, 流动人口, weekly stability meetings and the
 * group's figures. The HTTP side (routes, role gates, query flags, the XLSX download) is the
 * gateway's petitions spec.
 */
describe('petitions: receptions, special populations, floating population, warnings, meetings, figures', () => {
  const svc = serviceUnderTest({ app: 'petitions', module: () => AppModule.forRoot(), dataSource: dataSourceOptions });
  const newPetition = (name: string, phone: string) =>
    svc().call(RegisterPetition, { channel: 'visit', petitionerKind: 'person', petitioner: { name, phone }, matter: 'housing', summary: '申请公租房多次未果', gridPath: G3 }, 'petitions');

  describe('三层接访', () => {
    it('publishes an appointment reception with slots and refuses double booking', async () => {
      const start = new Date(Date.now() + 3 * DAY);
      const rec = await svc().call(
        ScheduleReception,
        {
          kind: 'appointment',
          leaderName: '分管副主任',
          leaderTitle: 'member_in_charge',
          topic: '住房保障专题预约接访',
          place: '街道信访接待室',
          gridPath: STREET,
          startsAt: start.toISOString(),
          endsAt: new Date(start.getTime() + 2 * 3600_000).toISOString(),
          slotMinutes: 30,
        },
        'petitions',
      );
      expect(rec.slots).toHaveLength(4);
      expect(rec.state).toBe('scheduled');
      const p1 = await newPetition('林涛', '13811110001');
      const p2 = await newPetition('何静', '13811110002');
      const slot = rec.slots[0].id;
      const book = (slotId: string, petitionId: string) => svc().call(BookReceptionSlot, { id: rec.id, slotId, petitionId }, 'petitions');

      expect((await svc().refusal(BookReceptionSlot, { id: rec.id, slotId: slot, petitionId: p1.id }, 'petitions')).code).toBe(PetitionsErrorCode.ReceptionNotBookable);
      expect((await svc().call(PublishReception, { id: rec.id }, 'petitions')).state).toBe('published');

      const ok = await book(slot, p1.id);
      expect(ok.slots[0]).toMatchObject({ petitionId: p1.id, petitionRef: p1.ref });
      expect(ok.freeSlots).toBe(3);
      expect((await svc().refusal(BookReceptionSlot, { id: rec.id, slotId: slot, petitionId: p2.id }, 'petitions')).code).toBe(PetitionsErrorCode.SlotTaken);
      expect((await svc().refusal(BookReceptionSlot, { id: rec.id, slotId: rec.slots[1].id, petitionId: p1.id }, 'petitions')).code).toBe(CommonErrorCode.Conflict);
      // Two bookings of one slot at the same instant: exactly one wins, the other is refused as taken.
      const p3 = await newPetition('高峰', '13811110003');
      const race = await Promise.allSettled([p2, p3].map((p) => book(rec.slots[2].id, p.id)));
      expect(race.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const lost = race.find((r): r is PromiseRejectedResult => r.status === 'rejected')!.reason;
      expect(lost).toBeInstanceOf(AppError);
      expect([PetitionsErrorCode.SlotTaken, CommonErrorCode.Conflict]).toContain((lost as AppError).code);

      const outcome = await svc().call(RecordSlotOutcome, { id: rec.id, slotId: slot, outcome: '当场答复，纳入下批公租房配租', resolved: true }, 'petitions');
      expect(outcome.slots[0]).toMatchObject({ outcome: '当场答复，纳入下批公租房配租', resolved: true });
      const held = await svc().call(RecordReception, { id: rec.id, outcome: '接待3批次，当场解决2件' }, 'petitions');
      expect(held).toMatchObject({ state: 'held', outcome: '接待3批次，当场解决2件' });
      // Upcoming: what has not ended yet, soonest first; a grid worker may read them too.
      expect((await svc().call(ListReceptions, { upcoming: true }, 'commander')).items.map((r) => r.id)).toContain(rec.id);
      for (const r of (await svc().call(ListReceptions, { upcoming: true }, 'worker')).items) expect(new Date(r.endsAt).getTime()).toBeGreaterThan(Date.now());
    });

    it('records a topic reception and a home visit with its outcome', async () => {
      const start = new Date(Date.now() + 5 * DAY);
      const topic = await svc().call(
        ScheduleReception,
        {
          kind: 'topic', leaderName: '街道党工委书记', leaderTitle: 'party_secretary', topic: '老旧小区改造点题接访', gridPath: STREET,
          startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 3 * 3600_000).toISOString(), slotMinutes: 20, publish: true,
        },
        'commander',
      );
      expect(topic).toMatchObject({ kind: 'topic', state: 'published' });
      expect(topic.slots).toHaveLength(9);
      const p = await newPetition('袁华', '13811110009');
      const visit = await svc().call(
        ScheduleReception,
        {
          kind: 'home_visit', leaderName: '街道办事处主任', leaderTitle: 'office_director', topic: '上门走访老上访户', gridPath: G3,
          startsAt: new Date(Date.now() - 3600_000).toISOString(), endsAt: new Date().toISOString(), petitionId: p.id,
        },
        'petitions',
      );
      expect(visit.slots).toEqual([expect.objectContaining({ petitionId: p.id })]);
      const noPetition = { kind: 'home_visit', leaderName: '主任', leaderTitle: 'office_director', topic: '上门走访', gridPath: G3, startsAt: new Date().toISOString(), endsAt: new Date(Date.now() + 3600_000).toISOString() };
      expect(await svc().invalidField(ScheduleReception, noPetition, 'petitions')).toBe('petitionId');
      expect((await svc().call(RecordReception, { id: visit.id, outcome: '当面解释政策，信访人表示理解' }, 'petitions')).state).toBe('held');
    });
  });

  describe('特殊人群 and 四级预警', () => {
    let high: { id: string };
    let low: { id: string };

    it('registers people masked, counts for everyone, identities only by an audited reveal', async () => {
      const r = await svc().call(
        RegisterSpecialPerson,
        {
          category: 'community_corrections',
          identity: { name: '郭明', idNumber: '320106198507071234', phone: '13922223333' },
          gridPath: G3,
          riskLevel: 'high',
          responsibleWorkerName: '网格员王',
          registeredAt: new Date(Date.now() - 10 * DAY).toISOString(),
        },
        'petitions',
      );
      expect(r).toMatchObject({ followUpDays: 7, overdue: true, identity: { name: '郭*', idNumber: '320106**********34', phone: '139****3333', masked: true } });
      high = r;
      low = await svc().call(RegisterSpecialPerson, { category: 'key_youth', identity: { name: '邓超', phone: '13922224444' }, gridPath: G3, riskLevel: 'low' }, 'petitions');
      expect(low).toMatchObject({ followUpDays: 30, overdue: false });
      const dup = await svc().refusal(RegisterSpecialPerson, { category: 'community_corrections', identity: { name: '郭明', idNumber: '320106198507071234' }, gridPath: G3, riskLevel: 'low' }, 'petitions');
      expect(dup.code).toBe(CommonErrorCode.Conflict);
      expect((await svc().refusal(RegisterSpecialPerson, { category: 'gamblers', identity: { name: '某' }, gridPath: G3, riskLevel: 'low' }, 'petitions')).code).toBe(PetitionsErrorCode.UnknownCategory);

      const workerList = await svc().call(ListSpecialPeople, {}, 'worker');
      expect(workerList.counts).toEqual(expect.arrayContaining([{ category: 'community_corrections', total: 1, highRisk: 1, overdue: 1 }]));
      expect(JSON.stringify(workerList)).not.toContain('郭明');
      expect(JSON.stringify(workerList)).not.toContain('13922223333');
      expect((await svc().refusal(RevealSpecialPerson, { id: high.id, reason: '入户走访需要核对身份' }, 'worker')).code).toBe(PetitionsErrorCode.IdentityNotAllowed);
      expect((await svc().refusal(RevealSpecialPerson, { id: high.id, reason: '区里要看' }, 'district')).code).toBe(PetitionsErrorCode.IdentityNotAllowed);
      const rev = await svc().call(RevealSpecialPerson, { id: high.id, reason: '核查矫正期间外出情况' }, 'commander');
      expect(rev.identity).toEqual({ name: '郭明', idNumber: '320106198507071234', phone: '13922223333', masked: false });
      const audit = await svc().call(ListIdentityAudit, { subjectType: 'special_person' }, 'auditor');
      expect(audit.items[0]).toMatchObject({ actorName: 'commander', subjectId: high.id, reason: '核查矫正期间外出情况' });
    });

    it('lists people overdue for a visit; a grid worker records the follow-up', async () => {
      const overdue = await svc().call(ListSpecialPeople, { overdue: true }, 'worker');
      expect(overdue.items.map((p) => p.id)).toEqual([high.id]);
      const f = await svc().call(RecordFollowUp, { id: high.id, visitedAt: new Date().toISOString(), method: 'home_visit', situation: '在家，情绪稳定，按时报到' }, 'worker');
      expect(f).toMatchObject({ late: true, visitor: { name: 'worker' } });
      const after = await svc().call(GetSpecialPerson, { id: high.id }, 'worker');
      expect(after.overdue).toBe(false);
      expect(after.followUps).toHaveLength(1);
      expect((await svc().call(ListSpecialPeople, { overdue: true }, 'worker')).total).toBe(0);
      const other = await svc().refusal(RegisterFloatingPerson, { identity: { name: '外' }, buildingId: randomUUID(), gridPath: OTHER_G3, arrivedOn: '2025-01-01' }, 'worker');
      expect(other.code).toBe(PetitionsErrorCode.OutOfScope);
    });

    it('a warning is seen first by the warned grids, raises high-risk visits, and must be acknowledged', async () => {
      const w = await svc().call(
        IssueWarning,
        {
          level: 4, reasonKind: 'demolition', reason: '宝塔桥东片区征收签约期，防范群体性上访',
          startsAt: new Date(Date.now() - 3600_000).toISOString(), endsAt: new Date(Date.now() + 7 * DAY).toISOString(),
          gridPaths: [`${STREET}.c01`, OTHER_G3],
        },
        'commander',
      );
      expect(w).toMatchObject({ level: 4, colour: 'red', current: true, unacknowledged: 2 });
      const holiday = { level: 1, reasonKind: 'holiday', reason: '春节期间', startsAt: new Date().toISOString(), endsAt: new Date(Date.now() + DAY).toISOString() };
      expect((await svc().refusal(IssueWarning, { ...holiday, gridPaths: [G3] }, 'worker')).code).toBe(CommonErrorCode.Forbidden);
      expect((await svc().refusal(IssueWarning, { ...holiday, gridPaths: ['nj.gulou.nhj.c01'] }, 'commander')).code).toBe(PetitionsErrorCode.OutOfScope);

      const current = await svc().call(CurrentWarnings, {}, 'worker');
      expect(current.highestLevel).toBe(4);
      expect(current.items[0].id).toBe(w.id);
      expect(current.items[0].grids.map((g) => g.gridPath)).toEqual([`${STREET}.c01`]);
      expect(current.toAcknowledge).toEqual([{ warningId: w.id, gridPath: `${STREET}.c01` }]);
      expect((await svc().call(CurrentWarnings, {}, 'other-commander')).items).toEqual([]);

      // Red: high-risk people under the warned community are visited daily.
      expect(await svc().call(GetSpecialPerson, { id: high.id }, 'worker')).toMatchObject({ followUpDays: 1, raisedByWarning: true });
      expect(await svc().call(GetSpecialPerson, { id: low.id }, 'worker')).toMatchObject({ followUpDays: 30, raisedByWarning: false });

      await svc().call(AcknowledgeWarning, { id: w.id, note: '已传达到全体网格员' }, 'worker');
      expect((await svc().call(ListUnacknowledged, { id: w.id }, 'commander')).grids).toEqual([OTHER_G3]);
      expect((await svc().refusal(AcknowledgeWarning, { id: w.id }, 'worker')).code).toBe(PetitionsErrorCode.NothingToAcknowledge);
      // The command that issues warnings does not acknowledge them (the warned grids do).
      expect((await svc().refusal(AcknowledgeWarning, { id: w.id }, 'commander')).code).toBe(CommonErrorCode.Forbidden);
      const detail = await svc().call(GetWarning, { id: w.id }, 'commander');
      expect(detail.grids).toEqual(expect.arrayContaining([expect.objectContaining({ gridPath: `${STREET}.c01`, acknowledgedBy: 'worker', note: '已传达到全体网格员' })]));
      expect(await svc().call(LiftWarning, { id: w.id, note: '签约完成' }, 'commander')).toMatchObject({ state: 'lifted', current: false });
      expect((await svc().call(GetSpecialPerson, { id: high.id }, 'worker')).followUpDays).toBe(7);
    });

    it('exports the register as a watermarked XLSX only with a reason, and audits it', async () => {
      expect(await svc().invalidField(ExportSpecialPeople, {}, 'petitions')).toBe('reason');
      expect((await svc().refusal(ExportSpecialPeople, { reason: '看看看看' }, 'worker')).code).toBe(PetitionsErrorCode.IdentityNotAllowed);
      const file = await svc().call(ExportSpecialPeople, { reason: '报送区综治中心季度核查' }, 'petitions');
      expect(file.contentType).toMatch(/spreadsheetml/);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(file.base64, 'base64') as never);
      const ws = wb.worksheets[0];
      const mark = String(ws.getRow(1).getCell(1).value);
      expect(mark).toContain('导出人: petitions');
      expect(mark).toContain('用途: 报送区综治中心季度核查');
      expect(mark).toMatch(/导出时间: \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
      expect(ws.headerFooter.oddHeader).toContain('petitions');
      expect(ws.getSheetValues().flat().map(String)).toContain('郭明');
      const audit = await svc().call(ListIdentityAudit, { subjectType: 'export' }, 'auditor');
      expect(audit.items[0]).toMatchObject({ actorName: 'petitions', reason: '报送区综治中心季度核查' });
    });
  });

  it('registers floating population to buildings, with arrival and leaving', async () => {
    const building = randomUUID();
    const r = await svc().call(RegisterFloatingPerson, { identity: { name: '韦小宝', idNumber: '450102199203031111', phone: '15800001111' }, buildingId: building, gridPath: G3, origin: '广西南宁', occupation: '快递员', arrivedOn: '2025-03-01' }, 'worker');
    expect(r).toMatchObject({ buildingId: building, present: true, identity: { name: '韦**', masked: true } });
    expect(await svc().call(ListFloatingPeople, { buildingId: building }, 'worker')).toMatchObject({ total: 1, present: 1 });
    expect(await svc().invalidField(FloatingPersonLeft, { id: r.id, leftOn: '2025-02-01' }, 'worker')).toBe('leftOn');
    expect(await svc().call(FloatingPersonLeft, { id: r.id, leftOn: '2025-06-30' }, 'worker')).toMatchObject({ present: false, leftOn: '2025-06-30' });
    expect((await svc().refusal(FloatingPersonLeft, { id: r.id, leftOn: '2025-07-01' }, 'worker')).code).toBe(PetitionsErrorCode.AlreadyLeft);
    expect((await svc().call(ListFloatingPeople, { buildingId: building }, 'worker')).total).toBe(0);
    expect((await svc().call(ListFloatingPeople, { buildingId: building, present: false }, 'worker')).total).toBe(1);
  });

  it('records weekly stability meetings with attendees and decisions', async () => {
    const today = streetToday();
    const m = await svc().call(
      RecordMeeting,
      {
        heldOn: today, gridPath: STREET, chair: '街道政法委员',
        attendees: [{ name: '综治办主任', role: '综治办' }, { name: '派出所所长', role: '派出所' }, { name: '司法所所长', role: '司法所' }],
        topics: '研判本周矛盾纠纷和信访形势',
        decisions: [{ text: '对东片区征收户逐户走访', owner: '各社区书记', dueOn: today }],
      },
      'petitions',
    );
    expect(m.week).toMatch(/^\d{4}-W\d{2}$/);
    expect((await svc().call(ListMeetings, {}, 'worker')).items[0].decisions[0].text).toBe('对东片区征收户逐户走访');
    // a street's meeting is seen from a grid below it, not from another street
    expect((await svc().call(ListMeetings, {}, 'other-commander')).items.map((x) => x.id)).not.toContain(m.id);
    expect(await svc().invalidField(RecordMeeting, { heldOn: today, gridPath: STREET, chair: 'x', attendees: [{ name: 'a', role: 'b' }], topics: '研判', decisions: [] }, 'petitions')).toBe('attendees');
  });

  it('shows the figures: monthly volume and collective, repeat and on-time rates, disputes, follow-ups', async () => {
    // Last month had more petitions than this one: 双下降 needs both to fall.
    await svc().ds.query(
      `INSERT INTO petitions.petitions (ref, channel, petitioner_kind, headcount, matter, summary, key_area, grid_path, state, received_at, accept_due_at)
       SELECT 'XFOLD' || g, 'visit', 'group', CASE WHEN g <= 3 THEN 8 ELSE 2 END, 'housing', 'old', 'petitions_stability', $1::ltree, 'closed',
              date_trunc('month', now() AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai' - interval '10 days', now()
         FROM generate_series(1, 30) g`,
      [G3],
    );
    const f = await svc().call(GetPetitionsFigures, {}, 'commander');
    const months = f.petitions.months;
    expect(months).toHaveLength(12);
    const [prev, last] = months.slice(-2);
    expect(prev).toMatchObject({ petitions: 30, collective: 3 });
    expect(last.petitions).toBeGreaterThan(0);
    expect(f.petitions.doubleDecline).toEqual({ volumeDown: true, collectiveDown: true, both: true });
    expect(f.petitions.repeatRate).toEqual(expect.any(Number));
    expect(f.followUps).toMatchObject({ done: 1 });
    expect(f.followUps.due).toBeGreaterThanOrEqual(2);
    expect(f.disputes.settledLevelShares).toEqual({ grid: 0, community: 0, street: 0, district: 0 });
    expect(await svc().invalidField(GetPetitionsFigures, { from: '2025-13' }, 'commander')).toBe('from');
  });

  // Last: a warning of its own over the community, which the figures above do not expect.
  it('the community workstation (社区工作站) acknowledges a warning over its community for the grids it answers for', async () => {
    const w = await svc().call(
      IssueWarning,
      { level: 2, reasonKind: 'holiday', reason: '元旦期间加强矛盾排查', startsAt: new Date(Date.now() - 3600_000).toISOString(), endsAt: new Date(Date.now() + 3 * DAY).toISOString(), gridPaths: [`${STREET}.c01`] },
      'commander',
    );
    expect(w.unacknowledged).toBe(1);
    const acked = await svc().call(AcknowledgeWarning, { id: w.id, note: '社区已部署排查' }, 'community');
    expect(acked.unacknowledged).toBe(0);
    expect((await svc().call(GetWarning, { id: w.id }, 'commander')).grids).toEqual([expect.objectContaining({ gridPath: `${STREET}.c01`, acknowledgedBy: 'community', note: '社区已部署排查' })]);
  });
});
