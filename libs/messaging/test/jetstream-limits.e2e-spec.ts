import { randomBytes } from 'node:crypto';
import { CommonErrorCode, EVENT_STREAM, PHOTO_BUCKET } from '@grid122/contracts';
import { TestEnv } from '@grid122/testing';
import { NatsConnection } from 'nats';
import { ensureEventStream, ensurePhotoBucket, isStoreFull, PHOTO_BUCKET_STREAM } from '../src/jetstream';
import { PhotoBucket } from '../src/photo-bucket';

/**
 * Streams and the photo bucket declared with replicas and size limits and reconciled at start
 * (#22 item 6): a changed limit is applied to the existing stream/bucket; a full bucket refuses a
 * new photo (the gateway's 413) and keeps the old ones. Real nats-server.
 */
describe('JetStream limits from configuration, reconciled at start', () => {
  let env: TestEnv;
  let nc: NatsConnection;

  beforeAll(async () => {
    env = await TestEnv.start();
    nc = await env.connectNats();
  });
  afterAll(async () => {
    await nc?.drain();
    await env?.stop();
  });

  it('declares the event stream’s size limit and changes it on an existing stream', async () => {
    await ensureEventStream(nc, { replicas: 1, maxBytes: 64 * 1024 * 1024 });
    const jsm = await nc.jetstreamManager();
    expect((await jsm.streams.info(EVENT_STREAM)).config).toMatchObject({ num_replicas: 1, max_bytes: 64 * 1024 * 1024 });
    await ensureEventStream(nc, { replicas: 1, maxBytes: 0 });
    expect((await jsm.streams.info(EVENT_STREAM)).config.max_bytes).toBe(-1);
  });

  it('creates the photo bucket with its replicas and limit, reconciles a new limit, and a full bucket refuses new photos but keeps the old', async () => {
    await ensurePhotoBucket(nc, { replicas: 1, maxBytes: 4 * 1024 * 1024 });
    const jsm = await nc.jetstreamManager();
    expect((await jsm.streams.info(PHOTO_BUCKET_STREAM)).config).toMatchObject({ num_replicas: 1, max_bytes: 4 * 1024 * 1024, storage: 'file' });
    // a restart with a smaller declaration shrinks it
    await ensurePhotoBucket(nc, { replicas: 1, maxBytes: 1024 * 1024 });
    expect((await jsm.streams.info(PHOTO_BUCKET_STREAM)).config.max_bytes).toBe(1024 * 1024);

    const os = await nc.jetstream().views.os(PHOTO_BUCKET);
    const first = randomBytes(600 * 1024);
    await os.putBlob({ name: 'first' }, new Uint8Array(first));
    let refused: unknown;
    try {
      await os.putBlob({ name: 'second' }, new Uint8Array(randomBytes(600 * 1024)));
    } catch (e) {
      refused = e;
    }
    expect(refused).toBeDefined();
    expect(isStoreFull(refused)).toBe(true);
    expect(Buffer.from((await os.getBlob('first'))!)).toEqual(first);
  });

  it('PhotoBucket: a photo stored once by content with each uploader\'s scope, read in their line only; not an image 415; a full bucket 413 naming photo', async () => {
    await ensurePhotoBucket(nc, { replicas: 1, maxBytes: 2 * 1024 * 1024 });
    const photos = new PhotoBucket({ get: () => nc });
    const jpeg = (n: number) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), randomBytes(n)]);
    const photo = jpeg(1000);
    const a = await photos.put(photo, 'nj.gulou.btq.c01');
    expect(a).toMatchObject({ contentType: 'image/jpeg', size: 1003, sha256: expect.stringMatching(/^[a-f0-9]{64}$/) });
    expect(await photos.put(photo, 'nj.gulou.nhj')).toEqual(a);
    expect(await photos.read(a.sha256, 'nj.gulou.btq')).toEqual(photo);
    expect(await photos.read(a.sha256, 'nj.gulou.nhj.c02')).toEqual(photo);
    await expect(photos.read(a.sha256, 'nj.gulou.xyz')).rejects.toMatchObject({ code: CommonErrorCode.NotFound });
    await expect(photos.put(Buffer.from('GIF89a not accepted'), 'nj.gulou.btq')).rejects.toMatchObject({ code: CommonErrorCode.UnsupportedMediaType });
    await expect(photos.put(jpeg(1536 * 1024), 'nj.gulou.btq')).rejects.toMatchObject({ code: CommonErrorCode.PayloadTooLarge, details: { field: 'photo', reason: 'bucket_full' } });
    expect(await photos.read(a.sha256, 'nj.gulou.btq.c01')).toEqual(photo);
  });
});
