import { Actor, KeyArea, ReportIncident, Role } from '@grid122/contracts';
import { createValidationPipe } from '@grid122/messaging';
import { instanceToPlain } from 'class-transformer';
import { open311Report, Open311Query } from './open311.params';

/**
 * An Open311 POST goes to the intake without a second validation (#27 item 3): whatever parameters
 * pass the spec's own checks, the report built from them is one the intake's contract accepts as it
 * is — checked here with the office's validation pipe over edge cases and random parameters.
 */
describe('open311Report: the intake request of an Open311 POST is within the contract by construction', () => {
  const platform: Actor = { id: '7d4b1a52-3f0e-4c1e-9a55-2f7b8c9d0e1f', username: 'district-12345', role: Role.Platform, scope: 'nj.gulou.btq' };
  const service = { code: 'exposed_rubbish', name: '暴露垃圾', keyArea: KeyArea.Other };
  const pipe = createValidationPipe();
  /** The contract's verdict on the built report sent as JSON (what a second validation would say). */
  const check = async (params: Open311Query, key?: string) => {
    const report = open311Report(platform, service, params, key);
    expect(report).toBeInstanceOf(ReportIncident.Request);
    const wire = JSON.parse(JSON.stringify(instanceToPlain(report)));
    await expect(pipe.transform(wire, { type: 'body', metatype: ReportIncident.Request })).resolves.toBeInstanceOf(ReportIncident.Request);
    return report;
  };

  it('at the edges: long keys, texts, names and references, odd phones, bounds of the point, an address only', async () => {
    // A 200-character Idempotency-Key (the wire's limit): the reference is cut so sourceRef stays within 100 (a 64-character key used to be refused).
    const long = await check({ service_code: 'exposed_rubbish', lat: '90', long: '-180', description: 'x'.repeat(4000) }, 'k'.repeat(200));
    expect(long.sourceRef!.length).toBeLessThanOrEqual(100);
    expect(long.title).toHaveLength(60);
    await check({ service_code: 'exposed_rubbish', lat: '-90', long: '180', first_name: '王'.repeat(60), last_name: '某', phone: '+86 139-1234-5678' });
    await check({ service_code: 'exposed_rubbish', address_id: 'a'.repeat(400), phone: 'call me', first_name: ' ', device_id: 'd'.repeat(80) });
    await check({ service_code: 'exposed_rubbish', address_string: '  宝塔桥西街1号  ', description: '\n第二行', 'attribute[fixmystreet_id]': '9'.repeat(90) });
    await check({ service_code: 'exposed_rubbish', lat: '32.1', long: '118.7', description: 'x', first_name: 'A' });
    await check({ service_code: 'exposed_rubbish', lat: '32.1', long: '118.7' }, ' padded-key ');
  });

  it('for random parameters (500)', async () => {
    let seed = 27;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const text = (max: number) => Array.from({ length: Math.floor(rnd() * max) }, () => ' \n\rab王12-+:'[Math.floor(rnd() * 12)]).join('');
    const maybe = (v: () => string) => (rnd() < 0.5 ? v() : undefined);
    for (let i = 0; i < 500; i++) {
      const point = rnd() < 0.7;
      const params: Open311Query = {
        service_code: 'exposed_rubbish',
        lat: point ? String(rnd() * 180 - 90) : undefined,
        long: point ? String(rnd() * 360 - 180) : undefined,
        address_string: point ? maybe(() => text(500)) : `${text(500)}路`,
        address_id: maybe(() => text(500)),
        description: maybe(() => text(4500)),
        first_name: maybe(() => text(80)),
        last_name: maybe(() => text(80)),
        phone: maybe(() => text(30)),
        device_id: maybe(() => text(120)),
        'attribute[fixmystreet_id]': maybe(() => text(120)),
      };
      const key = maybe(() => text(200).replace(/\s/g, '') || 'k');
      let built = true;
      try {
        open311Report(platform, service, params, key);
      } catch {
        built = false; // refused in the spec's words (a description over 4000): nothing reaches the intake
      }
      if (built) await check(params, key);
    }
  });
});
