import 'reflect-metadata';
import { rankStreets } from './hub';

describe('hub document', () => {
  describe(rankStreets.name, () => {
    it('merges every panel per street, names from the registry, ranked by closure rate then fewer overdue', () => {
      const sut = rankStreets([
        ['office', [
          { path: 'nj.gulou.a', figures: { closureRate: 90, overdue: 3 } },
          { path: 'nj.gulou.b', figures: { closureRate: 98.14, overdue: 9 } },
          { path: 'nj.gulou.c', figures: { closureRate: 90, overdue: 1 } },
        ]],
        ['organisation', [{ path: 'nj.gulou.d', name: '丁街道', figures: { gridsWithoutHead: 2 } }, { path: 'nj.gulou.a', name: '甲街道', figures: { gridsWithoutHead: 0 } }]],
        ['petitions', undefined],
      ]);
      expect(sut.map((s) => [s.path, s.rank])).toEqual([['nj.gulou.b', 1], ['nj.gulou.c', 2], ['nj.gulou.a', 3], ['nj.gulou.d', 4]]);
      expect(sut[2]).toMatchObject({ name: '甲街道', figures: { closureRate: 90, overdue: 3, gridsWithoutHead: 0 } });
    });
  });
});
