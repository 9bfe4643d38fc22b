import { findProblem, MAX_JSON_DEPTH } from './input-sanity.guard';

describe('InputSanityGuard', () => {
  const deep = (n: number): unknown => (n === 0 ? 'x' : { a: deep(n - 1) });

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
