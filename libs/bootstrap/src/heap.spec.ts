import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { DEFAULT_HEAP_GROWING_PERCENT, heapGrowingPercent } from './heap';

const ROOT = join(__dirname, '../../..');

describe('HEAP_GROWING_PERCENT', () => {
  it('defaults to 50, takes 0-400, and names the variable when it is wrong', () => {
    expect(heapGrowingPercent({})).toBe(DEFAULT_HEAP_GROWING_PERCENT);
    expect(heapGrowingPercent({ HEAP_GROWING_PERCENT: ' ' })).toBe(50);
    expect(heapGrowingPercent({ HEAP_GROWING_PERCENT: '0' })).toBe(0);
    expect(heapGrowingPercent({ HEAP_GROWING_PERCENT: '400' })).toBe(400);
    for (const bad of ['-1', '401', '12.5', 'lots']) {
      expect(() => heapGrowingPercent({ HEAP_GROWING_PERCENT: bad })).toThrow(/HEAP_GROWING_PERCENT must be an integer from 0/);
    }
  });

  it('keeps the heap near its live set under churn (compared with V8’s own sizing, in the same run)', () => {
    const peak = (pct: string) =>
      (JSON.parse(
        execFileSync(process.execPath, ['--require', './scripts/swc-register.js', 'libs/bootstrap/src/heap.churn.fixture.ts'], {
          cwd: ROOT,
          env: { ...process.env, HEAP_GROWING_PERCENT: pct },
          encoding: 'utf8',
        }),
      ) as { peak: number }).peak;
    const v8Default = peak('0');
    const tuned = peak('');
    expect(tuned).toBeLessThan(v8Default * 0.7);
  }, 60_000);
});
