// 督查 on the demo street (issue 25): what the diaries (diaries.ts) and the meetings (meetings.ts)
// share — the options, the window of the street's past they fill, and small helpers. Plain rows for
// the office's and the registry's seeds; everything lies in the street's past relative to `now`,
// from its own random streams (so the people, grids and incidents stay as they were).
import { addMonths, StreetCalendar } from '@grid122/calendar';

export interface SupervisionOptions {
  /** The run's instant: nothing is dated after it. */
  now: Date;
  /** The office's work calendar (工作日历, holidays and 调休 included): who is expected to file on a day. */
  isWorkingDay: (day: string) => boolean;
  /** Whole months before the current one (default 3): the window starts on the first of the earliest. */
  months?: number;
  calendar?: StreetCalendar;
}

/** Who records the seeded checks and meetings (the organisation group, 基层组织建设组). */
export const DEMO_SUPERVISOR = { id: 'demo:organisation', name: '基层组织建设组' } as const;

export const DAY_MS = 86_400_000;

/** Groups in one pass (push, never a copy per item: the window holds ~20k diaries). */
export function groupBy<T>(xs: readonly T[], key: (x: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    const list = out.get(k);
    if (list) list.push(x);
    else out.set(k, [x]);
  }
  return out;
}

export interface Window {
  cal: StreetCalendar;
  today: string;
  first: string;
  nowMs: number;
}

export function windowOf(o: SupervisionOptions): Window {
  const cal = o.calendar ?? new StreetCalendar();
  const today = cal.today(o.now);
  return { cal, today, first: `${addMonths(today.slice(0, 7), -(o.months ?? 3))}-01`, nowMs: o.now.getTime() };
}

/** An instant on a street day at a local hour (fractional), as ISO. */
export const at = (w: Window, day: string, hour: number): number => w.cal.dayStart(day).getTime() + Math.round(hour * 3_600_000);
export const iso = (t: number): string => new Date(t).toISOString();
