import { Desk, scope, startDesk } from './desk-support';

/** 处置前后对比 (issue 23, item 7): photos at handling and at verification, beside the report's. */
describe('desk: photos before and after (处置前后对比)', () => {
  let desk: Desk;
  beforeAll(async () => {
    desk = await startDesk();
  }, 240_000);
  afterAll(() => desk?.suite.stop());

  it('keeps the report, handling and verification photos apart, each round in the history', async () => {
    const before = await desk.photo('worker');
    const incident = await desk.report('worker', {
      source: 'grid_patrol',
      title: '楼道堆放杂物',
      keyArea: 'other',
      category: 'exposed_rubbish',
      location: desk.pointIn(scope.gridWorker.path),
      photos: [before],
    });
    expect(incident.gridPath).toBe(scope.gridWorker.path);
    await desk.act(incident.id, 'register', 'commander');
    await desk.act(incident.id, 'dispatch', 'commander', { unit: 'enforcement' });
    await desk.act(incident.id, 'accept', 'enforcement');
    const firstAfter = await desk.photo('enforcement');
    await desk.act(incident.id, 'handle', 'enforcement', { result: '已清理一半', photos: [firstAfter] });
    await desk.act(incident.id, 'rework', 'worker', { reason: '仍有杂物' });
    const after = await desk.photo('enforcement');
    const handled = await desk.act(incident.id, 'handle', 'enforcement', { result: '杂物已全部清运', photos: [after] });
    expect(handled).toMatchObject({ photos: [before], resultPhotos: [after], verificationPhotos: [] });

    // A verification photo must have been uploaded: nothing changes otherwise.
    const missing = await desk.act(incident.id, 'verify', 'worker', { photos: ['0'.repeat(64)] }, 422);
    expect(missing).toMatchObject({ code: 'OFFICE_PHOTO_NOT_FOUND', details: { field: 'photos' } });
    const checked = await desk.photo('worker');
    await desk.act(incident.id, 'verify', 'worker', { photos: [checked], note: '现场已清理干净' });

    const res = await desk.suite.http().get(`/api/v1/incidents/${incident.id}`).set(await desk.login('commander')).expect(200);
    expect(res.body).toMatchObject({ state: 'verified', photos: [before], resultPhotos: [after], verificationPhotos: [checked] });
    const withPhotos = res.body.history.filter((h: { photos?: string[] }) => h.photos).map((h: { action: string; photos: string[] }) => [h.action, h.photos]);
    expect(withPhotos).toEqual([
      ['handle', [firstAfter]],
      ['handle', [after]],
      ['verify', [checked]],
    ]);
    // The unit sees the comparison too, and every photo is served back.
    const unitView = await desk.suite.http().get(`/api/v1/incidents/${incident.id}`).set(await desk.login('enforcement')).expect(200);
    expect(unitView.body.verificationPhotos).toEqual([checked]);
    await desk.suite.http().get(`/api/v1/photos/${checked}`).set(await desk.login('enforcement')).expect(200);
  });
});
