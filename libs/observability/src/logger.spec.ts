import { Writable } from 'node:stream';
import { createLogger } from './logger';
import { requestContext } from './request-context';

describe(createLogger.name, () => {
  function capture() {
    const lines: string[] = [];
    const dest = new Writable({
      write(chunk, _enc, cb) {
        lines.push(chunk.toString());
        cb();
      },
    });
    return { lines, sut: createLogger('test', 'info', dest as never) };
  }

  it('redacts passwords, tokens and personal data', () => {
    const { lines, sut } = capture();
    sut.info({ password: 'hunter2', body: { phone: '13912345678', idNumber: '320106199001011234' }, accessToken: 'ey.x.y' }, 'login');
    const out = lines.join('');
    expect(out).not.toMatch(/hunter2|13912345678|320106199001011234|ey\.x\.y/);
    expect(out).toMatch(/\[redacted\]/);
  });

  it('carries the request id of the current context', () => {
    const { lines, sut } = capture();
    requestContext.run({ requestId: 'req-42' }, () => sut.info('hello'));
    expect(JSON.parse(lines[0]).requestId).toBe('req-42');
  });
});
