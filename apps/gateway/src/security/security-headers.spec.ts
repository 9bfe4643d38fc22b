import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import helmet from 'helmet';
import { HELMET_OPTIONS, recordHeaders } from './security-headers';

describe('security headers recorded once', () => {
  it('replayed on a response, they are the headers helmet itself sets on it', () => {
    const live = new ServerResponse(new IncomingMessage(new Socket()));
    live.setHeader('x-powered-by', 'someone');
    helmet(HELMET_OPTIONS)(live.req, live, (e) => expect(e).toBeUndefined());
    const replayed = new ServerResponse(new IncomingMessage(new Socket()));
    replayed.setHeader('x-powered-by', 'someone');
    for (const [name, value] of recordHeaders(helmet(HELMET_OPTIONS))) if (value === null) replayed.removeHeader(name); else replayed.setHeader(name, value);
    expect(replayed.getHeaders()).toEqual(live.getHeaders());
    expect(replayed.getHeader('content-security-policy')).toContain("default-src 'self'");
    expect(replayed.getHeader('x-content-type-options')).toBe('nosniff');
    expect(replayed.hasHeader('x-powered-by')).toBe(false);
  });

  it('a middleware that fails is not recorded as if it had succeeded', () => {
    expect(() => recordHeaders((_req, _res, next) => next(new Error('bad option')))).toThrow('bad option');
  });
});
