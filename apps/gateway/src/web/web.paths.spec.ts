import { cacheControlFor, classify, isApiPath, resolveDist } from './web.paths';

describe('web paths', () => {
  it('keeps the API prefixes out of the page fallback', () => {
    for (const p of ['/api', '/api/v1/x', '/open311/v2/services.json', '/health', '/health/live', '/metrics']) expect(isApiPath(p)).toBe(true);
    for (const p of ['/', '/board', '/desk/123', '/apiary', '/healthy', '/assets/index-abc.js']) expect(isApiPath(p)).toBe(false);
  });

  it('sends files by extension, the page for routes, and refuses traversal', () => {
    expect(classify('/')).toEqual({ kind: 'index' });
    expect(classify('/desk/5b1a7d0e')).toEqual({ kind: 'index' });
    expect(classify('/assets/index-abc.js')).toEqual({ kind: 'file', rel: 'assets/index-abc.js' });
    // An absolute path normalises at the root: `..` can never climb out of dist.
    expect(classify('/../package.json')).toEqual({ kind: 'file', rel: 'package.json' });
    expect(classify('/..%2f..%2f..%2fetc%2fpasswd')).toEqual({ kind: 'index' });
    expect(classify('/assets/..%2f..%2fsecret.txt')).toEqual({ kind: 'file', rel: 'secret.txt' });
    expect(classify('/%E0%A4%A')).toEqual({ kind: 'missing' });
    expect(classify('/a%00b.js')).toEqual({ kind: 'missing' });
  });

  it('caches hashed assets for a year and everything else never', () => {
    expect(cacheControlFor('assets/index-abc.js')).toContain('immutable');
    expect(cacheControlFor('index.html')).toBe('no-cache');
  });

  it('resolves WEB_DIST against the working directory unless absolute', () => {
    expect(resolveDist('apps/hub-web/dist', '/repo')).toBe('/repo/apps/hub-web/dist');
    expect(resolveDist('/srv/web', '/repo')).toBe('/srv/web');
  });
});
