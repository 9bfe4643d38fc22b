import { isClear } from './address.service';

describe(isClear.name, () => {
  it('takes a close first candidate without a near rival of its kind', () => {
    expect(isClear([{ kind: 'building', score: 1 }])).toBe(true);
    expect(isClear([{ kind: 'building', score: 0.9 }, { kind: 'building', score: 0.7 }])).toBe(true);
  });
  it('does not count the compound a building stands in as its rival', () => {
    expect(isClear([{ kind: 'building', score: 0.7 }, { kind: 'compound', score: 0.65 }, { kind: 'building', score: 0.5 }])).toBe(true);
  });
  it('asks when two places of a kind are as close, or the best is far from the address', () => {
    expect(isClear([{ kind: 'building', score: 0.7 }, { kind: 'building', score: 0.7 }])).toBe(false);
    expect(isClear([{ kind: 'compound', score: 0.4 }])).toBe(false);
    expect(isClear([])).toBe(false);
  });
});
