import { CommonErrorCode } from '@grid122/contracts';
import { QueryFailedError } from 'typeorm';
import { toErrorBody } from './rpc-exception.filter';

const pgError = (code: string) => new QueryFailedError('SELECT 1', [], Object.assign(new Error('pg'), { code }));

describe(toErrorBody.name, () => {
  it('answers a transaction Postgres aborted to break a deadlock or a serialisation conflict as unavailable (retry), not internal', () => {
    for (const code of ['40P01', '40001']) {
      expect(toErrorBody(pgError(code))).toMatchObject({ code: CommonErrorCode.ServiceUnavailable, message: expect.stringContaining('retry') });
    }
  });

  it('keeps the other mappings: unique violation is a conflict, anything unknown internal', () => {
    expect(toErrorBody(pgError('23505')).code).toBe(CommonErrorCode.Conflict);
    expect(toErrorBody(pgError('XX000')).code).toBe(CommonErrorCode.Internal);
  });
});
