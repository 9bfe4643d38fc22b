import { createHmac } from 'node:crypto';
import { EscalationEnv } from './escalation.env';
import { EscalationService, signEscalation } from './escalation.service';

describe(EscalationService.name, () => {
  it('signs timestamp.body with HMAC-SHA256', () => {
    const body = '{"id":"e1"}';
    expect(signEscalation('s3cret', '1700000000', body)).toBe(`sha256=${createHmac('sha256', 's3cret').update(`1700000000.${body}`).digest('hex')}`);
  });

  it('backs off exponentially with bounded jitter, capped at an hour', () => {
    const env = Object.assign(new EscalationEnv(), { ESCALATION_WEBHOOK_BACKOFF_MS: 1000 });
    const sut = new EscalationService(env, {} as never, {} as never);
    for (const [attempt, base] of [[1, 1000], [2, 2000], [5, 16000]]) {
      const d = sut.backoff(attempt);
      expect(d).toBeGreaterThanOrEqual(base * 0.8);
      expect(d).toBeLessThanOrEqual(base * 1.2);
    }
    expect(sut.backoff(30)).toBeLessThanOrEqual(3_600_000 * 1.2);
  });
});
