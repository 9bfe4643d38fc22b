import { anchorOf, periodRange } from './hub.service';

describe('HubService helpers', () => {
  describe(periodRange.name, () => {
    it('gives local (UTC+8) days, Monday weeks and calendar months as [from, to)', () => {
      // 2026-11-22 is a Sunday; 01:00 local is still the 21st in UTC.
      const now = new Date('2026-11-21T17:00:00Z');
      expect(periodRange('today', now)).toEqual({ from: '2026-11-21T16:00:00.000Z', to: '2026-11-22T16:00:00.000Z' });
      expect(periodRange('week', now)).toEqual({ from: '2026-11-15T16:00:00.000Z', to: '2026-11-22T16:00:00.000Z' });
      expect(periodRange('month', now)).toEqual({ from: '2026-10-31T16:00:00.000Z', to: '2026-11-30T16:00:00.000Z' });
    });
  });

  describe(anchorOf.name, () => {
    const now = new Date('2026-12-06T22:20:00Z'); // 06:20 on 7 December in the street
    it('anchors a past or current street day at its start, so the period is the one holding it', () => {
      expect(anchorOf(undefined, now)).toBe(now);
      expect(periodRange('month', anchorOf('2026-11-30', now))).toEqual({ from: '2026-10-31T16:00:00.000Z', to: '2026-11-30T16:00:00.000Z' });
      expect(periodRange('today', anchorOf('2026-12-07', now))).toEqual({ from: '2026-12-06T16:00:00.000Z', to: '2026-12-07T16:00:00.000Z' });
    });
    it('refuses a day not in the calendar or not yet begun, naming date', () => {
      for (const bad of ['2026-02-30', '2026-12-08']) {
        expect(() => anchorOf(bad, now)).toThrow(expect.objectContaining({ details: expect.objectContaining({ fields: [expect.objectContaining({ field: 'date' })] }) }));
      }
    });
  });
});
