import { isWithinScope, narrowScope } from './scope';

describe(isWithinScope.name, () => {
  it('sees itself and below, not siblings sharing a prefix', () => {
    expect(isWithinScope('nj.gulou.btq.c01', 'nj.gulou.btq')).toBe(true);
    expect(isWithinScope('nj.gulou.btq', 'nj.gulou.btq')).toBe(true);
    expect(isWithinScope('nj.gulou.btq2', 'nj.gulou.btq')).toBe(false);
    expect(isWithinScope('nj.gulou', 'nj.gulou.btq')).toBe(false);
    expect(isWithinScope('anything', '')).toBe(true);
  });
  it('narrows a requested root to the scope', () => {
    expect(narrowScope('nj.gulou.btq', 'nj.gulou.btq.c01')).toBe('nj.gulou.btq.c01');
    expect(narrowScope('nj.gulou.btq', 'nj')).toBe('nj.gulou.btq');
    expect(narrowScope('nj.gulou.btq', 'nj.xuanwu')).toBeNull();
  });
});
