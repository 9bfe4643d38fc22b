import { communityPathOf, formatIncidentCode, streetPathOf } from './incident-code';

describe('incident code', () => {
  it('prefixes the street, the local day and a 4-digit sequence', () => {
    expect(formatIncidentCode('nj.gulou.btq', '2026-11-22', 7)).toBe('BTQ-20261122-0007');
    expect(formatIncidentCode('nj.gulou.btq', '2026-11-22', 12345)).toBe('BTQ-20261122-12345');
  });
  it('refuses a bad sequence or date', () => {
    expect(() => formatIncidentCode('nj.gulou.btq', '2026-11-22', 0)).toThrow(RangeError);
    expect(() => formatIncidentCode('nj.gulou.btq', '20261122', 1)).toThrow(RangeError);
  });
  it('finds the street and community of a grid path', () => {
    expect(streetPathOf('nj.gulou.btq.c01.g2_03.g3_11', 3)).toBe('nj.gulou.btq');
    expect(streetPathOf('nj.gulou', 3)).toBe('nj.gulou');
    expect(communityPathOf('nj.gulou.btq.c01.g2_03.g3_11', 3)).toBe('nj.gulou.btq.c01');
    expect(communityPathOf('nj.gulou.btq', 3)).toBeNull();
  });
});
