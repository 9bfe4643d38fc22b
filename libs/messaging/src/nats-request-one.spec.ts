import { ErrorCode, NatsError } from 'nats';
import { settleRequestsWithoutCancelError } from './nats-request-one';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { RequestOne } = require('nats/lib/nats-base-client/request') as {
  RequestOne: new (mux: unknown, subject: string, opts: { timeout: number }, asyncTraces: boolean) => { deferred: Promise<unknown>; resolver(err: Error | null, msg: unknown): void };
};

describe('settleRequestsWithoutCancelError (nats.js RequestOne)', () => {
  const mux = () => ({ cancelled: [] as unknown[], cancel(r: unknown) { this.cancelled.push(r); } });
  beforeAll(() => expect(settleRequestsWithoutCancelError()).toBe(true));
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('settles a reply with no error built, its timer cleared and the request dropped from the mux', async () => {
    const built = jest.spyOn(NatsError, 'errorForCode');
    const m = mux();
    const r = new RequestOne(m, 'office.incident.report', { timeout: 5000 }, false);
    const reply = { data: new Uint8Array([1]) };
    r.resolver(null, reply);
    await expect(r.deferred).resolves.toBe(reply);
    expect(built).not.toHaveBeenCalled();
    expect(m.cancelled).toEqual([r]);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('keeps the library’s path for an error: rejected with it, the timer cleared, dropped from the mux', async () => {
    const m = mux();
    const r = new RequestOne(m, 'office.incident.report', { timeout: 5000 }, false);
    const err = NatsError.errorForCode(ErrorCode.NoResponders);
    r.resolver(err, {});
    await expect(r.deferred).rejects.toBe(err);
    expect(m.cancelled).toEqual([r]);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('installs once', () => {
    expect(settleRequestsWithoutCancelError()).toBe(true);
  });
});
