import { useEffect, useState } from 'react';
import { api } from './api';

/**
 * Grid names by path (社区 · 小区 · 片区), loaded once per page from `GET /api/v1/grids?limit=500`
 * (the caller's scope: a street has ~330 grids). Tables and files show names, never ltree paths.
 */
let loading: Promise<Map<string, string>> | null = null;
let known = new Map<string, string>();
const ids = new Map<string, string>();

function load(): Promise<Map<string, string>> {
  if (!loading) {
    loading = (async () => {
      const m = new Map<string, string>();
      let cursor: string | null = null;
      for (let n = 0; n < 4; n++) {
        const page: { items: { id: string; path: string; name: string }[]; nextCursor: string | null } = await api(`/api/v1/grids?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        for (const g of page.items) {
          m.set(g.path, g.name);
          ids.set(g.path, g.id);
        }
        cursor = page.nextCursor;
        if (!cursor) break;
      }
      known = m;
      return m;
    })().catch(() => {
      loading = null;
      return known;
    });
  }
  return loading;
}

/** Forget the names (another account logged in). */
export function resetGridNames(): void {
  loading = null;
  known = new Map();
}

/**
 * "热河南路社区 · 金陵公寓 · 3片" for a path: the names of the path's grids below the street (the
 * nearest named ancestor when the deepest is out of the caller's sight), or null while unknown.
 */
export function gridNameOf(path: string | null | undefined, names: Map<string, string> = known, depth = 3): string | null {
  if (!path) return null;
  const parts = path.split('.');
  const out: string[] = [];
  for (let i = 4; i <= parts.length; i++) {
    const n = names.get(parts.slice(0, i).join('.'));
    if (n) out.push(n);
  }
  if (!out.length) {
    const own = names.get(path);
    return own ?? null;
  }
  return out.slice(-depth).join(' · ');
}

/** The grid names, re-rendering the caller once they arrive. */
export function useGridNames(): (path: string | null | undefined) => string {
  const [names, setNames] = useState(known);
  useEffect(() => {
    let alive = true;
    void load().then((m) => alive && setNames(m));
    return () => {
      alive = false;
    };
  }, []);
  return (path) => gridNameOf(path, names) ?? '—';
}

/** The id of the grid at a path (for `grids.geojson?root=`), once the names have loaded. */
export function useGridId(path: string | null | undefined): string | null {
  const [, setTick] = useState(0);
  useEffect(() => {
    let alive = true;
    void load().then(() => alive && setTick((n) => n + 1));
    return () => {
      alive = false;
    };
  }, []);
  return path ? (ids.get(path) ?? null) : null;
}
