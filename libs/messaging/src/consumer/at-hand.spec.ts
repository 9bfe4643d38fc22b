import { atHand } from './jetstream-consumer';

/** A source the test feeds by hand (as the client's buffer of deliveries). */
function feed<T>() {
  const items: T[] = [];
  const waiting: ((r: IteratorResult<T>) => void)[] = [];
  let ended = false;
  return {
    push(v: T) {
      const w = waiting.shift();
      if (w) w({ value: v, done: false });
      else items.push(v);
    },
    end() {
      ended = true;
      for (const w of waiting.splice(0)) w({ value: undefined, done: true });
    },
    [Symbol.asyncIterator](): AsyncIterator<T> {
      return {
        next: () => {
          if (items.length > 0) return Promise.resolve({ value: items.shift()!, done: false });
          if (ended) return Promise.resolve({ value: undefined, done: true });
          return new Promise((resolve) => waiting.push(resolve));
        },
      };
    },
  };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('atHand: the deliveries applied together', () => {
  it('without a linger takes only what is already there: a later delivery is the next batch', async () => {
    const source = feed<number>();
    const batches = atHand(source, 16);
    source.push(1);
    source.push(2);
    const first = batches.next();
    expect((await first).value).toEqual([1, 2]);
    const second = batches.next();
    await turn();
    source.push(3);
    expect((await second).value).toEqual([3]);
    source.end();
    expect((await batches.next()).done).toBe(true);
  });

  it('with a linger, deliveries that come meanwhile join the batch, which goes as soon as it is full', async () => {
    const source = feed<number>();
    // An hour's linger: the batch goes because it is full, not because the time passed.
    const batches = atHand(source, 3, 3_600_000);
    const first = batches.next();
    source.push(1);
    await turn();
    source.push(2);
    await turn();
    await turn();
    source.push(3);
    source.push(4);
    expect((await first).value).toEqual([1, 2, 3]);
    source.end();
    expect((await batches.next()).value).toEqual([4]);
    expect((await batches.next()).done).toBe(true);
  });

  it('with a linger, a lone delivery still goes when the linger is over', async () => {
    const source = feed<number>();
    const batches = atHand(source, 16, 5);
    source.push(1);
    expect((await batches.next()).value).toEqual([1]);
  });

  it('ends with the source, keeping what it had', async () => {
    const source = feed<number>();
    const batches = atHand(source, 16, 3_600_000);
    const first = batches.next();
    source.push(1);
    await turn();
    source.end();
    expect((await first).value).toEqual([1]);
    expect((await batches.next()).done).toBe(true);
  });
});
