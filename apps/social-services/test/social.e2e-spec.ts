import { randomUUID } from 'node:crypto';
import { addMonths, streetCalendar } from '@grid122/calendar';
import {
  AdjustPoints, AssignServiceRequest, CircleAt, CircleGaps, CommonErrorCode, ConfirmServiceRequest, CreateRecipientCategory, CreateServicePoint, CreateSocialTeam,
  CreateSupermarketItem, DeliverServiceRequest, DomainEvent, ExchangePoints, GetRecipient, GetServicePoint, GetSocialVolunteer, HouseholdVisitRate, IncidentEventData,
  IncidentState, IssueMonthlyVouchers, IssueVouchers, KeyArea, ListDonations, ListHouseholdVisits, ListPointExchanges, ListRecipients, ListServicePoints,
  ListServiceRequests, ListSocialTeams, ListSocialVolunteers, ListSupermarketItems, ListSupermarketStock, ListVolunteerActivities, MoveSupermarketStock, OfficeEvents,
  OpenServiceRequest, PointsBalances, PointsLedger, RecipientFigures, RecordDonation, RecordHouseholdVisit, RecordVolunteerActivity, RedeemVouchers, RegisterRecipient,
  RegisterSocialVolunteer, RequestOf, ReturnServiceRequest, RevealRecipientIdentity, RpcContract, SERVICE_POINT_TYPES, ServiceRequestFigures, SocialErrorCode,
  SupermarketStatement, Unit, UpsertCircleGrids, VolunteerFigures, VoucherLedger,
} from '@grid122/contracts';
import { PiiCipher } from '@grid122/privacy';
import { eventually, serviceUnderTest, TestActorName, TestRequest, TEST_OTHER_STREET, TEST_STREET } from '@grid122/testing';
import { AppModule } from '../src/app.module';
import { loadSocialServicesEnv } from '../src/config/social-services.env';
import { dataSourceOptions } from '../src/database/data-source';
import { protectPlainCategories } from '../src/recipients/recipient-categories';

jest.setTimeout(120_000);

const G3 = `${TEST_STREET}.c01.g2_01.g3_01`; // the worker's grid
const G3B = `${TEST_STREET}.c01.g2_01.g3_02`;
const G3C = `${TEST_STREET}.c02.g2_05.g3_20`;
const ID_NUMBER = '32010619480312123X';
const PHONE = '13912345678';

/**
 * The social services team (社会服务队) through its contracts (NATS, signed callers), against real
 * Postgres and NATS: care recipients with protected identifiers and categories, vouchers, service
 * requests and their state machine, the office's dispatches, the love supermarket (爱心超市),
 * household visits and the 15-minute service circle. The HTTP side (routes, roles at the edge,
 * statuses, OpenAPI) is the gateway's social spec; residents' points are resident-points.e2e-spec.ts.
 */
describe('social services (社会服务队) service', () => {
  const svc = serviceUnderTest({ app: 'social-services', module: () => AppModule.forRoot(), dataSource: dataSourceOptions });
  const outbox = async () => (await svc().ds.query(`SELECT type, event FROM social.outbox ORDER BY created_at`)) as { type: string; event: DomainEvent<Record<string, unknown>> }[];
  const codes = (r: { categories: { code: string }[] }) => r.categories.map((c) => c.code);
  const ids = (r: { items: { id: string }[] }) => r.items.map((x) => x.id);

  /**
   * Pages a list two rows at a time (newest first, the SQL kit's keyset cursor): every row once, in
   * the order of one big page. A cursor the API did not give out is VALIDATION_FAILED naming the
   * cursor, also one of the old `time|id` form whose time was never checked: Postgres's timestamptz
   * cast read 'yesterday' as a time (a page) and answered anything else with a 500.
   */
  const pagesThrough = async <C extends RpcContract>(contract: C, req: TestRequest<RequestOf<C>>, as: TestActorName): Promise<void> => {
    type Listed = { items: { id: string }[]; nextCursor: string | null };
    const list = (more: { limit: number; cursor?: string }) => svc().call(contract, { ...req, ...more } as TestRequest<RequestOf<C>>, as) as Promise<Listed>;
    const all = ids(await list({ limit: 200 }));
    expect(all.length).toBeGreaterThan(2);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await list({ limit: 2, cursor });
      seen.push(...ids(page));
      cursor = page.nextCursor ?? undefined;
    } while (cursor && seen.length <= all.length);
    expect(seen).toEqual(all);
    const b64 = (text: string) => Buffer.from(text).toString('base64url');
    for (const bad of ['%%%', b64(`yesterday|${randomUUID()}`), b64(`no time|${randomUUID()}`), b64(JSON.stringify(['yesterday', randomUUID()]))]) {
      expect([bad, await svc().invalidField(contract, { ...req, cursor: bad } as TestRequest<RequestOf<C>>, as)]).toEqual([bad, 'cursor']);
    }
  };

  let volunteerId: string;
  beforeAll(async () => {
    volunteerId = (await svc().call(RegisterSocialVolunteer, { name: '王志愿', gridPath: G3, phone: '13800001111', yRole: 'party_volunteer' }, 'social')).id;
  });

  describe('care recipients', () => {
    it('registers with protected identifiers, shows them masked, reveals them only to the team with an audited reason', async () => {
      const r = await svc().call(
        RegisterRecipient,
        {
          name: '李秀英', gender: 'female', birthDate: '1948-03-12', idNumber: ID_NUMBER, phone: PHONE, categories: ['elderly', 'living_alone'], gridPath: G3,
          buildingName: '3幢', address: '宝塔桥西街3幢2单元301', supports: [{ kind: 'breakfast_voucher', monthlyAmountCents: 3000 }, { kind: 'alarm_device' }],
          pairHelperVolunteerId: volunteerId,
        },
        'social',
      );
      expect(r.idNumber).toBe('320106**********3X');
      expect(r.phone).toBe('139****5678');
      expect(r.pairHelper).toEqual({ volunteerId, name: '王志愿' });
      expect(codes(r)).toEqual(['elderly', 'living_alone']);
      expect(r.categories[1].label.zh).toBe('独居老人');
      const raw = await svc().ds.query(`SELECT id_number_enc, phone_enc FROM social.care_recipients WHERE id = $1`, [r.id]);
      expect(raw[0].id_number_enc).not.toContain('320106');
      expect(raw[0].phone_enc).not.toContain('1391234');

      const district = await svc().call(GetRecipient, { id: r.id }, 'district');
      expect(district.name).toBe('李**');
      expect(district.address).toBeNull();

      // 三员分立: neither the commander, the system admin nor the auditor sees an identity; another unit neither
      for (const who of ['commander', 'admin', 'auditor', 'enforcement'] as TestActorName[]) {
        expect([who, (await svc().refusal(RevealRecipientIdentity, { id: r.id, reason: '核对' }, who)).code]).toEqual([who, CommonErrorCode.Forbidden]);
      }
      const shown = await svc().call(RevealRecipientIdentity, { id: r.id, reason: '办理低保复核' }, 'social');
      expect(shown).toMatchObject({ idNumber: ID_NUMBER, phone: PHONE });
      const audit = await svc().ds.query(`SELECT actor_name, reason FROM social.identity_reads WHERE recipient_id = $1`, [r.id]);
      expect(audit).toEqual([{ actor_name: 'social', reason: '办理低保复核' }]);
    });

    it('hides people with mental illness from roles that do not need them', async () => {
      const r = await svc().call(RegisterRecipient, { name: '赵某', categories: ['mental_illness'], gridPath: G3 }, 'social');
      expect((await svc().refusal(GetRecipient, { id: r.id }, 'worker')).code).toBe(SocialErrorCode.RecipientNotFound);
      expect(ids(await svc().call(ListRecipients, { limit: 200 }, 'worker'))).not.toContain(r.id);
      expect((await svc().call(GetRecipient, { id: r.id }, 'petitions')).id).toBe(r.id);
      const figures = await svc().call(RecipientFigures, {}, 'commander');
      expect(figures.sensitiveHidden).toBe(true);
      expect(figures.byCategory.map((c) => c.code)).not.toContain('mental_illness');
      // a commander may not put anyone in a sensitive category
      expect((await svc().refusal(RegisterRecipient, { name: '钱某', categories: ['mental_illness'], gridPath: G3 }, 'commander')).code).toBe(CommonErrorCode.Forbidden);
    });

    it('keeps categories encrypted at rest (blind index for filter and figures); the figures equal a recount of what the views show; a row written in clear is protected by the re-runnable pass', async () => {
      const { ds } = svc();
      const a = await svc().call(RegisterRecipient, { name: '周某', categories: ['low_income', 'disabled'], disabilityCategory: 'physical', disabilityGrade: 2, gridPath: G3B }, 'social');
      const row = async (id: string) => (await ds.query(`SELECT categories, categories_enc, category_index FROM social.care_recipients WHERE id = $1`, [id]))[0];
      const stored = await row(a.id);
      expect(stored.categories).toEqual([]);
      expect(stored.categories_enc).toMatch(/^v2:[A-Za-z0-9_-]+:/);
      expect(stored.category_index).toHaveLength(2);
      expect(JSON.stringify(stored)).not.toMatch(/low_income|disabled/);
      expect(codes(a)).toEqual(['low_income', 'disabled']);

      // a row written in clear (before the protection, or by an older replica during the rolling update)
      const [legacy] = await ds.query(`INSERT INTO social.care_recipients (name, categories, grid_path) VALUES ('吴某', ARRAY['low_income', 'elderly'], $1::ltree) RETURNING id`, [G3C]);
      expect(codes(await svc().call(GetRecipient, { id: legacy.id }, 'social'))).toEqual(['low_income', 'elderly']);
      const cipher = new PiiCipher(loadSocialServicesEnv().piiKeys('social-services'));
      expect(await protectPlainCategories(ds, cipher)).toBe(1);
      expect(await protectPlainCategories(ds, cipher)).toBe(0); // safe to run again
      expect((await row(legacy.id)).categories).toEqual([]);
      expect((await row(legacy.id)).categories_enc).toMatch(/^v2:/);
      expect(codes(await svc().call(GetRecipient, { id: legacy.id }, 'social'))).toEqual(['low_income', 'elderly']);

      expect(ids(await svc().call(ListRecipients, { category: 'low_income', limit: 200 }, 'social'))).toEqual(expect.arrayContaining([a.id, legacy.id]));
      expect(ids(await svc().call(ListRecipients, { category: 'elderly', limit: 200 }, 'social'))).not.toContain(a.id);

      // the counts (the hub's and the wall's figures) come from the blind index: equal to a recount of the views
      const views = (await svc().call(ListRecipients, { limit: 200 }, 'social')).items;
      const recount: Record<string, number> = {};
      for (const v of views.filter((x) => x.active)) for (const c of v.categories) recount[c.code] = (recount[c.code] ?? 0) + 1;
      const figures = await svc().call(RecipientFigures, {}, 'social');
      expect(Object.fromEntries(figures.byCategory.map((c) => [c.code, c.count]))).toEqual(recount);
      expect(figures.total).toBe(views.filter((x) => x.active).length);
      const perGrid: Record<string, number> = {};
      for (const g of figures.byGrid) for (const [code, n] of Object.entries(g.byCategory)) perGrid[code] = (perGrid[code] ?? 0) + n;
      expect(perGrid).toEqual(recount);
    });

    it('validates fields, unknown categories and scope', async () => {
      expect(await svc().invalidField(RegisterRecipient, { name: '孙某', categories: ['elderly'], gridPath: 'Not A Path' }, 'social')).toBe('gridPath');
      expect((await svc().refusal(RegisterRecipient, { name: '孙某', categories: ['left_behind_child'], gridPath: G3 }, 'social')).code).toBe(SocialErrorCode.UnknownCategory);
      // "others configurable": the street adds 留守儿童 and can use it
      await svc().call(CreateRecipientCategory, { code: 'left_behind_child', zh: '留守儿童', en: 'Left-behind child' }, 'social');
      expect(codes(await svc().call(RegisterRecipient, { name: '孙某', categories: ['left_behind_child'], gridPath: G3 }, 'social'))).toEqual(['left_behind_child']);
      expect((await svc().refusal(RegisterRecipient, { name: '周某', categories: ['elderly'], gridPath: 'nj.gulou.nhj.c01' }, 'social')).code).toBe(CommonErrorCode.Forbidden);
    });

    it('pages recipients by keyset cursor within the scope, and refuses a cursor it did not give out', async () => {
      for (const name of ['翻页甲', '翻页乙', '翻页丙']) await svc().call(RegisterRecipient, { name, categories: ['elderly'], gridPath: G3, supports: [{ kind: 'alarm_device' }] }, 'social');
      await pagesThrough(ListRecipients, {}, 'social');
      await pagesThrough(ListRecipients, { q: '翻页', support: 'alarm_device', category: 'elderly' }, 'worker');
      expect((await svc().call(ListRecipients, { gridPath: G3C }, 'worker')).items).toEqual([]);
    });
  });

  describe('vouchers and service requests', () => {
    let recipientId: string;
    beforeAll(async () => {
      recipientId = (await svc().call(RegisterRecipient, { name: '陈桂兰', categories: ['elderly', 'empty_nest'], gridPath: G3, supports: [{ kind: 'breakfast_voucher' }] }, 'social')).id;
    });

    it('keeps the voucher ledger: a month is issued once, redemptions never exceed what is left, amounts add up', async () => {
      expect((await svc().call(IssueVouchers, { recipientId, month: '2026-01' }, 'social')).balanceCents).toBe(3000);
      expect((await svc().refusal(IssueVouchers, { recipientId, month: '2026-01' }, 'social')).code).toBe(SocialErrorCode.VoucherAlreadyIssued);
      const month = await svc().call(IssueMonthlyVouchers, { month: '2026-02' }, 'commander');
      // A month that has not begun in the street's calendar: refused naming the field and the format.
      const future = addMonths(streetCalendar().thisMonth(), 1);
      for (const refused of [await svc().refusal(IssueVouchers, { recipientId, month: future }, 'social'), await svc().refusal(IssueMonthlyVouchers, { month: future }, 'commander')]) {
        expect(refused.code).toBe(CommonErrorCode.ValidationFailed);
        expect((refused.details as { fields: unknown[] }).fields[0]).toMatchObject({ field: 'month', messages: [expect.stringMatching(/has not begun.*YYYY-MM/)] });
      }
      expect(await svc().invalidField(IssueVouchers, { recipientId, month: '2026-1' }, 'social')).toBe('month');
      expect(month.issued).toBeGreaterThanOrEqual(2); // this one and 李秀英
      await svc().call(RedeemVouchers, { recipientId, amountCents: 5000 }, 'social');
      expect((await svc().refusal(RedeemVouchers, { recipientId, amountCents: 1001 }, 'social')).code).toBe(SocialErrorCode.VoucherOverdrawn);
      const ledger = await svc().call(VoucherLedger, { recipientId }, 'social');
      expect(ledger).toMatchObject({ issuedCents: 6000, redeemedCents: 5000, balanceCents: 1000 });
      expect(ledger.entries.reduce((s, e) => s + (e.entry === 'issue' ? e.amountCents : -e.amountCents), 0)).toBe(1000);
      expect(ledger.entries.at(-1)!.balanceAfterCents).toBe(1000);
    });

    it('runs a request through its state machine, refuses illegal moves, awards points on confirmation', async () => {
      const opened = await svc().call(OpenServiceRequest, { serviceType: 'breakfast_purchase', source: 'grid_worker', recipientId, title: '代购早餐' }, 'worker');
      expect(opened).toMatchObject({ state: 'opened', gridPath: G3, allowedActions: ['assign', 'cancel'] });
      expect(opened.code).toMatch(new RegExp(`^SR-${streetCalendar().day().replaceAll('-', '')}-\\d{5}$`)); // numbered under the street's day
      const id = opened.id;

      const early = await svc().refusal(DeliverServiceRequest, { id, note: '已送达' }, 'social');
      expect(early.code).toBe(CommonErrorCode.IllegalTransition);
      expect((early.details as { currentState: string }).currentState).toBe('opened');
      expect((await svc().refusal(ReturnServiceRequest, { id, reason: '不归我们' }, 'social')).code).toBe(CommonErrorCode.IllegalTransition);

      expect((await svc().refusal(AssignServiceRequest, { id, volunteerId, staffId: randomUUID(), staffName: 'x' }, 'social')).code).toBe(CommonErrorCode.ValidationFailed);
      expect((await svc().call(AssignServiceRequest, { id, volunteerId }, 'social')).state).toBe('assigned');
      const delivered = await svc().call(DeliverServiceRequest, { id, note: '早餐已送到家', hours: 0.5, voucherCents: 800 }, 'social');
      expect(delivered).toMatchObject({ state: 'delivered', voucherCents: 800, hours: 0.5 });
      expect((await svc().call(VoucherLedger, { recipientId }, 'social')).balanceCents).toBe(200);

      expect((await svc().refusal(ConfirmServiceRequest, { id, satisfaction: 5 }, 'social')).code).toBe(SocialErrorCode.SelfConfirmation);
      const confirmed = await svc().call(ConfirmServiceRequest, { id, satisfaction: 5, note: '居民满意' }, 'worker');
      expect(confirmed).toMatchObject({ state: 'confirmed', pointsAwarded: 1, allowedActions: [] });
      expect((await svc().refusal(ConfirmServiceRequest, { id, satisfaction: 5 }, 'worker')).code).toBe(CommonErrorCode.IllegalTransition);

      const v = await svc().call(GetSocialVolunteer, { id: volunteerId }, 'social');
      expect(v.points).toEqual({ balance: 1, earned: 1, spent: 0 });
      expect(v.hoursTotal).toBe(0.5);
      const about = (d: Record<string, unknown>) => d.caseId === id || d.requestId === id || d.serviceRequestId === id;
      const types = (await outbox()).filter((e) => about(e.event.data)).map((e) => e.type);
      expect(types).toEqual(expect.arrayContaining(['social.request.opened', 'social.request.assigned', 'social.request.delivered', 'social.request.handled', 'social.request.closed', 'social.points.earned', 'social.voucher.redeemed']));

      const figures = await svc().call(ServiceRequestFigures, {}, 'commander');
      expect(figures.totals.delivered).toBeGreaterThanOrEqual(1);
      expect(figures.totals.vouchersRedeemedCents).toBeGreaterThanOrEqual(800);
    });

    it('pages service requests by keyset cursor within the scope, and refuses a cursor it did not give out', async () => {
      for (const title of ['代购早餐', '助浴', '陪同就医']) await svc().call(OpenServiceRequest, { serviceType: 'breakfast_purchase', source: 'grid_worker', recipientId, title }, 'worker');
      await pagesThrough(ListServiceRequests, {}, 'worker');
      await pagesThrough(ListServiceRequests, { state: 'opened', recipientId, gridPath: TEST_STREET }, 'commander');
      expect((await svc().call(ListServiceRequests, { gridPath: G3C }, 'worker')).items).toEqual([]);
    });
  });

  describe('volunteers and teams', () => {
    it('pages volunteers, their activities and their points ledger by keyset cursor, and refuses a cursor it did not give out', async () => {
      const v = await svc().call(RegisterSocialVolunteer, { name: '翻页志愿者', gridPath: G3 }, 'social');
      for (const name of ['翻页志愿者乙', '翻页志愿者丙']) await svc().call(RegisterSocialVolunteer, { name, gridPath: G3 }, 'social');
      for (const delta of [5, 3, -2]) await svc().call(AdjustPoints, { volunteerId: v.id, delta, reason: '更正' }, 'social');
      for (const title of ['敬老院慰问', '社区清扫', '助餐送餐']) await svc().call(RecordVolunteerActivity, { volunteerId: v.id, title, activityDate: streetCalendar().today(), hours: 1 }, 'social');
      await pagesThrough(ListSocialVolunteers, {}, 'worker');
      await pagesThrough(ListSocialVolunteers, { gridPath: G3 }, 'commander');
      await pagesThrough(ListVolunteerActivities, { volunteerId: v.id }, 'worker');
      await pagesThrough(PointsLedger, { volunteerId: v.id }, 'social');
      expect((await svc().call(ListSocialVolunteers, { gridPath: G3C }, 'worker')).items).toEqual([]);
      // the points table: most earned first, as many as asked
      const all = (await svc().call(PointsBalances, { gridPath: G3 }, 'social')).items;
      const top = (await svc().call(PointsBalances, { gridPath: G3, limit: 2 }, 'social')).items;
      expect(all.length).toBeGreaterThan(2);
      expect(top).toEqual(all.slice(0, 2));
      expect(all.map((x) => x.earned)).toEqual([...all.map((x) => x.earned)].sort((x, y) => y - x));
    });

    it("lists a street's teams to readers within or above it, never another street's", async () => {
      const ours = await svc().call(CreateSocialTeam, { code: 'elder_care', name: '助老服务队', streetPath: TEST_STREET }, 'social');
      const theirs = await svc().call(CreateSocialTeam, { code: 'elder_care', name: '助老服务队', streetPath: TEST_OTHER_STREET }, 'other-commander');
      const teams = async (req: { gridPath?: string }, as: TestActorName) => (await svc().call(ListSocialTeams, req, as)).items.map((t) => t.id);
      expect(await teams({}, 'worker')).toEqual([ours.id]);
      expect(await teams({}, 'district')).toEqual(expect.arrayContaining([ours.id, theirs.id]));
      // asking for the district (above the worker's street) kept the asked path: every street's teams; now the worker's scope, narrower
      expect(await teams({ gridPath: 'nj.gulou' }, 'worker')).toEqual([ours.id]);
      expect(await teams({ gridPath: TEST_OTHER_STREET }, 'worker')).toEqual([]);
      // the figures counted the asked street's teams whatever the reader's scope
      expect(await svc().call(VolunteerFigures, { gridPath: TEST_OTHER_STREET }, 'worker')).toMatchObject({ volunteers: 0, teams: 0 });
      expect((await svc().call(VolunteerFigures, { gridPath: TEST_OTHER_STREET }, 'district')).teams).toBe(1);
    });
  });

  describe('office dispatch', () => {
    const incident = (unit: Unit | null, incidentId: string = randomUUID()): DomainEvent<IncidentEventData> => ({
      id: randomUUID(), type: OfficeEvents.IncidentDispatched, source: 'office', occurredAt: new Date().toISOString(), gridPath: G3B, data: {
        incidentId, code: 'BTQ-20260301-0007', title: '独居老人家中水管漏水需维修', keyArea: KeyArea.Other, category: 'home_repair', gridPath: G3B, gridId: null,
        state: IncidentState.Dispatched, fromState: IncidentState.Registered, source: 'grid_worker', reportedById: null, unit, departmentId: null,
        location: { lng: 118.77, lat: 32.11 }, address: '宝塔桥东街5号', deadline: null, reportedAt: new Date().toISOString(), reworkCount: 0,
      },
    });

    it('opens a service request for a dispatch to the social unit, once, and emits social.request.opened', async () => {
      const { ds } = svc();
      const e = incident(Unit.Social);
      await svc().publish(e);
      await svc().publish(incident(Unit.Enforcement)); // another unit's: ignored
      const found = await eventually(async () => {
        const { items } = await svc().call(ListServiceRequests, { incidentId: e.data.incidentId }, 'commander');
        expect(items).toHaveLength(1);
        return items[0];
      });
      expect(found).toMatchObject({ source: 'office_dispatch', serviceType: 'home_repair', gridPath: G3B, incidentCode: 'BTQ-20260301-0007', state: 'opened', allowedActions: ['assign', 'return'] });
      const opened = await eventually(async () => {
        const evs = (await outbox()).filter((x) => x.type === 'social.request.opened' && x.event.data.incidentId === e.data.incidentId);
        expect(evs).toHaveLength(1);
        return evs[0].event;
      });
      expect(opened.data).toMatchObject({ unit: 'social', caseId: found.id, caseType: 'service_request', caseRef: found.code });

      // redelivered (same event) and dispatched again (new event, same incident): still one request
      // (the inbox holds the team's two dispatches; another unit's takes no row: nothing to apply)
      await svc().publish(e, `${e.id}-redelivered`);
      await svc().publish(incident(Unit.Social, e.data.incidentId));
      await eventually(async () => expect((await ds.query(`SELECT count(*)::int AS n FROM social.inbox WHERE consumer = 'social-services'`))[0].n).toBeGreaterThanOrEqual(2));
      expect((await ds.query(`SELECT count(*)::int AS n FROM social.service_requests WHERE incident_id = $1`, [e.data.incidentId]))[0].n).toBe(1);
      expect((await ds.query(`SELECT count(*)::int AS n FROM social.service_requests WHERE source = 'office_dispatch'`))[0].n).toBe(1);

      await svc().call(ReturnServiceRequest, { id: found.id, reason: '属于物业维修范围' }, 'social');
      expect((await outbox()).some((x) => x.type === 'social.request.returned' && x.event.data.incidentId === e.data.incidentId)).toBe(true);
    });
  });

  describe('love supermarket (爱心超市)', () => {
    it('lets exactly 5 of 20 concurrent exchanges take the last 5 items, never oversells, keeps points and stock in step', async () => {
      const item = await svc().call(CreateSupermarketItem, { code: 'rice-5kg', name: '大米5kg', unit: '袋', pointPrice: 10, unitValueCents: 3500 }, 'social');
      const donation = await svc().call(RecordDonation, { donorKind: 'shop', donorName: '苏果超市宝塔桥店', kind: 'goods', lines: [{ itemId: item.id, quantity: 5 }] }, 'social');
      expect(donation.goodsValueCents).toBe(17500);
      await svc().call(RecordDonation, { donorKind: 'enterprise', donorName: '某企业', kind: 'money', moneyCents: 100000 }, 'social');
      expect((await svc().refusal(RecordDonation, { donorKind: 'resident', donorName: '张三', kind: 'goods' }, 'social')).code).toBe(SocialErrorCode.DonationInvalid);

      const vols: string[] = [];
      for (let i = 0; i < 4; i++) {
        const v = await svc().call(RegisterSocialVolunteer, { name: `志愿者${i}`, gridPath: G3 }, 'social');
        vols.push(v.id);
        await svc().call(AdjustPoints, { volunteerId: v.id, delta: 100, reason: '年度表彰' }, 'social');
      }
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => svc().call(ExchangePoints, { volunteerId: vols[i % 4], itemId: item.id, quantity: 1 }, 'social').then((x) => ({ x }), (e: { code?: string }) => ({ e }))),
      );
      expect(results.filter((r) => 'x' in r)).toHaveLength(5);
      expect(results.flatMap((r) => ('e' in r ? [r.e.code] : []))).toEqual(Array(15).fill(SocialErrorCode.OutOfStock));
      expect((await svc().call(ListSupermarketStock, {}, 'commander')).items.find((i) => i.id === item.id)!.stock).toBe(0);
      const balances = await svc().ds.query(`SELECT sum(points_spent)::int AS spent, sum(points_balance)::int AS balance FROM social.volunteers WHERE id = ANY($1)`, [vols]);
      expect(balances[0]).toEqual({ spent: 50, balance: 350 });
      const ledgerSum = await svc().ds.query(`SELECT sum(delta)::int AS s FROM social.points_ledger WHERE volunteer_id = ANY($1)`, [vols]);
      expect(ledgerSum[0].s).toBe(350);

      const statement = await svc().call(SupermarketStatement, { month: streetCalendar().thisMonth() }, 'commander');
      expect(statement.checks).toEqual({ goodsBalance: true, moneyBalance: true, donationsMatchStock: true, stockMatchesMovements: true });
      expect(statement.goods).toMatchObject({ donatedValueCents: 17500, exchangedValueCents: 17500, closingValueCents: 0 });
      expect(statement.money).toMatchObject({ donatedCents: 100000, closingCents: 100000 });
      expect(statement.exchanges).toEqual({ count: 5, units: 5, points: 50 });
    });

    it('refuses an exchange beyond the points balance and leaves the stock untouched', async () => {
      const item = await svc().call(CreateSupermarketItem, { code: 'oil-5l', name: '食用油5L', unit: '桶', pointPrice: 60, unitValueCents: 6000 }, 'social');
      await svc().call(MoveSupermarketStock, { itemId: item.id, kind: 'purchase', quantity: 3, cashCents: 18000 }, 'social');
      const poor = await svc().call(RegisterSocialVolunteer, { name: '新志愿者', gridPath: G3 }, 'social');
      await svc().call(AdjustPoints, { volunteerId: poor.id, delta: 50, reason: '入队' }, 'social');
      expect((await svc().refusal(ExchangePoints, { volunteerId: poor.id, itemId: item.id, quantity: 1 }, 'social')).code).toBe(SocialErrorCode.InsufficientPoints);
      expect((await svc().call(ListSupermarketItems, {}, 'social')).items.find((i) => i.id === item.id)!.stock).toBe(3);
      expect(await svc().call(PointsLedger, { volunteerId: poor.id }, 'social')).toMatchObject({ balance: 50, spent: 0 });
      expect((await svc().refusal(AdjustPoints, { volunteerId: poor.id, delta: -51, reason: '更正' }, 'social')).code).toBe(SocialErrorCode.InsufficientPoints);
    });

    it('pages exchanges and donations by keyset cursor, and refuses a cursor it did not give out', async () => {
      await svc().call(RecordDonation, { donorKind: 'resident', donorName: '张三', kind: 'money', moneyCents: 500 }, 'social');
      await pagesThrough(ListPointExchanges, {}, 'commander');
      await pagesThrough(ListDonations, {}, 'social');
    });
  });

  describe('visits and the 15-minute service circle', () => {
    const gridA = randomUUID();
    const gridB = randomUUID();
    const gridC = randomUUID();
    beforeAll(async () => {
      await svc().call(
        UpsertCircleGrids,
        {
          grids: [
            { id: gridA, path: G3, name: '一号楼群', level: 'building_cluster', households: 4, centroid: { lng: 118.77, lat: 32.11 } },
            { id: gridB, path: G3B, name: '二号楼群', level: 'building_cluster', households: 10, centroid: { lng: 118.78, lat: 32.11 } }, // ~940 m east
            { id: gridC, path: G3C, name: '三号楼群', level: 'building_cluster', households: 8, centroid: { lng: 118.82, lat: 32.11 } }, // ~4.7 km east
          ],
        },
        'commander',
      );
    });

    it('records household visits and computes the visit rate per grid', async () => {
      const month = streetCalendar().thisMonth();
      for (const h of ['3幢2单元301', '3幢2单元302', '3幢2单元301']) {
        await svc().call(RecordHouseholdVisit, { householdRef: h, gridPath: G3, kind: 'routine', findings: '正常' }, 'worker');
      }
      expect((await svc().refusal(RecordHouseholdVisit, { householdRef: 'x', gridPath: G3B, kind: 'routine' }, 'worker')).code).toBe(CommonErrorCode.Forbidden);
      expect(await svc().invalidField(RecordHouseholdVisit, { householdRef: 'x', gridPath: G3, kind: 'routine', visitedAt: '2999-01-01T00:00:00Z' }, 'worker')).toBe('visitedAt');
      const rate = await svc().call(HouseholdVisitRate, { level: 'building_cluster', from: month, to: month }, 'commander');
      expect(rate.grids.find((g) => g.gridId === gridA)).toMatchObject({ households: 4, visited: 2, rate: 50 });
      expect((await outbox()).filter((e) => e.type === 'social.visit.recorded')).toHaveLength(3);
      await pagesThrough(ListHouseholdVisits, {}, 'worker');
      await pagesThrough(ListHouseholdVisits, { gridPath: G3 }, 'commander');
    });

    it('finds which of the ten types lie within 15 minutes and maps the grids with gaps', async () => {
      // every type 200 m west of A; a clinic and a shop between A and B; nothing near C
      for (const type of SERVICE_POINT_TYPES) await svc().call(CreateServicePoint, { name: `${type}点`, type, location: { lng: 118.768, lat: 32.11 }, gridPath: G3 }, 'social');
      await svc().call(CreateServicePoint, { name: '社区卫生服务站', type: 'clinic', location: { lng: 118.775, lat: 32.11 } }, 'social');
      await svc().call(CreateServicePoint, { name: '便利店', type: 'grocery', location: { lng: 118.776, lat: 32.11 } }, 'social');

      expect(await svc().call(CircleAt, { gridId: gridA }, 'worker')).toMatchObject({ radiusM: 1080, covered: 10, missing: [] });
      const point = await svc().call(CircleAt, { lng: 118.78, lat: 32.11, minutes: 15 }, 'worker');
      expect(point.missing.length).toBeGreaterThan(0);
      expect(point.types.find((t) => t.type === 'clinic')!.covered).toBe(true);

      const gaps = await svc().call(CircleGaps, { level: 'building_cluster' }, 'commander');
      expect(gaps.type).toBe('FeatureCollection');
      const gridIds = gaps.features.map((f) => f.properties.gridId);
      expect(gridIds).toEqual(expect.arrayContaining([gridB, gridC]));
      expect(gridIds).not.toContain(gridA);
      const c = gaps.features.find((f) => f.properties.gridId === gridC)!;
      expect(c.properties.missing).toHaveLength(10);
      expect(c.geometry).toEqual({ type: 'Point', coordinates: [118.82, 32.11] });
      expect(gaps.summary).toMatchObject({ grids: 3, fullyCovered: 1, withGaps: 2 });
      // a slower walk (0.5 m/s → 450 m) leaves B without the clinic
      const slow = await svc().call(CircleAt, { gridId: gridB, speedMps: 0.5 }, 'commander');
      expect(slow.radiusM).toBe(450);
      expect(slow.missing).toContain('pharmacy');
      expect(await svc().invalidField(CircleAt, {}, 'commander')).toBe('gridId');
    });

    it("lists service points within the narrower of the reader's scope and the asked grid, public places to all, paged by keyset cursor", async () => {
      const far = await svc().call(CreateServicePoint, { name: '三号楼群助餐点', type: 'canteen', location: { lng: 118.82, lat: 32.11 }, gridPath: G3C }, 'social');
      const listed = async (req: { gridPath?: string }, as: TestActorName) => ids(await svc().call(ListServicePoints, { ...req, limit: 200 }, as));
      expect(await listed({ gridPath: G3C }, 'commander')).toContain(far.id);
      expect((await svc().refusal(GetServicePoint, { id: far.id }, 'worker')).code).toBe(SocialErrorCode.ServicePointNotFound);
      // the worker's scope is G3: asking for G3C (outside it) listed G3C's points before, now only the public places
      const outside = await listed({ gridPath: G3C }, 'worker');
      expect(outside).not.toContain(far.id);
      expect(outside.sort()).toEqual((await svc().ds.query(`SELECT id FROM social.service_points WHERE grid_path IS NULL`)).map((r: { id: string }) => r.id).sort());
      expect(await listed({}, 'worker')).not.toContain(far.id);
      await pagesThrough(ListServicePoints, {}, 'worker');
      await pagesThrough(ListServicePoints, { gridPath: TEST_STREET }, 'commander');
    });
  });
});
