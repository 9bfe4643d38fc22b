import { extname, isAbsolute, normalize, resolve, sep } from 'node:path';

/** Prefixes that belong to the API: never answered with the page, even when nothing matched. */
export const API_PREFIXES = ['/api', '/open311', '/health', '/metrics'] as const;

export const isApiPath = (url: string): boolean => API_PREFIXES.some((p) => url === p || url.startsWith(`${p}/`) || url.startsWith(`${p}?`) || url.startsWith(`${p}.`));

/** WEB_DIST as given (absolute, or relative to the working directory, which is the repo root). */
export const resolveDist = (webDist: string, cwd = process.cwd()): string => (isAbsolute(webDist) ? webDist : resolve(cwd, webDist));

/**
 * What a GET for `pathname` should send: a file under dist (relative path), the page itself for a
 * client-side route, or nothing (a missing asset must 404, never turn into HTML). Refuses `..`.
 */
export function classify(pathname: string): { kind: 'file'; rel: string } | { kind: 'index' } | { kind: 'missing' } {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return { kind: 'missing' };
  }
  if (decoded.includes('\0')) return { kind: 'missing' };
  const rel = normalize(decoded).replace(/^[/\\]+/, '');
  if (rel.startsWith('..') || rel.split(sep).includes('..')) return { kind: 'missing' };
  if (rel === '' || rel === 'index.html') return { kind: 'index' };
  // A path with a file extension names a file; anything else is a route of the page.
  return extname(rel) ? { kind: 'file', rel } : { kind: 'index' };
}

/** Hashed build output (`assets/name-<hash>.js`) never changes: cache it for a year. */
export const cacheControlFor = (rel: string): string =>
  rel.startsWith('assets/') || rel.startsWith(`assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache';
