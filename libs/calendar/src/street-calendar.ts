/**
 * The street's calendar (街道日历): which day and which month an instant belongs to, in the
 * street's configured time zone (IANA name, default Asia/Shanghai), whatever zone the process
 * clock or the browser runs in. Every "today", day or month boundary, date filter, export stamp,
 * notice month and "in the future" check goes through here (docs/metrics.md, "Calendar").
 *
 * Pure and framework-free. Zones with daylight saving are handled (the offset is read for the
 * instant), although Asia/Shanghai has none.
 */

export const DEFAULT_STREET_TIME_ZONE = 'Asia/Shanghai';

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_RE = /^(\d{4})-(\d{2})$/;
const DAY_MS = 86_400_000;
const QUARTER_MS = 900_000;
/** The instants the offset cache serves (1970–2200); others ask Intl each time (old zones' offsets in seconds, eras). */
const FAST_FROM = 0;
const FAST_TO = Date.UTC(2200, 0, 1);

/** `YYYY-MM-DD` naming a real calendar day (2026-02-30 is not one). */
export function isIsoDay(s: unknown): s is string {
  if (typeof s !== 'string') return false;
  const m = DAY_RE.exec(s);
  if (!m) return false;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(t).toISOString().slice(0, 10) === s;
}

/** `YYYY-MM` with a month 01..12. */
export function isIsoMonth(s: unknown): s is string {
  if (typeof s !== 'string') return false;
  const m = MONTH_RE.exec(s);
  return !!m && Number(m[2]) >= 1 && Number(m[2]) <= 12;
}

/** True when the name is a time zone this runtime knows. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

type Instant = Date | string | number;
const ms = (at: Instant): number => {
  const t = at instanceof Date ? at.getTime() : typeof at === 'number' ? at : Date.parse(at);
  if (!Number.isFinite(t)) throw new RangeError(`not an instant: ${String(at)}`);
  return t;
};
const pad = (n: number, w = 2) => String(n).padStart(w, '0');
/** Pure date arithmetic on `YYYY-MM-DD` (UTC-based, zone-free). */
const ymd = (t: number) => new Date(t).toISOString().slice(0, 10);

export class StreetCalendar {
  private readonly fmt: Intl.DateTimeFormat;

  constructor(readonly zone: string = DEFAULT_STREET_TIME_ZONE) {
    if (!isTimeZone(zone)) throw new RangeError(`unknown time zone ${zone}`);
    this.fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
  }

  /**
   * The zone's offset (wall clock − instant, ms) per quarter hour of UTC, for the quarter hours whose
   * first and last second have the same offset: `formatToParts` costs ~6 µs a call and every day,
   * month, deadline and counter key of a report asks for one (docs/performance.md §17). A quarter
   * hour is checked (two calls) the second time it is asked for: the first answer is Intl's for the
   * instant, as without the cache, so instants that are each asked once (a historical import's
   * `reportedAt`, spread over years) cost one call each, not three.
   */
  private readonly offsets = new Map<number, number | null>();
  /** Quarter hours asked for once, not checked yet. */
  private readonly seen = new Set<number>();

  /** Local wall-clock fields of an instant. */
  private parts(t: number): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
    const off = t >= FAST_FROM && t < FAST_TO ? this.quarterOffset(Math.floor(t / QUARTER_MS)) : null;
    if (off === null || off === undefined) return this.formatted(t);
    // The wall clock's fields, as Intl gives them: the instant to the second, moved by the offset.
    const w = new Date(Math.floor(t / 1000) * 1000 + off);
    return { y: w.getUTCFullYear(), mo: w.getUTCMonth() + 1, d: w.getUTCDate(), h: w.getUTCHours(), mi: w.getUTCMinutes(), s: w.getUTCSeconds() };
  }

  /**
   * The offset over a whole quarter hour, null when it changes inside it (a transition: each instant
   * asks Intl), undefined the first time the quarter hour is asked for (the instant asks Intl).
   */
  private quarterOffset(q: number): number | null | undefined {
    const known = this.offsets.get(q);
    if (known !== undefined) return known;
    if (!this.seen.has(q)) {
      if (this.seen.size >= 4096) this.seen.clear();
      this.seen.add(q);
      return undefined;
    }
    this.seen.delete(q);
    const at = (t: number) => {
      const p = this.formatted(t);
      return Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s) - Math.floor(t / 1000) * 1000;
    };
    const first = at(q * QUARTER_MS);
    const off = first === at((q + 1) * QUARTER_MS - 1000) ? first : null;
    if (this.offsets.size >= 4096) this.offsets.clear();
    this.offsets.set(q, off);
    return off;
  }

  /** The wall-clock fields as Intl formats them for the zone. */
  private formatted(t: number): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
    const p = Object.fromEntries(this.fmt.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
    return { y: Number(p.year), mo: Number(p.month), d: Number(p.day), h: Number(p.hour) % 24, mi: Number(p.minute), s: Number(p.second) };
  }

  /** Minutes the street's wall clock is ahead of UTC at the instant (480 in Beijing). */
  offsetMinutes(at: Instant = Date.now()): number {
    const t = ms(at);
    const p = this.parts(t);
    const wall = Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s);
    return Math.round((wall - Math.floor(t / 1000) * 1000) / 60_000);
  }

  /** The street's day `YYYY-MM-DD` of an instant. */
  day(at: Instant = Date.now()): string {
    const p = this.parts(ms(at));
    return `${p.y}-${pad(p.mo)}-${pad(p.d)}`;
  }

  /** The street's month `YYYY-MM` of an instant. */
  month(at: Instant = Date.now()): string {
    return this.day(at).slice(0, 7);
  }

  today(now: Instant = Date.now()): string {
    return this.day(now);
  }

  thisMonth(now: Instant = Date.now()): string {
    return this.month(now);
  }

  /** The instant the street's day begins (local 00:00). */
  dayStart(day: string): Date {
    if (!isIsoDay(day)) throw new RangeError(`day must be YYYY-MM-DD, got ${day}`);
    const wallMidnight = Date.parse(`${day}T00:00:00Z`);
    // Two passes settle the offset across a daylight-saving change.
    let t = wallMidnight - this.offsetMinutes(wallMidnight) * 60_000;
    t = wallMidnight - this.offsetMinutes(t) * 60_000;
    return new Date(t);
  }

  /** The instant the street's day ends (the next day's start, exclusive). */
  dayEnd(day: string): Date {
    return this.dayStart(addDays(day, 1));
  }

  /** [start, end) instants of a street month. */
  monthRange(month: string): { start: Date; end: Date } {
    if (!isIsoMonth(month)) throw new RangeError(`month must be YYYY-MM, got ${month}`);
    return { start: this.dayStart(`${month}-01`), end: this.dayStart(`${addMonths(month, 1)}-01`) };
  }

  /**
   * [from, to) of the street's day, week (from Monday) or month holding an instant, as ISO
   * instants: the period a figure of `today`, `week` or `month` covers (the command hub's).
   */
  period(kind: 'today' | 'week' | 'month', at: Instant = Date.now()): { from: string; to: string } {
    const today = this.day(at);
    const first = kind === 'today' ? today : kind === 'week' ? addDays(today, -((new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7)) : `${today.slice(0, 7)}-01`;
    const next = kind === 'today' ? addDays(first, 1) : kind === 'week' ? addDays(first, 7) : `${addMonths(today.slice(0, 7), 1)}-01`;
    return { from: this.dayStart(first).toISOString(), to: this.dayStart(next).toISOString() };
  }

  /** First and last day (`YYYY-MM-DD`, inclusive) of a month. */
  monthDays(month: string): { from: string; to: string } {
    return monthDays(month);
  }

  /** The day is after the street's today. */
  isFutureDay(day: string, now: Instant = Date.now()): boolean {
    return day > this.day(now);
  }

  /** The month has not begun in the street. */
  isFutureMonth(month: string, now: Instant = Date.now()): boolean {
    return month > this.month(now);
  }

  /** `2026-12-07 06:20` in the street's wall time (exports, watermarks). */
  stamp(at: Instant = Date.now()): string {
    const p = this.parts(ms(at));
    return `${p.y}-${pad(p.mo)}-${pad(p.d)} ${pad(p.h)}:${pad(p.mi)}`;
  }

  /** `2026-12-07T06:20:00+08:00`: the instant as the street's wall time with its offset. */
  isoLocal(at: Instant = Date.now()): string {
    const t = ms(at);
    const p = this.parts(t);
    const off = this.offsetMinutes(t);
    const a = Math.abs(off);
    return `${p.y}-${pad(p.mo)}-${pad(p.d)}T${pad(p.h)}:${pad(p.mi)}:${pad(p.s)}${off < 0 ? '-' : '+'}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
  }
}

export function addDays(day: string, n: number): string {
  return ymd(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS);
}

export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const i = y * 12 + (m - 1) + n;
  return `${Math.floor(i / 12)}-${pad((i % 12) + 1)}`;
}

export function monthDays(month: string): { from: string; to: string } {
  if (!isIsoMonth(month)) throw new RangeError(`month must be YYYY-MM, got ${month}`);
  return { from: `${month}-01`, to: addDays(`${addMonths(month, 1)}-01`, -1) };
}

let configured = new StreetCalendar();

/**
 * Sets the street's zone for the process (called once at boot from STREET_TIME_ZONE by
 * `loadConfig`); the default is Asia/Shanghai.
 */
export function configureStreetCalendar(zone: string): StreetCalendar {
  if (zone !== configured.zone) configured = new StreetCalendar(zone);
  return configured;
}

/** The process's street calendar. */
export const streetCalendar = (): StreetCalendar => configured;

/** Shorthands on the configured calendar. */
export const streetDay = (at: Instant = Date.now()): string => configured.day(at);
export const streetMonth = (at: Instant = Date.now()): string => configured.month(at);
export const streetToday = (now: Instant = Date.now()): string => configured.today(now);
export const streetStamp = (at: Instant = Date.now()): string => configured.stamp(at);

/**
 * The configured zone as a SQL string literal, for `AT TIME ZONE ${streetZoneSql()}` in
 * statements that have no parameter for it (sequence-number prefixes, GROUP BY month). The name
 * was checked against the runtime's zone database; only IANA characters are let through.
 */
export function streetZoneSql(): string {
  const zone = configured.zone;
  if (!/^[A-Za-z0-9_+\-/]+$/.test(zone)) throw new RangeError(`time zone ${zone} cannot be quoted for SQL`);
  return `'${zone}'`;
}
