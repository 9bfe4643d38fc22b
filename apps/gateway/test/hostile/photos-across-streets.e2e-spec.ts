import { startSuite, Suite } from '../support/suite';
import { maySeePhoto } from '@grid122/messaging';

/**
 * Hostile network, photos: a photo is stored once by its sha256, but the hash is not a key.
 * Another street's commander who learns a hash (from an event, a log, a shared link) gets 404, as
 * for a photo that does not exist; the uploading street's command and the district see it.
 */
jest.setTimeout(120_000);

// 1×1 PNG
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');

describe('hostile network: photos across streets', () => {
  let suite: Suite;
  const bearer = async (u: string) => ({ authorization: `Bearer ${await suite.token(u)}` });

  beforeAll(async () => {
    suite = await startSuite({ services: ['office'], env: { OFFICE_SWEEP_INTERVAL_MS: '0' } });
  });
  afterAll(async () => suite?.stop());

  it('refuses another street the photo by its hash, and serves the street and the district', async () => {
    const up = await suite.http().post('/api/v1/photos').set(await bearer('worker')).set('content-type', 'image/png').send(PNG).expect(201);
    const get = async (who: string) => (await suite.http().get(`/api/v1/photos/${up.body.sha256}`).set(await bearer(who))).status;
    expect(await get('other-commander')).toBe(404);
    expect(await get('commander')).toBe(200);
    expect(await get('district')).toBe(200);
    expect(await get('worker')).toBe(200);
  });

  it('decides by the line of scopes (unit rule)', () => {
    expect(maySeePhoto('nj.gulou.nhj', ['nj.gulou.btq.c01'])).toBe(false);
    expect(maySeePhoto('nj.gulou.btq', ['nj.gulou.btq.c01'])).toBe(true);
    expect(maySeePhoto('nj.gulou.btq.c01.g1', ['nj.gulou.btq'])).toBe(true);
    expect(maySeePhoto('nj.gulou.btq', [])).toBe(false);
    expect(maySeePhoto('', [])).toBe(true);
  });
});
