import { poissonUpperTail } from './statistics';

export interface SpikeModel {
  weeks: number;
  alpha: number;
  minCount: number;
  minExpected: number;
}

export interface SpikeVerdict {
  observed: number;
  expected: number;
  pValue: number;
  spike: boolean;
}

/**
 * The spike test of one place, category and day: `counts[0]` is the day's count so far, `counts[k]`
 * the same weekday k weeks before (k = 1..weeks). Expected = the mean of those weeks (never below
 * `minExpected`); a spike when the day reaches `minCount` and P(X ≥ observed) under
 * Poisson(expected) is below `alpha`.
 */
export function spikeTest(counts: readonly number[], model: SpikeModel): SpikeVerdict {
  const observed = counts[0] ?? 0;
  let past = 0;
  for (let k = 1; k <= model.weeks; k++) past += counts[k] ?? 0;
  const expected = Math.max(model.minExpected, past / model.weeks);
  const pValue = poissonUpperTail(observed, expected);
  return { observed, expected: Math.round(expected * 100) / 100, pValue, spike: observed >= model.minCount && pValue < model.alpha };
}
