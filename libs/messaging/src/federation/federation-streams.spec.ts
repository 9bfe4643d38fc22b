import { originOf, sourceOrigin } from './federation-streams';

describe('sourced message origins', () => {
  it("are the source stream and nats-server's hash of the source domain's API prefix", () => {
    // as nats-server 2.9 stamps it on a message of GRID122_EVENTS sourced through $JS.btq.API
    expect(sourceOrigin('GRID122_EVENTS', 'btq')).toBe('GRID122_EVENTS:g9o7U8Z6');
    expect(sourceOrigin('GRID122_EVENTS', 'jlm')).not.toBe(sourceOrigin('GRID122_EVENTS', 'btq'));
    expect(originOf('GRID122_EVENTS:g9o7U8Z6 17')).toBe('GRID122_EVENTS:g9o7U8Z6');
    expect(originOf(undefined)).toBeNull();
    expect(originOf('')).toBeNull();
  });
});
