import { randomUUID } from 'node:crypto';
import { binaryBody, startSuite, STREET, Suite } from './support/suite';

const LIAISON_DEPT = '7b0c4a52-6f0e-5d43-9a51-3e7c1d2b9f10';
const GRID = `${STREET}.c01.g2_03.g3_02`;
const TWO = [{ name: '王强', badgeNo: '32010601' }, { name: '李明', badgeNo: '32010602' }];
// the smallest valid PNG header + some bytes: recognised by its magic number
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('IHDR evidence photo 1')]);

/**
 * The enforcement routes as the gateway serves them: role gates, the path parameters each route
 * puts into its request (caseId, noticeId, operationId, targetId, a category's code), the service's
 * codes as HTTP statuses (409, 415, 422, 403, 400 naming the field) and the two downloads (an
 * evidence file with its media type, the XLSX ledger). The service's own behaviour is tested in
 * apps/enforcement/test/enforcement.e2e-spec.ts.
 */
describe('enforcement routes (gateway)', () => {
  let suite: Suite;
  let team: string;
  let commander: string;
  const as = (token: string) => ({ authorization: `Bearer ${token}` });
  const post = (token: string, url: string, body: object) => suite.http().post(url).set(as(token)).send(body);

  beforeAll(async () => {
    suite = await startSuite({ services: ['enforcement'] });
    team = await suite.token('enforcement');
    commander = await suite.token('commander');
  });
  afterAll(() => suite?.stop());

  const openCase = (body: Record<string, unknown> = {}) =>
    post(team, '/api/v1/enforcement/cases', { title: '农贸市场东侧无证熟食加工点', category: 'black_workshop', description: '巡查发现一处无证熟食加工作坊', gridPath: GRID, location: { lng: 118.7712, lat: 32.1101 }, ...body });

  it('takes a case through its :id routes, answering the service codes as statuses and the evidence as its file', async () => {
    expect((await suite.http().get('/api/v1/enforcement/categories').set(as(team)).expect(200)).body.items).toHaveLength(13);
    const id = (await openCase().expect(201)).body.id;
    const early = await post(team, `/api/v1/enforcement/cases/${id}/close`, { note: '结案' }).expect(409);
    expect(early.body.code).toBe('ILLEGAL_TRANSITION');
    const ev = await post(team, `/api/v1/enforcement/cases/${id}/evidence`, { contentBase64: PNG.toString('base64'), caption: '现场照片' }).expect(201);
    const exe = await post(team, `/api/v1/enforcement/cases/${id}/evidence`, { contentBase64: Buffer.from('MZ\x90\x00 not a photo').toString('base64') }).expect(415);
    expect(exe.body.code).toBe('ENFORCEMENT_EVIDENCE_TYPE_NOT_ALLOWED');
    const file = await suite.http().get(`/api/v1/enforcement/cases/${id}/evidence/${ev.body.sha256}`).set(as(team)).expect(200);
    expect(file.headers['content-type']).toBe('image/png');
    expect(file.headers.etag).toBe(`"${ev.body.sha256}"`);

    const one = await post(team, `/api/v1/enforcement/cases/${id}/inspections`, { officers: [{ name: '王强' }], finding: 'confirmed', notes: '现场核实' }).expect(422);
    expect(one.body.code).toBe('ENFORCEMENT_TWO_OFFICERS_REQUIRED');
    await post(team, `/api/v1/enforcement/cases/${id}/inspections`, { officers: TWO, finding: 'confirmed', notes: '现场核实无营业执照' }).expect(201);
    const n = (await post(team, `/api/v1/enforcement/cases/${id}/notices`, { officers: TWO, requirements: '7日内停止生产' }).expect(201)).body.notices[0];
    expect((await post(team, `/api/v1/enforcement/notices/${n.id}/reinspections`, { officers: TWO, result: 'complied', notes: '已停产' }).expect(201)).body.state).toBe('complied');
    expect((await post(team, `/api/v1/enforcement/cases/${id}/close`, { note: '整改到位，结案' }).expect(200)).body.state).toBe('closed');
    expect((await suite.http().get(`/api/v1/enforcement/cases/${id}/log`).set(as(team)).expect(200)).body.entries).toHaveLength(6);
    // the auditor may verify the log (and nothing else here)
    expect((await suite.http().get(`/api/v1/enforcement/cases/${id}/log/verify`).set(as(await suite.token('auditor'))).expect(200)).body.ok).toBe(true);
    expect((await suite.http().get('/api/v1/enforcement/notices?overdue=true').set(as(commander)).expect(200)).body.items).toEqual([]);
  });

  it('gates roles at the edge and answers validation, scope and a missing grid path as 400, 403 and 422', async () => {
    const missing = await openCase({ gridPath: undefined }).expect(422);
    expect(missing.body.code).toBe('ENFORCEMENT_GRID_PATH_REQUIRED');
    expect(missing.body.details.field).toBe('gridPath');
    await openCase({ gridPath: 'nj.gulou.nhj.c01' }).expect(403);
    const bad = await openCase({ category: 'speeding' }).expect(400);
    expect(bad.body.details.fields[0].field).toBe('category');
    // a grid worker has no business here; only the commander configures a category
    await suite.http().get('/api/v1/enforcement/cases').set(as(await suite.token('worker'))).expect(403);
    await suite.http().put('/api/v1/enforcement/categories/illegal_construction').set(as(team)).send({ complyDays: 3 }).expect(403);
    const put = await suite.http().put('/api/v1/enforcement/categories/illegal_construction').set(as(commander)).send({ departments: [{ code: 'urban_management', name: '城管局', departmentId: LIAISON_DEPT }] }).expect(200);
    expect(put.body.code).toBe('illegal_construction');
  });

  it('runs a joint operation through its routes: acknowledgement by the liaison, results per target', async () => {
    const op = (
      await post(commander, '/api/v1/enforcement/operations', {
        name: '违法建设拆除集中行动',
        leadUnit: '综合执法队',
        gridPath: STREET,
        // already started: a result may be recorded at once (when an operation starts is the service's rule, tested there)
        startsAt: new Date(Date.now() - 60_000).toISOString(),
        endsAt: new Date(Date.now() + 8 * 3_600_000).toISOString(),
        departments: [{ departmentId: LIAISON_DEPT, code: 'urban_management', name: '城管局', people: [{ name: '赵刚' }] }],
        targets: [{ placeName: '宝塔桥农贸市场', address: '宝塔桥路1号', gridPath: `${STREET}.c02` }],
      }).expect(201)
    ).body;
    const ack = await post(await suite.token('liaison'), `/api/v1/enforcement/operations/${op.id}/acknowledgements`, {}).expect(200);
    expect(ack.body.departments[0].acknowledgedAt).not.toBeNull();
    const stranger = await post(commander, `/api/v1/enforcement/operations/${op.id}/acknowledgements`, { departmentId: randomUUID() }).expect(403);
    expect(stranger.body.code).toBe('ENFORCEMENT_NOT_A_PARTICIPANT');
    expect((await suite.http().get(`/api/v1/enforcement/operations/${op.id}`).set(as(commander)).expect(200)).body.id).toBe(op.id);
    const done = await post(team, `/api/v1/enforcement/operations/${op.id}/targets/${op.targets[0].id}/result`, { officers: TWO, inspected: true, violationFound: false }).expect(200);
    expect(done.body.rollup).toMatchObject({ targets: 1, placesInspected: 1 });
  });

  it('sends the case ledger as an XLSX download', async () => {
    const res = await suite
      .http()
      .get('/api/v1/enforcement/cases/export.xlsx')
      .set(as(commander))
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain('enforcement-cases.xlsx');
    expect((res.body as Buffer).subarray(0, 2).toString()).toBe('PK');
  });
});
