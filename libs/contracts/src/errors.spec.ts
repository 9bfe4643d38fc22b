import { AppraisalErrorCode, CommonErrorCode, EnforcementErrorCode, GatewayErrorCode, OfficeErrorCode, PetitionsErrorCode, RegistryErrorCode, SocialErrorCode } from '.';
import { errorCodes } from './common/error-codes';
import { ALL_ERROR_CODES, ERROR_HTTP_STATUS } from './errors';

describe(errorCodes.name, () => {
  it('gives the codes by name and each code its status', () => {
    const { codes, httpStatus } = errorCodes({ Gone: ['X_GONE', 410], Late: ['X_LATE', 409] });
    expect(codes).toEqual({ Gone: 'X_GONE', Late: 'X_LATE' });
    expect(httpStatus).toEqual({ X_GONE: 410, X_LATE: 409 });
  });
  it('refuses a code string said twice', () => {
    expect(() => errorCodes({ A: ['X_A', 404], B: ['X_A', 409] })).toThrow('X_A');
  });
  it('gathers every capability with no code shadowing another', () => {
    const tables = [CommonErrorCode, GatewayErrorCode, OfficeErrorCode, RegistryErrorCode, PetitionsErrorCode, EnforcementErrorCode, SocialErrorCode, AppraisalErrorCode];
    const all = tables.flatMap((t) => Object.values(t));
    expect(new Set(all).size).toBe(all.length);
    expect([...ALL_ERROR_CODES].sort()).toEqual([...all].sort());
    expect(Object.keys(ERROR_HTTP_STATUS)).toHaveLength(all.length);
  });
});
