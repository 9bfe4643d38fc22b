import { randomBytes } from 'node:crypto';
import { EVENT_STREAM, PHOTO_BUCKET } from '@grid122/contracts';
import { TestEnv } from '@grid122/testing';
import { NatsConnection } from 'nats';
import { ensureEventStream, ensurePhotoBucket, isStoreFull, PHOTO_BUCKET_STREAM } from '../src/jetstream';

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
});
