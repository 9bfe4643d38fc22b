import { useEffect, useRef, useState } from 'react';
import { api, ApiError, qs, sessionStore } from './api';
import type { Incident, Page } from './types';

export interface FeedItem {
  key: string;
  type: string;
  at: string;
  incidentId?: string;
  code?: string;
  title?: string;
  gridPath?: string;
  state?: string;
}

export type FeedMode = 'connecting' | 'live' | 'polling';

const STREAM = '/api/v1/events/stream';
const POLL_MS = 5000;
const MAX_ITEMS = 40;

/** Parses one `text/event-stream` block (`event:`, `id:`, `data:` lines). */
export function parseSseBlock(block: string): { event: string; id?: string; data: string } | null {
  let event = 'message';
  let id: string | undefined;
  const data: string[] = [];
  for (const line of block.split(/\r?\n/)) {
    if (!line || line.startsWith(':')) continue;
    const i = line.indexOf(':');
    const field = i < 0 ? line : line.slice(0, i);
    const value = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'id') id = value;
    else if (field === 'data') data.push(value);
  }
  return data.length ? { event, id, data: data.join('\n') } : null;
}

/** A feed item from a domain event (`{ id, type, occurredAt, gridPath, data }`) or a bare payload. */
export function toFeedItem(event: string, id: string | undefined, raw: string): FeedItem | null {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(raw);
  } catch {
    return null;
  }
  const d = (o.data && typeof o.data === 'object' ? o.data : o) as Record<string, unknown>;
  const type = (typeof o.type === 'string' ? o.type : event) || 'message';
  return {
    key: String(o.id ?? id ?? `${type}-${Date.now()}-${Math.random()}`),
    type,
    at: String(o.occurredAt ?? d.updatedAt ?? new Date().toISOString()),
    incidentId: (d.incidentId ?? d.id) as string | undefined,
    code: d.code as string | undefined,
    title: d.title as string | undefined,
    gridPath: (d.gridPath ?? o.gridPath) as string | undefined,
    state: d.state as string | undefined,
  };
}

const fromIncident = (i: Incident, type = 'office.incident.reported'): FeedItem => ({
  key: `i-${i.id}-${i.state}`,
  type: i.state === 'reported' ? type : `office.incident.${i.state}`,
  at: i.reportedAt,
  incidentId: i.id,
  code: i.code,
  title: i.title,
  gridPath: i.gridPath,
  state: i.state,
});

/**
 * The live feed: the SSE stream read with fetch (so the token goes in the Authorization header, never
 * in the URL, which the gateway refuses,
 * and a missing route or an expired session is seen as a status, not an opaque EventSource error),
 * resumed with Last-Event-ID. While the stream is unavailable it polls the newest incidents, so the
 * wall never freezes. `onEvent` lets the board refresh its figures when something happens.
 */
export function useLiveFeed(onEvent?: (item: FeedItem) => void): { items: FeedItem[]; mode: FeedMode } {
  const [items, setItems] = useState<FeedItem[]>([]);
  const [mode, setMode] = useState<FeedMode>('connecting');
  const cb = useRef(onEvent);
  cb.current = onEvent;

  useEffect(() => {
    let stopped = false;
    const ctrl = new AbortController();
    let lastId: string | undefined;
    let pollTimer: ReturnType<typeof setInterval> | undefined;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    const seen = new Set<string>();

    const push = (list: FeedItem[], notify: boolean) => {
      if (stopped) return;
      const fresh = list.filter((x) => !seen.has(x.key));
      if (!fresh.length) return;
      fresh.forEach((x) => seen.add(x.key));
      setItems((prev) => {
        const keys = new Set(fresh.map((x) => x.key));
        return [...fresh, ...prev.filter((x) => !keys.has(x.key))].slice(0, MAX_ITEMS);
      });
      if (notify) fresh.forEach((x) => cb.current?.(x));
    };

    const poll = async (notify: boolean) => {
      try {
        const page = await api<Page<Incident>>(`/api/v1/incidents${qs({ limit: 15 })}`);
        push(page.items.slice().reverse().map((i) => fromIncident(i)), notify);
      } catch {
        /* the desk shows the office as unavailable; the feed just waits */
      }
    };
    const startPolling = () => {
      setMode('polling');
      if (!pollTimer) pollTimer = setInterval(() => void poll(true), POLL_MS);
    };
    const stopPolling = () => {
      if (pollTimer) clearInterval(pollTimer);
      pollTimer = undefined;
    };

    const connect = async (attempt: number) => {
      const token = sessionStore.get()?.accessToken;
      if (!token || stopped) return;
      try {
        const headers: Record<string, string> = { accept: 'text/event-stream', authorization: `Bearer ${token}` };
        if (lastId) headers['last-event-id'] = lastId;
        const res = await fetch(STREAM, { headers, signal: ctrl.signal, cache: 'no-store' });
        if (res.status === 401) {
          // Let the shell handle the expiry exactly as for any other call.
          await api('/api/v1/auth/me').catch(() => undefined);
          return;
        }
        if (!res.ok || !res.body || !(res.headers.get('content-type') ?? '').includes('text/event-stream')) {
          throw new ApiError(res.status, `HTTP_${res.status}`, 'stream unavailable');
        }
        stopPolling();
        setMode('live');
        attempt = 0;
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buf = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += value;
          let cut: number;
          while ((cut = buf.search(/\r?\n\r?\n/)) >= 0) {
            const block = buf.slice(0, cut);
            buf = buf.slice(cut).replace(/^\r?\n\r?\n/, '');
            const ev = parseSseBlock(block);
            if (!ev) continue;
            if (ev.id) lastId = ev.id;
            if (ev.event === 'hub') {
              // A figure changed in my scope: refresh the figures, no feed line.
              cb.current?.({ key: `hub-${Date.now()}`, type: 'hub', at: new Date().toISOString() });
              continue;
            }
            const item = toFeedItem(ev.event, ev.id, ev.data);
            if (item) push([item], true);
          }
        }
        throw new ApiError(0, 'STREAM_ENDED', 'stream ended');
      } catch (e) {
        if (stopped) return;
        startPolling();
        // A route that is not deployed is retried rarely; a dropped stream soon.
        const missing = e instanceof ApiError && e.status === 404;
        const delay = missing ? 60_000 : Math.min(30_000, 1000 * 2 ** Math.min(attempt, 5));
        retryTimer = setTimeout(() => void connect(attempt + 1), delay);
      }
    };

    void poll(false).then(() => connect(0));
    return () => {
      stopped = true;
      ctrl.abort();
      stopPolling();
      if (retryTimer) clearTimeout(retryTimer);
    };
  }, []);

  return { items, mode };
}
