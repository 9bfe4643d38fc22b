import { AddressInfo } from 'node:net';
import { eventually } from '@grid122/testing';
import { ShutdownGate } from '../src/health/shutdown-gate';
import { openSse } from './support/sse-client';
import { startSuite, Suite } from './support/suite';

/**
 * A gateway shutting down (SIGTERM runs the same hooks as close()): live-feed clients are told when
 * to reconnect and closed before the HTTP server stops, and a request that still reaches it is a
 * documented 503 with Retry-After.
 */
describe('gateway shutdown', () => {
  let suite: Suite;
  let port: number;

  beforeAll(async () => {
    suite = await startSuite({ services: [] });
    await suite.gateway.listen(0, '127.0.0.1');
    port = (suite.gateway.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(() => suite?.stop());

  it('tells live-feed clients to reconnect and closes them before the HTTP server stops', async () => {
    const token = await suite.token('commander');
    const stream = openSse(port, '/api/v1/events/stream', { authorization: `Bearer ${token}` });
    expect(await stream.status).toBe(200);
    await eventually(async () => expect(stream.body()).toContain('retry: 3000'));

    const closed = new Promise<void>((r) => suite.gateway.getHttpServer().once('close', () => r()));
    const closing = suite.gateway.close();
    await eventually(async () => expect(stream.body()).toContain('retry: 1000'));
    expect(stream.comments).toContain('this gateway is restarting: reconnect');
    await closing;
    await closed; // the HTTP server stopped although a live-feed client had been connected
  });

  it('answers 503 SERVICE_UNAVAILABLE with Retry-After while draining', async () => {
    const other = await startSuite({ services: [] });
    try {
      other.gateway.get(ShutdownGate).draining = true;
      const res = await other.http().get('/api/v1/auth/me').expect(503);
      expect(res.headers['retry-after']).toBe('2');
      expect(res.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE', statusCode: 503 });
    } finally {
      other.gateway.get(ShutdownGate).draining = false;
      await other.stop();
    }
  });
});
