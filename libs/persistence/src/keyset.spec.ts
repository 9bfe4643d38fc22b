import { decodeCursor, encodeCursor, keysetPage } from './keyset';
import { SqlParams } from './sql-params';

describe('keyset cursors', () => {
  it('gives back the parts it encoded, each of its kind', () => {
    const c = encodeCursor(['2026-12-07T09:00:00.000Z', '0190f3a2-7c1e-7000-8000-000000000001', 3, 'infinity']);
    expect(decodeCursor(c, ['time', 'uuid', 'int', 'timeOrInfinity'])).toEqual(['2026-12-07T09:00:00.000Z', '0190f3a2-7c1e-7000-8000-000000000001', 3, 'infinity']);
    expect(decodeCursor(encodeCursor(['2026-12-07', '0190f3a2-7c1e-7000-8000-000000000001']), ['day', 'uuid'])).toEqual(['2026-12-07', '0190f3a2-7c1e-7000-8000-000000000001']);
    expect(decodeCursor(encodeCursor(['nj.gulou.btq_c01', '张 三']), ['path', 'text'])).toEqual(['nj.gulou.btq_c01', '张 三']);
  });

  const timeId = ['time', 'uuid'] as const;
  const pathName = ['path', 'text'] as const;
  it.each([
    ['not base64 JSON', '%%%', timeId],
    ['another arity', encodeCursor(['2026-12-07T09:00:00.000Z']), timeId],
    ['a part of another kind', encodeCursor(['yesterday', '0190f3a2-7c1e-7000-8000-000000000001']), timeId],
    ['an id that is no uuid', encodeCursor(['2026-12-07T09:00:00.000Z', "1' OR '1'='1"]), timeId],
    ['a path that is no ltree', encodeCursor(["nj.gulou'; --", 'x']), pathName],
    ['text that is no string', encodeCursor(['nj.gulou', 3]), pathName],
  ])('refuses %s, naming the cursor', (_what, cursor, kinds) => {
    expect(() => decodeCursor(cursor, kinds)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', details: { fields: [{ field: 'cursor', messages: ['cursor is not one this API returned'] }] } }));
  });

  it('pages rows read with LIMIT n + 1: a next cursor only when there was one more', () => {
    const rows = [1, 2, 3].map((n) => ({ n, id: `id${n}` }));
    const more = keysetPage(rows, 2, (r) => r.n, (r) => [r.id]);
    expect(more.items).toEqual([1, 2]);
    expect(JSON.parse(Buffer.from(more.nextCursor!, 'base64url').toString())).toEqual(['id2']);
    expect(keysetPage(rows, 3, (r) => r.n, (r) => [r.id])).toEqual({ items: [1, 2, 3], nextCursor: null });
  });
});

describe(SqlParams.name, () => {
  it('numbers parameters in order and joins conditions', () => {
    const q = new SqlParams().under('grid_path', 'nj.gulou');
    q.and(`date >= ${q.p('2026-12-01')}::date`).and(false);
    expect(q.where()).toBe('WHERE grid_path <@ $1::ltree AND date >= $2::date');
    expect(q.params).toEqual(['nj.gulou', '2026-12-01']);
  });

  it('keeps the root unfiltered and a scope that meets nothing empty', () => {
    expect(new SqlParams().under('p', '').where()).toBe('');
    expect(new SqlParams().under('p', null).where()).toBe('WHERE FALSE');
  });
});
