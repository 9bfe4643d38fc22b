import { useCallback, useEffect, useRef, useState } from 'react';
import { setStreetTimeZone } from './dates';

/** The gateway's uniform error `{ statusCode, code, message, details }`, or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
  /** The route does not exist here, or the service behind it is down / slow. */
  get unavailable(): boolean {
    return this.status === 0 || this.status === 404 && this.code === 'NOT_FOUND' && /Cannot (GET|POST)/.test(this.message) || this.status === 502 || this.status === 503 || this.status === 504;
  }
  get routeMissing(): boolean {
    return this.status === 404 && /Cannot (GET|POST)/.test(this.message);
  }
}

/** The account the gateway answers at login (`user`): the contracts' Actor, type-only (nothing of libs/contracts reaches the bundle). */
export type User = Pick<import('@grid122/contracts').Actor, 'role' | 'scope'> & Partial<Pick<import('@grid122/contracts').Actor, 'id' | 'username' | 'displayName' | 'unit' | 'departmentId'>>;

export interface Session {
  accessToken: string;
  expiresAt: number;
  user: User;
}

const SESSION_KEY = 'grid122.session';

export const sessionStore = {
  get(): Session | null {
    try {
      const s = JSON.parse(localStorage.getItem(SESSION_KEY) ?? 'null') as Session | null;
      return s && s.accessToken ? s : null;
    } catch {
      return null;
    }
  },
  set(s: Session | null) {
    if (s) localStorage.setItem(SESSION_KEY, JSON.stringify(s));
    else localStorage.removeItem(SESSION_KEY);
  },
};

/** Raised once per expiry; the shell shows the login with a "session expired" message. */
export const SESSION_EXPIRED = 'grid122:session-expired';

/**
 * A 401 ends the session only when it is about the token (expired, or refused by /auth/me); a 401
 * relayed from a service behind the gateway is shown where it happened, without logging out.
 */
async function sessionIsOver(session: Session, code: string | undefined): Promise<boolean> {
  if (code === 'AUTH_TOKEN_EXPIRED') return true;
  try {
    const me = await fetch('/api/v1/auth/me', { headers: { authorization: `Bearer ${session.accessToken}`, accept: 'application/json' } });
    return me.status === 401;
  } catch {
    return false;
  }
}

export async function api<T>(path: string, init: RequestInit & { json?: unknown; raw?: boolean } = {}): Promise<T> {
  const session = sessionStore.get();
  const headers = new Headers(init.headers);
  headers.set('accept', 'application/json');
  if (session) headers.set('authorization', `Bearer ${session.accessToken}`);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set('content-type', 'application/json');
    body = JSON.stringify(init.json);
  }
  let res: Response;
  try {
    res = await fetch(path, { ...init, headers, body });
  } catch (e) {
    throw new ApiError(0, 'NETWORK', e instanceof Error ? e.message : 'network error');
  }
  const tz = res.headers.get('x-street-time-zone');
  if (tz) setStreetTimeZone(tz);
  if (!res.ok) {
    let err: { code?: string; message?: string; details?: unknown } = {};
    try {
      err = await res.json();
    } catch {
      /* not JSON: a proxy's page */
    }
    if (res.status === 401 && session && path !== '/api/v1/auth/login' && (await sessionIsOver(session, err.code))) {
      sessionStore.set(null);
      window.dispatchEvent(new CustomEvent(SESSION_EXPIRED, { detail: err.code }));
    }
    throw new ApiError(res.status, err.code ?? `HTTP_${res.status}`, err.message ?? res.statusText, err.details);
  }
  if (init.raw) return res as unknown as T;
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export const qs = (params: Record<string, string | number | boolean | undefined | null>): string => {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') u.set(k, String(v));
  const s = u.toString();
  return s ? `?${s}` : '';
};

export interface Loadable<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => void;
}

/** GETs `path` (null = skip), refreshing every `refreshMs` when given; keeps the last data on a refresh error. */
export function useApi<T>(path: string | null, refreshMs?: number): Loadable<T> {
  const [state, setState] = useState<{ data?: T; error?: ApiError; loading: boolean }>({ loading: path !== null });
  const [tick, setTick] = useState(0);
  // A reload while a request is out asks once more when it is back, instead of dropping it: under a
  // steady stream of reloads a slow answer would otherwise be thrown away again and again.
  const inflight = useRef(false);
  const again = useRef(false);
  const reload = useCallback(() => {
    if (inflight.current) again.current = true;
    else setTick((n) => n + 1);
  }, []);
  const current = useRef(path);
  current.current = path;
  useEffect(() => {
    if (path === null) return;
    let alive = true;
    inflight.current = true;
    again.current = false;
    // A refresh keeps showing the last data without a render of its own (a wall refreshes every second).
    setState((s) => (s.data !== undefined && s.loading === false && !s.error ? s : { ...s, loading: true }));
    api<T>(path)
      // An answer equal to the last one keeps the last object: nothing that reads it renders again.
      .then((data) => alive && setState((s) => ({ data: s.data !== undefined && JSON.stringify(s.data) === JSON.stringify(data) ? s.data : data, loading: false })))
      .catch((error: ApiError) => alive && setState((s) => ({ data: error.status === 401 ? undefined : s.data, error, loading: false })))
      .finally(() => {
        if (!alive) return;
        inflight.current = false;
        if (again.current) {
          again.current = false;
          setTick((n) => n + 1);
        }
      });
    return () => {
      alive = false;
    };
  }, [path, tick]);
  useEffect(() => {
    if (!refreshMs || path === null) return;
    const h = setInterval(reload, refreshMs);
    return () => clearInterval(h);
  }, [refreshMs, path, reload]);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

/** Downloads an authenticated GET as a file (the XLSX export). */
export async function download(path: string, fallbackName: string): Promise<void> {
  const res = await api<Response>(path, { raw: true, headers: { accept: '*/*' } });
  const blob = await res.blob();
  const cd = res.headers.get('content-disposition') ?? '';
  const name = /filename="?([^";]+)"?/.exec(cd)?.[1] ?? fallbackName;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
