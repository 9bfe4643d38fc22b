import { RateLimiter } from './rate-limiter';

describe(RateLimiter.name, () => {
  let t = 0;
  const clock = () => t;

  beforeEach(() => (t = 1_000_000));

  it('allows up to the limit per window, then refuses with the seconds left', () => {
    const sut = new RateLimiter(3, 60_000, 100, clock);
    expect([1, 2, 3].map(() => sut.hit('a').allowed)).toEqual([true, true, true]);
    t += 15_000;
    expect(sut.hit('a')).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 45 });
    expect(sut.hit('b').allowed).toBe(true);
  });

  it('opens a new window once the old one has passed', () => {
    const sut = new RateLimiter(1, 1000, 100, clock);
    sut.hit('a');
    expect(sut.blocked('a').blocked).toBe(true);
    t += 1000;
    expect(sut.blocked('a').blocked).toBe(false);
    expect(sut.hit('a').allowed).toBe(true);
  });

  it('stays bounded under a flood of distinct keys', () => {
    const sut = new RateLimiter(5, 60_000, 100, clock);
    for (let i = 0; i < 1000; i += 1) sut.hit(`k${i}`);
    expect(sut.size).toBeLessThanOrEqual(100);
  });
});
