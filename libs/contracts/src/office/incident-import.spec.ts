import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ImportIncidents } from './incident-import';

/** The batch's envelope checked by hand refuses what the class's rules refuse, naming the same fields. */
describe('ImportIncidents.checkEnvelope', () => {
  const byClass = (v: object) =>
    validateSync(plainToInstance(ImportIncidents.Request, v), { whitelist: true, forbidNonWhitelisted: true })
      .map((e) => e.property)
      .sort();
  const byHand = (v: unknown) =>
    ImportIncidents.checkEnvelope(v)
      .map((e) => e.field)
      .sort();

  it.each([
    ['an empty batch', { records: [] }],
    ['records and a run', { records: [{ any: 'record: checked one by one later' }], runId: '5d0f5c1e-8a4b-4c1e-9f3e-2b7a1c0d9e8f' }],
    ['records not an array', { records: 'no' }],
    ['one record too many', { records: Array.from({ length: ImportIncidents.BATCH + 1 }, () => ({})) }],
    ['a run id not a UUID', { records: [], runId: 'not-a-uuid' }],
    ['a run id not a string', { records: [], runId: 7 }],
    ['an unknown field', { records: [], extra: true }],
    ['no records', {}],
  ])('%s', (_label, v) => {
    expect(byHand(v)).toEqual(byClass(v));
  });

  it('refuses what is not an object', () => {
    for (const v of [null, [], 'x', 3]) expect(ImportIncidents.checkEnvelope(v)).toHaveLength(1);
  });
});
