import fc from 'fast-check';
import { splitRange } from './stats.repository';

// A universe of days wide enough for unbounded ends to matter: 2019-01-01 … 2027-12-31.
const FIRST = Date.UTC(2019, 0, 1);
const DAYS = 9 * 366;
const dayOf = (i: number) => new Date(FIRST + i * 86_400_000).toISOString().slice(0, 10);
const ALL = Array.from({ length: DAYS }, (_, i) => dayOf(i)).filter((d) => d <= '2027-12-31');

/** Every day of the universe the plan covers, with how many times it is covered. */
function covered(plan: ReturnType<typeof splitRange>): Map<string, number> {
  const n = new Map<string, number>();
  const within = (d: string, lo: string | null, hi: string | null) => (!lo || d >= lo) && (!hi || d <= hi);
  for (const d of ALL) {
    let k = 0;
    for (const [lo, hi] of plan.days) if (within(d, lo, hi)) k++;
    for (const [lo, hi] of plan.months) if (within(`${d.slice(0, 7)}-01`, lo, hi)) k++;
    if (plan.years && within(`${d.slice(0, 4)}-01-01`, plan.years[0], plan.years[1])) k++;
    if (k) n.set(d, k);
  }
  return n;
}

describe(splitRange.name, () => {
  const day = fc.integer({ min: 365, max: ALL.length - 366 }).map((i) => ALL[i]);

  it('covers every day of [from, to] exactly once and no other, whatever the bounds', () => {
    fc.assert(
      fc.property(fc.option(day, { nil: null }), fc.option(day, { nil: null }), (from, to) => {
        const got = covered(splitRange(from, to));
        const want = ALL.filter((d) => (!from || d >= from) && (!to || d <= to));
        expect([...got.values()].every((k) => k === 1)).toBe(true);
        expect([...got.keys()]).toEqual(want);
      }),
      { numRuns: 400 },
    );
  });

  it('reads all time from the yearly roll-up alone, and a whole month from its monthly row', () => {
    expect(splitRange(null, null)).toEqual({ days: [], months: [], years: [null, null] });
    expect(splitRange('2026-03-01', '2026-03-31')).toEqual({ days: [], months: [['2026-03-01', '2026-03-01']], years: null });
    expect(splitRange('2025-01-01', '2025-12-31')).toEqual({ days: [], months: [], years: ['2025-01-01', '2025-01-01'] });
  });

  it('keeps a range inside one month in the daily counters', () => {
    expect(splitRange('2026-11-05', '2026-11-20')).toEqual({ days: [['2026-11-05', '2026-11-20']], months: [], years: null });
  });

  it('answers nothing for an empty range', () => {
    expect(splitRange('2026-11-20', '2026-11-05')).toEqual({ days: [], months: [], years: null });
  });
});
