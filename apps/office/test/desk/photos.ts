import { createHash } from 'node:crypto';
import { OfficeErrorCode, PHOTO_BUCKET } from '@grid122/contracts';
import { ServiceTest } from '@grid122/testing';
import { deskOf, fieldOf, pointIn, scope, statusOf } from '../support/desk';

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');

/**
 * 处置前后对比 (issue 23, item 7) through the office's contracts, as the demo street's accounts:
 * photos at handling and at verification kept apart from the report's, each round in the history.
 * Photos are stored as the gateway's upload stores them (the JetStream Object Store, by sha256);
 * the upload and download routes are the gateway's desk/photos spec.
 */
export const photosCases = (svc: () => ServiceTest) => describe('office: photos before and after (处置前后对比)', () => {
  const desk = deskOf(svc);
  let photos = 0;
  /** A distinct small PNG in the photo bucket, named by its sha256. */
  const photo = async () => {
    const bytes = Buffer.concat([PNG, Buffer.from(`office-desk-${(photos += 1)}`)]);
    const name = createHash('sha256').update(bytes).digest('hex');
    await (await svc().nats.jetstream().views.os(PHOTO_BUCKET)).putBlob({ name }, new Uint8Array(bytes));
    return name;
  };

  it('keeps the report, handling and verification photos apart, each round in the history', async () => {
    const before = await photo();
    const incident = await desk.report('worker', { source: 'grid_patrol', title: '水表井低洼', keyArea: 'other', category: 'low_water_meter_well', location: pointIn(scope.gridWorker.path), photos: [before] });
    expect(incident.gridPath).toBe(scope.gridWorker.path);
    await desk.act(incident.id, 'register', 'commander');
    await desk.act(incident.id, 'dispatch', 'commander', { unit: 'enforcement' });
    await desk.act(incident.id, 'accept', 'enforcement');
    const firstAfter = await photo();
    await desk.act(incident.id, 'handle', 'enforcement', { result: '已清理一半', photos: [firstAfter] });
    await desk.act(incident.id, 'rework', 'worker', { reason: '仍有杂物' });
    const after = await photo();
    const handled = await desk.act(incident.id, 'handle', 'enforcement', { result: '杂物已全部清运', photos: [after] });
    expect(handled).toMatchObject({ photos: [before], resultPhotos: [after], verificationPhotos: [] });

    // A verification photo must have been stored: nothing changes otherwise.
    const missing = await desk.refused(incident.id, 'verify', 'worker', { photos: ['0'.repeat(64)] });
    expect([missing.code, statusOf(missing), fieldOf(missing)]).toEqual([OfficeErrorCode.PhotoNotFound, 422, 'photos']);
    expect((await desk.get(incident.id)).state).toBe('handled');
    const checked = await photo();
    await desk.act(incident.id, 'verify', 'worker', { photos: [checked], note: '现场已清理干净' });

    const view = await desk.get(incident.id);
    expect(view).toMatchObject({ state: 'verified', photos: [before], resultPhotos: [after], verificationPhotos: [checked] });
    expect(view.history!.filter((h) => h.photos).map((h) => [h.action, h.photos])).toEqual([
      ['handle', [firstAfter]],
      ['handle', [after]],
      ['verify', [checked]],
    ]);
    // The unit sees the comparison too.
    expect((await desk.get(incident.id, 'enforcement')).verificationPhotos).toEqual([checked]);
  });
});
