import { rowIso } from './row-time';

describe(rowIso.name, () => {
  it('writes a Date or a timestamp text as ISO 8601 in UTC', () => {
    expect(rowIso(new Date(Date.UTC(2026, 11, 7, 16, 0, 0)))).toBe('2026-12-07T16:00:00.000Z');
    expect(rowIso('2026-12-08 00:00:00+08')).toBe('2026-12-07T16:00:00.000Z');
  });

  it('answers null for a NULL column', () => {
    expect(rowIso(null)).toBeNull();
    expect(rowIso(undefined)).toBeNull();
  });
});
