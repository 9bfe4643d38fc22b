import { HttpException } from '@nestjs/common';
import { CommonErrorCode } from '@grid122/contracts';
import { QueryFailedError } from 'typeorm';
import { codeOfHttpStatus, toErrorBody } from './rpc-exception.filter';

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

describe(codeOfHttpStatus.name, () => {
  it("names a framework's HTTP status by its code, one table for the gateway and the services: other 4xx a validation failure, 5xx internal", () => {
    expect([401, 403, 404, 409, 413, 415, 429, 400, 422, 500, 503].map(codeOfHttpStatus)).toEqual([
      CommonErrorCode.Unauthenticated, CommonErrorCode.Forbidden, CommonErrorCode.NotFound, CommonErrorCode.Conflict, CommonErrorCode.PayloadTooLarge,
      CommonErrorCode.UnsupportedMediaType, CommonErrorCode.RateLimited, CommonErrorCode.ValidationFailed, CommonErrorCode.ValidationFailed, CommonErrorCode.Internal, CommonErrorCode.Internal,
    ]);
    expect(toErrorBody(new HttpException('slow down', 429))).toEqual({ code: CommonErrorCode.RateLimited, message: 'slow down' });
  });
});
