import { ALL_ERROR_CODES, CommonErrorCode } from '@grid122/contracts';
import { httpStatusFor, httpStatusForUnknown } from './http-status';

describe(httpStatusFor.name, () => {
  it('maps every code of the suite to a 4xx/5xx status', () => {
    for (const code of ALL_ERROR_CODES) {
      const s = httpStatusFor(code);
      expect([400, 401, 403, 404, 409, 410, 413, 415, 422, 429, 500, 502, 503, 504]).toContain(s);
    }
  });
  it('gives 503 for a service that is down and 504 for one that is too slow', () => {
    expect(httpStatusFor(CommonErrorCode.ServiceUnavailable)).toBe(503);
    expect(httpStatusFor(CommonErrorCode.ServiceTimeout)).toBe(504);
  });
  it('answers 500 for a code it does not know, including the names Object.prototype holds', () => {
    expect(httpStatusForUnknown(CommonErrorCode.ServiceUnavailable)).toBe(503);
    for (const code of ['NOT_A_CODE', 'constructor', 'toString', '__proto__', 'hasOwnProperty']) expect(httpStatusForUnknown(code)).toBe(500);
  });
});
