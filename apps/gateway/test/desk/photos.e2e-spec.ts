import { Desk, scope, startDesk } from './desk-support';

/**
 * 处置前后对比's routes (issue 23, item 7) through the gateway with the demo street's accounts: photos
 * uploaded at their route, named in the report's and the actions' bodies, an unknown photo as 422
 * naming the field, the comparison read by the unit and every photo served back. The office's rule
 * (the rounds kept apart, each in the history) is tested in its folder: apps/office/test/desk/photos.ts.
 */
describe('desk: photos before and after (处置前后对比), the routes', () => {
  let desk: Desk;
  beforeAll(async () => {
    desk = await startDesk();
  }, 240_000);
  afterAll(() => desk?.suite.stop());

  it('uploads, names and serves the photos of each round', async () => {
    const before = await desk.photo('worker');
    const incident = await desk.report('worker', { source: 'grid_patrol', title: '楼道堆放杂物', keyArea: 'other', category: 'exposed_rubbish', location: desk.pointIn(scope.gridWorker.path), photos: [before] });
    for (const [action, who, body] of [['register', 'commander'], ['dispatch', 'commander', { unit: 'enforcement' }], ['accept', 'enforcement']] as [string, string, Record<string, unknown>?][]) await desk.act(incident.id, action, who, body);
    const after = await desk.photo('enforcement');
    expect(await desk.act(incident.id, 'handle', 'enforcement', { result: '杂物已全部清运', photos: [after] })).toMatchObject({ photos: [before], resultPhotos: [after] });

    const missing = await desk.act(incident.id, 'verify', 'worker', { photos: ['0'.repeat(64)] }, 422);
    expect(missing).toMatchObject({ code: 'OFFICE_PHOTO_NOT_FOUND', details: { field: 'photos' } });
    const checked = await desk.photo('worker');
    await desk.act(incident.id, 'verify', 'worker', { photos: [checked], note: '现场已清理干净' });

    const unitView = await desk.suite.http().get(`/api/v1/incidents/${incident.id}`).set(await desk.login('enforcement')).expect(200);
    expect(unitView.body).toMatchObject({ state: 'verified', photos: [before], resultPhotos: [after], verificationPhotos: [checked] });
    const served = await desk.suite.http().get(`/api/v1/photos/${checked}`).set(await desk.login('enforcement')).expect(200);
    expect(served.headers['content-type']).toContain('image/png');
  });
});
