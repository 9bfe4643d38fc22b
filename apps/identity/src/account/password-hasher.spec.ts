import { AppError } from '@grid122/messaging';
import { BoundedRunner } from './password-hasher';

describe(BoundedRunner.name, () => {
  it('runs at most N at once, queues up to Q, refuses the rest with RATE_LIMITED, and drains', async () => {
    const sut = new BoundedRunner(2, 3);
    let running = 0;
    let peak = 0;
    const releases: (() => void)[] = [];
    const work = () =>
      new Promise<string>((resolve) => {
        running += 1;
        peak = Math.max(peak, running);
        releases.push(() => {
          running -= 1;
          resolve('done');
        });
      });
    const accepted = Array.from({ length: 5 }, () => sut.run(work));
    await expect(sut.run(work)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    await expect(sut.run(work)).rejects.toBeInstanceOf(AppError);
    expect(sut.stats).toEqual({ active: 2, waiting: 3 });
    while (releases.length > 0 || running > 0) {
      releases.shift()?.();
      await new Promise((r) => setImmediate(r));
    }
    await expect(Promise.all(accepted)).resolves.toEqual(['done', 'done', 'done', 'done', 'done']);
    expect(peak).toBe(2);
    expect(sut.stats).toEqual({ active: 0, waiting: 0 });
  });

  it('frees its slot when the work fails', async () => {
    const sut = new BoundedRunner(1, 0);
    await expect(sut.run(() => Promise.reject(new Error('x')))).rejects.toThrow('x');
    await expect(sut.run(() => Promise.resolve(1))).resolves.toBe(1);
  });
});
