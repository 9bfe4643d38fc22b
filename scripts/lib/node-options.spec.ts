import { spawnSync } from 'node:child_process';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { SERVICE_V8_OPTIONS, serviceNodeOptions } = require('./node-options.cjs') as {
  SERVICE_V8_OPTIONS: string[];
  serviceNodeOptions: (current?: string) => string;
};

/** The young generation's size (MiB) of a Node process started with these NODE_OPTIONS after an allocation burst. */
function newSpaceMiB(nodeOptions: string): number {
  const script = `
    let keep = [];
    for (let i = 0; i < 2e6; i++) { keep.push({ a: i, b: 'x' + i }); if (keep.length > 20000) keep = []; }
    const s = require('v8').getHeapSpaceStatistics().find((x) => x.space_name === 'new_space');
    process.stdout.write(String(s.space_size / 1048576));`;
  const r = spawnSync(process.execPath, ['-e', script], { env: { PATH: process.env.PATH, NODE_OPTIONS: nodeOptions }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return Number(r.stdout);
}

describe('serviceNodeOptions (the V8 options every service runs with)', () => {
  it('adds the defaults to what is set, and an option already set wins', () => {
    expect(serviceNodeOptions(undefined)).toBe(SERVICE_V8_OPTIONS.join(' '));
    expect(serviceNodeOptions('--max-old-space-size=384').split(' ')).toEqual(['--max-old-space-size=384', ...SERVICE_V8_OPTIONS]);
    expect(serviceNodeOptions('--max-semi-space-size=16')).toBe('--max-semi-space-size=16');
    expect(serviceNodeOptions('--max_semi_space_size=16')).toBe('--max_semi_space_size=16');
  });

  it('keeps the young generation small after an allocation burst (V8 sizes it for the host otherwise)', () => {
    const own = newSpaceMiB('');
    const tuned = newSpaceMiB(serviceNodeOptions(''));
    expect(tuned).toBeLessThanOrEqual(8);
    expect(tuned).toBeLessThan(own);
  });
});
