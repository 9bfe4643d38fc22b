import { RateLimiter } from './open311.rate-limit';
import { render, renderErrors } from './open311.format';

describe(RateLimiter.name, () => {
  it('allows a burst, then refills at the rate, per client', () => {
    const sut = new RateLimiter(60, 3);
    const t = 1_000_000;
    expect([1, 2, 3].map(() => sut.take('k', t).ok)).toEqual([true, true, true]);
    expect(sut.take('k', t)).toEqual({ ok: false, retryAfterSeconds: 1 });
    expect(sut.take('other', t).ok).toBe(true);
    expect(sut.take('k', t + 1000).ok).toBe(true);
  });
});

describe('Open311 documents', () => {
  it('wraps lists for XML and leaves JSON as the array', () => {
    expect(render('json', 'services', 'service', [{ service_code: 'a' }]).body).toBe('[{"service_code":"a"}]');
    const x = render('xml', 'services', 'service', [{ service_code: 'a&b', metadata: false, description: null }]);
    expect(x.contentType).toMatch(/text\/xml/);
    expect(x.body).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>/);
    expect(x.body).toContain('<service_code>a&amp;b</service_code>');
    expect(x.body).toContain('<metadata>false</metadata>');
    expect(renderErrors('xml', [{ code: 403, description: 'no' }]).body).toMatch(/<errors>\s*<error>\s*<code>403<\/code>\s*<description>no<\/description>/);
  });
});
