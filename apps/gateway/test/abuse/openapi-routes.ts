import { randomUUID } from 'node:crypto';

/** One operation of the OpenAPI document, with a concrete URL (path parameters filled). */
export interface Route {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  url: string;
  /** Answers text/event-stream (a long-lived response: never called with a valid token). */
  streaming: boolean;
  /** Ends the caller's session (logout): never called with a token the test goes on using. */
  endsSession: boolean;
  /** The request body schema, resolved one level ($ref → components). */
  bodySchema?: Schema;
  bodyType?: string;
}

export interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  enum?: unknown[];
  required?: string[];
  $ref?: string;
  format?: string;
}

interface OpenApiDoc {
  paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: Schema }> }; responses?: Record<string, { content?: Record<string, unknown> }> }>>;
  components?: { schemas?: Record<string, Schema> };
}

/**
 * Every operation of the gateway's OpenAPI document, so a new route is walked by the access and
 * fuzz tests without anyone listing it. Path parameters get a syntactically valid value of no
 * existing row (uuid, sha256, or a word).
 */
export function routesOf(doc: OpenApiDoc): Route[] {
  const out: Route[] = [];
  const resolve = (s?: Schema): Schema | undefined => (s?.$ref ? doc.components?.schemas?.[s.$ref.split('/').pop()!] : s);
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const url = path.replace(/\{([^}]+)\}/g, (_, name: string) => (/sha|hash/i.test(name) ? 'a'.repeat(64) : /id$/i.test(name) ? randomUUID() : 'x'));
      const content = op.requestBody?.content ?? {};
      const bodyType = Object.keys(content)[0];
      const produces = Object.values(op.responses ?? {}).flatMap((r) => Object.keys(r.content ?? {}));
      out.push({
        method: method as Route['method'],
        path,
        url,
        streaming: produces.includes('text/event-stream') || /\/stream$/.test(path),
        endsSession: path === '/api/v1/auth/logout',
        bodySchema: bodyType ? resolve(content[bodyType]?.schema) : undefined,
        bodyType,
      });
    }
  }
  return out;
}

/** Routes anyone may call without a token (documented in docs/security.md). */
export const PUBLIC_ROUTES = new Set([
  'post /api/v1/auth/login',
  'post /api/v1/auth/refresh',
  'get /health',
  'get /health/live',
  'get /metrics',
  'get /api/v1/events/stream', // checks the token itself (EventSource sends no header): still 401
]);

/** Open311 GeoReport v2 is a public API by design (GET discovery, and POST with an optional api_key, rate-limited). */
export const isPublic = (r: Pick<Route, 'method' | 'path'>): boolean =>
  PUBLIC_ROUTES.has(`${r.method} ${r.path}`) || /^\/open311\b|^\/api\/v1\/open311\b|georeport/i.test(r.path) || r.path === '/' || r.path.startsWith('/api/docs');
