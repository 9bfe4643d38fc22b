import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { KeyAreaStats, KeyAreaTrend } from './stats';

const fields = (cls: new () => object, q: object) => validateSync(plainToInstance(cls, q)).map((e) => e.property);

describe('date filters are days of the calendar (a 400 naming the field, never a 500 from the database)', () => {
  it('refuses a day that does not exist, in the ledger and its daily trend', () => {
    expect(fields(KeyAreaStats.Request, { to: '2026-11-31' })).toEqual(['to']);
    expect(fields(KeyAreaStats.Request, { from: '2026-02-29' })).toEqual(['from']);
    expect(fields(KeyAreaTrend.Request, { from: '2026-11-31', to: '2026-12-01' })).toEqual(['from']);
  });
  it('takes real days and ISO times', () => {
    expect(fields(KeyAreaStats.Request, { from: '2028-02-29', to: '2026-11-30' })).toEqual([]);
    expect(fields(KeyAreaStats.Request, { from: '2026-12-07T06:20:00+08:00', to: '2026-12-07T06:20:00Z' })).toEqual([]);
    expect(fields(KeyAreaTrend.Request, { from: '2026-11-01', to: '2026-11-30' })).toEqual([]);
  });
});
