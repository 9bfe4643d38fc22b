import { findProblem, MAX_JSON_DEPTH } from './input-sanity.guard';

describe('InputSanityGuard', () => {
  // Built iteratively: the test's own helper must not need the stack the guard avoids.
  const deep = (n: number): unknown => {
    let v: unknown = 'x';
    for (let i = 0; i < n; i += 1) v = { a: v };
    return v;
  };

  it('names the field holding a NUL character', () => {
    expect(findProblem({ reporter: { name: 'a\u0000b' } }, 'body')).toEqual({ field: 'body.reporter.name', message: 'body.reporter.name must not contain NUL characters' });
  });

  it('refuses JSON nested deeper than the limit, without recursion', () => {
    expect(findProblem(deep(MAX_JSON_DEPTH - 1), 'body')).toBeNull();
    expect(findProblem(deep(100_000), 'body')?.message).toMatch(/nested deeper/);
  });

  it('lets ordinary unicode and script text through (it is data, escaped where shown)', () => {
    expect(findProblem({ title: '<script>alert(1)</script> 𠜎 网格 \u202e', tags: ['a', 'b'] }, 'body')).toBeNull();
  });
});
