import { isWorkingUnit, TimeLimit } from './time-limit';
import { CalendarDates, DayInfo, DayKind, DEFAULT_WORK_CALENDAR_CONFIG, WorkCalendarConfig } from './work-calendar.config';

/**
 * The office's work calendar (工作日历): which instants are working time, and the maths of
 * deadlines that count only working time.
 *
 * Framework-free and pure. Time-zone maths uses a fixed UTC offset (Asia/Shanghai is UTC+8 with no
 * daylight saving since 1991), so no tz database is needed: an instant's local wall time is
 * `utc + offset`, and a local day is a whole number of days since 1970-01-01 local.
 */

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** A run of non-working days longer than this means a broken configuration, not a long holiday. */
const MAX_NON_WORKING_RUN_DAYS = 366;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^(\d{2}):(\d{2})$/;

interface Period {
  /** ms after local midnight */
  startMs: number;
  endMs: number;
}

export class WorkCalendar {
  private readonly cfg: WorkCalendarConfig;
  private readonly offsetMs: number;
  private readonly periods: readonly Period[];
  private readonly weekend: ReadonlySet<number>;
  private readonly holidays = new Map<number, string | undefined>();
  private readonly adjusted = new Map<number, string | undefined>();
  /** Working minutes of one working day (7 h = 420 by default). */
  readonly workingDayMinutes: number;

  /** Fields left out are taken from `DEFAULT_WORK_CALENDAR_CONFIG`. Throws `RangeError` on bad config. */
  constructor(config: Partial<WorkCalendarConfig> = {}) {
    const cfg: WorkCalendarConfig = structuredClone({
      ...DEFAULT_WORK_CALENDAR_CONFIG,
      ...config,
      calendarDays: { ...DEFAULT_WORK_CALENDAR_CONFIG.calendarDays, ...config.calendarDays },
    });
    this.cfg = cfg;

    if (!Number.isInteger(cfg.utcOffsetMinutes) || Math.abs(cfg.utcOffsetMinutes) > 14 * 60) {
      throw new RangeError(`utcOffsetMinutes must be a whole number of minutes within ±14 h, got ${cfg.utcOffsetMinutes}`);
    }
    this.offsetMs = cfg.utcOffsetMinutes * MINUTE_MS;

    if (cfg.workingPeriods.length === 0) throw new RangeError('workingPeriods must not be empty');
    this.periods = cfg.workingPeriods.map((p, i) => {
      const startMs = parseTime(p.start, `workingPeriods[${i}].start`);
      const endMs = parseTime(p.end, `workingPeriods[${i}].end`);
      if (endMs <= startMs) throw new RangeError(`workingPeriods[${i}] must end after it starts (${p.start}-${p.end})`);
      return { startMs, endMs };
    });
    this.periods.forEach((p, i) => {
      if (i > 0 && p.startMs < this.periods[i - 1].endMs) {
        throw new RangeError('workingPeriods must be in order and must not overlap');
      }
    });
    this.workingDayMinutes = this.periods.reduce((sum, p) => sum + (p.endMs - p.startMs), 0) / MINUTE_MS;

    for (const d of cfg.weekendDays) {
      if (!Number.isInteger(d) || d < 0 || d > 6) throw new RangeError(`weekendDays must be 0..6, got ${d}`);
    }
    this.weekend = new Set(cfg.weekendDays);

    expandDates(cfg.holidays, 'holidays', this.holidays);
    expandDates(cfg.adjustedWorkingDays, 'adjustedWorkingDays', this.adjusted);
    for (const day of this.adjusted.keys()) {
      if (this.holidays.has(day)) {
        throw new RangeError(`${formatDay(day)} is both a holiday and an adjusted working day`);
      }
    }
    if (!['midnight', 'close_of_business'].includes(cfg.calendarDays.endOfLastDay)) {
      throw new RangeError(`calendarDays.endOfLastDay must be 'midnight' or 'close_of_business'`);
    }
  }

  /** The effective configuration (a copy), JSON-able. */
  get config(): WorkCalendarConfig {
    return structuredClone(this.cfg);
  }

  /**
   * Whether the holidays of the instant's (or date's) year are loaded: `missing` means deadlines
   * in that year ignore its holidays; `provisional` means they follow derived, unconfirmed dates.
   */
  coverage(date: Date | string): 'published' | 'provisional' | 'missing' {
    const year = Number(formatDay(this.dayOf(date)).slice(0, 4));
    if (!this.cfg.loadedYears.includes(year)) return 'missing';
    return this.cfg.provisionalYears.includes(year) ? 'provisional' : 'published';
  }

  /** Local date `YYYY-MM-DD` of an instant. */
  localDate(d: Date): string {
    return formatDay(this.localDay(checkedTime(d, 'date')));
  }

  /** The instant as local ISO text, e.g. `2026-02-13T17:30:00.000+08:00`. */
  toLocalIso(d: Date): string {
    const t = checkedTime(d, 'date');
    const local = new Date(t + this.offsetMs).toISOString().slice(0, -1);
    const sign = this.cfg.utcOffsetMinutes < 0 ? '-' : '+';
    const abs = Math.abs(this.cfg.utcOffsetMinutes);
    return `${local}${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
  }

  describeDay(date: Date | string): DayInfo {
    const day = this.dayOf(date);
    const weekday = weekdayOf(day);
    let kind: DayKind;
    let name: string | undefined;
    if (this.adjusted.has(day)) {
      kind = 'adjusted_workday';
      name = this.adjusted.get(day);
    } else if (this.holidays.has(day)) {
      kind = 'holiday';
      name = this.holidays.get(day);
    } else {
      kind = this.weekend.has(weekday) ? 'weekend' : 'workday';
    }
    const working = kind === 'workday' || kind === 'adjusted_workday';
    return name === undefined ? { date: formatDay(day), weekday, kind, working } : { date: formatDay(day), weekday, kind, working, name };
  }

  isWorkingDay(date: Date | string): boolean {
    return this.isWorkingDayNumber(this.dayOf(date));
  }

  /** True when `d` is inside a working period of a working day (periods are half-open). */
  isWorkingTime(d: Date): boolean {
    const t = checkedTime(d, 'date');
    const day = this.localDay(t);
    if (!this.isWorkingDayNumber(day)) return false;
    const inDay = t + this.offsetMs - day * DAY_MS;
    return this.periods.some((p) => inDay >= p.startMs && inDay < p.endMs);
  }

  /** `d` itself when it is working time, else the start of the next working period. */
  nextWorkingTime(d: Date): Date {
    const t = checkedTime(d, 'date');
    // The first working ms after t ends 1 ms after the next period starts.
    return this.isWorkingTime(d) ? new Date(t) : new Date(this.advance(t, 1) - 1);
  }

  /**
   * The deadline `minutes` working minutes after `start`: the earliest instant by which that much
   * working time has passed. Time outside working periods does not count, so a start in the
   * evening or at lunch begins counting at the next working period, and a deadline that uses up a
   * period exactly falls at the period's end (12:00, not 14:00). `minutes` may be fractional
   * (counted to the millisecond); 0 returns `start`.
   */
  addWorkingTime(start: Date, minutes: number): Date {
    const t = checkedTime(start, 'start');
    if (!Number.isFinite(minutes) || minutes < 0) {
      throw new RangeError(`minutes must be a finite number >= 0, got ${minutes}`);
    }
    const ms = Math.round(minutes * MINUTE_MS);
    return new Date(ms === 0 ? t : this.advance(t, ms));
  }

  /**
   * Working minutes between two instants (fractional when the instants have seconds). Antisymmetric:
   * negative when `b` is before `a`.
   */
  workingMinutesBetween(a: Date, b: Date): number {
    const ta = checkedTime(a, 'a');
    const tb = checkedTime(b, 'b');
    return tb >= ta ? this.workingMsBetween(ta, tb) / MINUTE_MS : -this.workingMsBetween(tb, ta) / MINUTE_MS;
  }

  /** A working-time limit in working minutes (a working day = `workingDayMinutes`). */
  toWorkingMinutes(limit: TimeLimit): number {
    if (!isWorkingUnit(limit.unit)) {
      throw new RangeError(`${limit.unit} is not a working-time unit`);
    }
    return limit.unit === 'working_hours' ? limit.value * 60 : limit.value * this.workingDayMinutes;
  }

  /**
   * The end of a legal-style limit of `days` calendar days from `start` (see
   * `WorkCalendarConfig.calendarDays`): the start day is not counted, so 7 days from Monday
   * 10:00 end on the next Monday at 24:00 (returned as the following 00:00) or at that day's close of
   * business; when the last day is a weekend day or holiday it moves to the next working day.
   */
  addCalendarDays(start: Date, days: number): Date {
    const t = checkedTime(start, 'start');
    if (!Number.isInteger(days) || days < 0) throw new RangeError(`days must be a whole number >= 0, got ${days}`);
    let last = this.localDay(t) + days;
    if (this.cfg.calendarDays.rollOverNonWorkingLastDay) {
      let guard = 0;
      while (!this.isWorkingDayNumber(last)) {
        last++;
        if (++guard > MAX_NON_WORKING_RUN_DAYS) throw new RangeError('no working day found: check the calendar config');
      }
    }
    const endInDay =
      this.cfg.calendarDays.endOfLastDay === 'midnight' ? DAY_MS : this.periods[this.periods.length - 1].endMs;
    return new Date(last * DAY_MS + endInDay - this.offsetMs);
  }

  // ---- internals: `t` values are UTC epoch ms; day numbers are local days since 1970-01-01 ----

  private localDay(t: number): number {
    return Math.floor((t + this.offsetMs) / DAY_MS);
  }

  /** UTC epoch ms of a moment `inDayMs` after local midnight of `day`. */
  private instant(day: number, inDayMs: number): number {
    return day * DAY_MS + inDayMs - this.offsetMs;
  }

  private dayOf(date: Date | string): number {
    return typeof date === 'string' ? parseDay(date, 'date') : this.localDay(checkedTime(date, 'date'));
  }

  private isWorkingDayNumber(day: number): boolean {
    if (this.adjusted.has(day)) return true;
    if (this.holidays.has(day)) return false;
    return !this.weekend.has(weekdayOf(day));
  }

  /** The instant at which `ms` (> 0) working ms have passed since `t`. */
  private advance(t: number, ms: number): number {
    let left = ms;
    let nonWorkingRun = 0;
    for (let day = this.localDay(t); ; day++) {
      if (!this.isWorkingDayNumber(day)) {
        if (++nonWorkingRun > MAX_NON_WORKING_RUN_DAYS) throw new RangeError('no working day found: check the calendar config');
        continue;
      }
      nonWorkingRun = 0;
      for (const p of this.periods) {
        const end = this.instant(day, p.endMs);
        if (end <= t) continue;
        const from = Math.max(t, this.instant(day, p.startMs));
        const available = end - from;
        if (left <= available) return from + left;
        left -= available;
      }
    }
  }

  private workingMsBetween(ta: number, tb: number): number {
    let total = 0;
    const lastDay = this.localDay(tb);
    for (let day = this.localDay(ta); day <= lastDay; day++) {
      if (!this.isWorkingDayNumber(day)) continue;
      for (const p of this.periods) {
        const from = Math.max(ta, this.instant(day, p.startMs));
        const to = Math.min(tb, this.instant(day, p.endMs));
        if (to > from) total += to - from;
      }
    }
    return total;
  }
}

function checkedTime(d: Date, what: string): number {
  const t = d instanceof Date ? d.getTime() : NaN;
  if (Number.isNaN(t)) throw new RangeError(`${what} must be a valid Date`);
  return t;
}

function parseTime(text: string, what: string): number {
  const m = TIME_RE.exec(text);
  const h = m ? Number(m[1]) : NaN;
  const min = m ? Number(m[2]) : NaN;
  if (!m || min > 59 || h > 24 || (h === 24 && min !== 0)) {
    throw new RangeError(`${what} must be HH:MM between 00:00 and 24:00, got "${text}"`);
  }
  return (h * 60 + min) * MINUTE_MS;
}

function parseDay(text: string, what: string): number {
  const m = DATE_RE.exec(text);
  if (m) {
    const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    // Date.UTC rolls 02-30 over to March: reject dates that do not round-trip.
    if (formatDay(ms / DAY_MS) === text) return ms / DAY_MS;
  }
  throw new RangeError(`${what} must be a date YYYY-MM-DD, got "${text}"`);
}

function formatDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function weekdayOf(day: number): number {
  // 1970-01-01 was a Thursday (4).
  return (((day + 4) % 7) + 7) % 7;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function expandDates(entries: readonly CalendarDates[], what: string, into: Map<number, string | undefined>): void {
  entries.forEach((entry, i) => {
    const label = `${what}[${i}]`;
    const { from, to, name } = typeof entry === 'string' ? { from: entry, to: undefined, name: undefined } : entry;
    const first = parseDay(from, `${label}.from`);
    const last = to === undefined ? first : parseDay(to, `${label}.to`);
    if (last < first) throw new RangeError(`${label} ends before it starts`);
    if (last - first > MAX_NON_WORKING_RUN_DAYS) throw new RangeError(`${label} spans more than a year`);
    for (let day = first; day <= last; day++) into.set(day, name ?? into.get(day));
  });
}
