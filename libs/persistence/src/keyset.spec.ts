import { decodeCursor, encodeCursor, keysetPage } from './keyset';
import { pathOverlap, SqlParams, subtreeRange } from './sql-params';

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

  it('keeps a row that serves a wider area within or above the subtree', () => {
    const q = new SqlParams().overlaps('t.street_path', 'nj.gulou.btq');
    expect(q.where()).toBe('WHERE (t.street_path <@ $1::ltree OR t.street_path @> $1::ltree)');
    expect(q.params).toEqual(['nj.gulou.btq']);
    expect(new SqlParams().overlaps('p', '').where()).toBe('');
    expect(new SqlParams().overlaps('p', null).where()).toBe('WHERE FALSE');
  });

  it('writes the overlap alone for a subquery, TRUE for the root', () => {
    const q = new SqlParams();
    const inner = pathOverlap('g.grid_path', 'nj.gulou', (v) => q.p(v));
    expect(q.where(`w.id = ${q.p('x')}`, `EXISTS (SELECT 1 FROM g WHERE ${inner})`)).toBe(
      'WHERE w.id = $2 AND EXISTS (SELECT 1 FROM g WHERE (g.grid_path <@ $1::ltree OR g.grid_path @> $1::ltree))',
    );
    expect(q.params).toEqual(['nj.gulou', 'x']);
    expect(pathOverlap('p', '', () => '$9')).toBe('TRUE');
  });

  it('adds conditions for one statement without keeping them', () => {
    const q = new SqlParams().under('x.store_path', 'nj.gulou');
    expect(q.where(`x.at < ${q.p('2026-12-01')}::timestamptz`)).toBe('WHERE x.store_path <@ $1::ltree AND x.at < $2::timestamptz');
    expect(q.where()).toBe('WHERE x.store_path <@ $1::ltree');
    expect(new SqlParams().where('x.active')).toBe('WHERE x.active');
  });

  it('pages last first after a cursor, its parts bound with their casts, the limit last', () => {
    const keys = [['r.created_at', 'timestamptz'], ['r.id', 'uuid']] as const;
    const first = new SqlParams();
    expect(first.keysetDesc(keys, null, 51)).toBe('ORDER BY r.created_at DESC, r.id DESC LIMIT $1');
    expect([first.where(), first.params]).toEqual(['', [51]]);
    const next = new SqlParams().under('r.grid_path', 'nj.gulou');
    const tail = next.keysetDesc(keys, ['2026-12-07 09:00:00.123456+00', '0190f3a2-7c1e-7000-8000-000000000001'], 11);
    expect(`${next.where()} ${tail}`).toBe('WHERE r.grid_path <@ $1::ltree AND (r.created_at, r.id) < ($2::timestamptz, $3::uuid) ORDER BY r.created_at DESC, r.id DESC LIMIT $4');
    expect(next.params).toEqual(['nj.gulou', '2026-12-07 09:00:00.123456+00', '0190f3a2-7c1e-7000-8000-000000000001', 11]);
  });

  it('binds an offset page after the conditions, leaving the parameters to the count over the same where()', () => {
    const q = new SqlParams().under('p.grid_path', 'nj.gulou');
    q.and(`p.state = ${q.p('received')}`);
    const [page, params] = q.page(20, 40);
    expect(`${q.where()} ${page}`).toBe('WHERE p.grid_path <@ $1::ltree AND p.state = $2 LIMIT $3 OFFSET $4');
    expect(params).toEqual(['nj.gulou', 'received', 20, 40]);
    expect(q.params).toEqual(['nj.gulou', 'received']);
    expect(new SqlParams().page(50, 0)).toEqual(['LIMIT $1 OFFSET $2', [50, 0]]);
  });

  it('writes an UPDATE\'s SET list from a patch, each value a parameter, with a cast where given', () => {
    const q = new SqlParams();
    const sets = q.sets({ state: 'closed', mediators: '[]', closed_at: null }, { mediators: 'jsonb' });
    expect(`UPDATE t SET ${sets} WHERE id = ${q.p('x')}`).toBe('UPDATE t SET "state" = $1, "mediators" = $2::jsonb, "closed_at" = $3 WHERE id = $4');
    expect(q.params).toEqual(['closed', '[]', null, 'x']);
  });

  it('writes a subtree as `<@` with the range of its text beside it, the path one parameter; nothing for the root', () => {
    const q = new SqlParams();
    q.and(subtreeRange('i.grid_path', 'nj.gulou.btq.c01', (v) => q.p(v))).and(`i.state = ${q.p('closed')}`);
    expect(q.where()).toBe(
      `WHERE (i.grid_path <@ $1::ltree AND (i.grid_path::text COLLATE "C") >= $1::ltree::text AND (i.grid_path::text COLLATE "C") < $1::ltree::text || '0') AND i.state = $2`,
    );
    expect(q.params).toEqual(['nj.gulou.btq.c01', 'closed']);
    expect(subtreeRange('grid_path', '', () => '$9')).toBe('TRUE');
  });
});
