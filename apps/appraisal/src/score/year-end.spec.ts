import { tierFalls, yearEndRating } from './year-end';

const months = (tiers: number[], total = 95) => tiers.map((tier, i) => ({ month: `2025-${String(i + 1).padStart(2, '0')}`, total, tier }));

describe('year-end rules', () => {
  it('counts falls to a lower tier month over month', () => {
    expect(tierFalls(months([1, 2, 1, 2, 3, 3, 1]))).toBe(3);
    expect(tierFalls(months([3, 2, 1, 1]))).toBe(0);
  });

  it('excellent with a high average and at most two falls', () => {
    expect(yearEndRating(months([1, 2, 1, 2, 1]), 0, 90).rating).toBe('excellent');
  });

  it('three falls: not eligible for excellent, the bonus is cut', () => {
    const sut = yearEndRating(months([1, 2, 1, 2, 1, 2]), 0, 90);
    expect(sut.eligible).toBe(false);
    expect(sut.rating).toBe('competent');
    expect(sut.reasons[0].en).toMatch(/3 falls/);
  });

  it('one verified complaint: not eligible for excellent', () => {
    const sut = yearEndRating(months([1, 1, 1]), 1, 90);
    expect(sut.eligible).toBe(false);
    expect(sut.rating).toBe('competent');
  });

  it('rates low averages below competent', () => {
    expect(yearEndRating(months([5, 5], 65), 0, 90).rating).toBe('basically_competent');
    expect(yearEndRating(months([5, 5], 40), 0, 90).rating).toBe('not_competent');
  });
});
