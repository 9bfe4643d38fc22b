import { LimitUnit, TrafficLight } from '@grid122/contracts';
import { isWorkingUnit, TimeLimit, timeLimitProblems } from './time-limit';
import { WorkCalendar } from './work-calendar';

/**
 * The incident clock (时限督办): how much of an incident's time limit is used, when it falls due,
 * and its traffic light (红黄绿灯督办, the contracts' TrafficLight). Pure: the same input and `now` give the same reading.
 *
 * Every figure is on the limit's own scale ("clock minutes"):
 * - working_hours / working_days: working minutes of the `WorkCalendar`;
 * - calendar_days: real minutes; the limit is settled by `WorkCalendar.addCalendarDays` (start day
 *   not counted, ends at 24:00 or close of business, rolls over a non-working last day).
 * Suspensions (挂账) stop the clock; on the calendar scale they push the deadline back by the
 * suspended real time. Extensions (延期) add to the limit.
 */

/** Share of the limit from which the light turns yellow (80%). */
export const DEFAULT_YELLOW_FROM = 0.8;

/** 挂账: the clock stops from `from` until `to`; no `to` means still suspended. */
export interface Suspension {
  from: Date;
  to?: Date | null;
}

/**
 * 延期: extra time approved. `unit` defaults to the limit's unit; working hours and working days
 * mix freely, calendar days only extend calendar-day limits. An extension approved after the
 * reading time (`approvedAt > now`) is not counted yet, so past readings can be replayed.
 */
export interface Extension {
  value: number;
  unit?: LimitUnit;
  approvedAt?: Date | null;
}

export interface IncidentClockInput {
  /** When the clock starts (e.g. registration, or dispatch for the disposal limit). */
  startedAt: Date;
  limit: TimeLimit;
  suspensions?: readonly Suspension[];
  extensions?: readonly Extension[];
  /** When the incident was closed: the clock stops there. */
  closedAt?: Date | null;
}

export type ClockScale = 'working' | 'calendar';

export interface IncidentClockReading {
  /** The instant the figures are for: `now`, or `closedAt` once closed. */
  measuredAt: Date;
  scale: ClockScale;
  /**
   * When the limit runs out. While suspended it is a projection "if the clock resumed now";
   * it is settled once the suspension ends.
   */
  deadline: Date;
  /** The limit plus counted extensions, in clock minutes. */
  limitMinutes: number;
  elapsedMinutes: number;
  /** `limitMinutes - elapsedMinutes`, never below 0. */
  remainingMinutes: number;
  /** `elapsedMinutes - limitMinutes`, never below 0. */
  overdueMinutes: number;
  /** `elapsedMinutes / limitMinutes`: 0.8 is 80%; above 1 once overdue working time has passed. */
  fractionUsed: number;
  /**
   * `measuredAt` is after the deadline. Judged on the wall clock: an incident due at 12:00 is
   * overdue (red) during the lunch break although its `fractionUsed` stays at exactly 1 until 14:00.
   */
  overdue: boolean;
  light: TrafficLight;
  /** Suspended (挂账) at `measuredAt`. */
  paused: boolean;
  closed: boolean;
}

export interface IncidentClockOptions {
  /** Fraction of the limit from which the light is yellow; default 0.8. */
  yellowFrom?: number;
}

/**
 * green below `yellowFrom` of the limit, yellow from `yellowFrom` up to and including 100%, red
 * when overdue.
 */
export function lightFor(fractionUsed: number, overdue: boolean, yellowFrom = DEFAULT_YELLOW_FROM): TrafficLight {
  if (overdue) return 'red';
  return fractionUsed >= yellowFrom ? 'yellow' : 'green';
}

interface Scale {
  kind: ClockScale;
  /** Clock ms from `a` to `b` (a <= b). */
  between(a: number, b: number): number;
  /** The instant at which `ms` clock ms have passed since `t`. */
  advance(t: number, ms: number): number;
}

interface Interval {
  from: number;
  /** undefined: still open at the reading time */
  to?: number;
}

const MINUTE_MS = 60_000;

export class IncidentClock {
  private readonly yellowFrom: number;
  private readonly workingScale: Scale;
  private readonly calendarScale: Scale = {
    kind: 'calendar',
    between: (a, b) => b - a,
    advance: (t, ms) => t + ms,
  };

  constructor(
    private readonly calendar: WorkCalendar,
    options: IncidentClockOptions = {},
  ) {
    this.yellowFrom = options.yellowFrom ?? DEFAULT_YELLOW_FROM;
    if (!(this.yellowFrom > 0 && this.yellowFrom <= 1)) {
      throw new RangeError(`yellowFrom must be in (0, 1], got ${this.yellowFrom}`);
    }
    this.workingScale = {
      kind: 'working',
      // Rounded to whole ms so sums of clock time stay exact integers.
      between: (a, b) => Math.round(calendar.workingMinutesBetween(new Date(a), new Date(b)) * MINUTE_MS),
      advance: (t, ms) => calendar.addWorkingTime(new Date(t), ms / MINUTE_MS).getTime(),
    };
  }

  /** The clock as of `now` (or as of `closedAt` when closed by then). */
  read(input: IncidentClockInput, now: Date): IncidentClockReading {
    const start = time(input.startedAt, 'startedAt');
    const nowMs = time(now, 'now');
    const problems = timeLimitProblems(input.limit);
    if (problems.length > 0) throw new RangeError(`limit: ${problems.join('; ')}`);

    const closedAt = input.closedAt == null ? undefined : time(input.closedAt, 'closedAt');
    if (closedAt !== undefined && closedAt < start) throw new RangeError('closedAt is before startedAt');
    const closed = closedAt !== undefined && closedAt <= nowMs;
    const at = Math.max(start, closed ? closedAt : nowMs);

    const scale = isWorkingUnit(input.limit.unit) ? this.workingScale : this.calendarScale;
    const limitMs = this.limitMs(input, start, at);
    const intervals = suspensionIntervals(input.suspensions ?? [], start, at);

    const suspendedMs = intervals.reduce((sum, iv) => sum + scale.between(iv.from, iv.to ?? at), 0);
    const elapsedMs = Math.max(0, scale.between(start, at) - suspendedMs);

    const deadline = deadlineOf(scale, start, limitMs, intervals, at);
    const overdue = at > deadline;
    const fractionUsed = elapsedMs / limitMs;
    const last = intervals[intervals.length - 1];

    return {
      measuredAt: new Date(at),
      scale: scale.kind,
      deadline: new Date(deadline),
      limitMinutes: limitMs / MINUTE_MS,
      elapsedMinutes: elapsedMs / MINUTE_MS,
      remainingMinutes: Math.max(0, limitMs - elapsedMs) / MINUTE_MS,
      overdueMinutes: Math.max(0, elapsedMs - limitMs) / MINUTE_MS,
      fractionUsed,
      overdue,
      light: lightFor(fractionUsed, overdue, this.yellowFrom),
      paused: !closed && last !== undefined && last.to === undefined,
      closed,
    };
  }

  deadline(input: IncidentClockInput, now: Date): Date {
    return this.read(input, now).deadline;
  }

  /**
   * For a closed incident: green when closed on time (at or before the deadline as it stood at
   * closure, 按时办结), red when late (超时办结).
   */
  resolutionLight(input: IncidentClockInput & { closedAt: Date }): Extract<TrafficLight, 'green' | 'red'> {
    if (input.closedAt == null) throw new RangeError('resolutionLight needs closedAt');
    return this.read(input, input.closedAt).overdue ? 'red' : 'green';
  }

  /** The limit plus the extensions approved by `at`, in clock ms. */
  private limitMs(input: IncidentClockInput, start: number, at: number): number {
    const { limit } = input;
    const extensions = (input.extensions ?? []).filter((e, i) => {
      const unit = e.unit ?? limit.unit;
      const problems = timeLimitProblems({ value: e.value, unit });
      if (problems.length > 0) throw new RangeError(`extensions[${i}]: ${problems.join('; ')}`);
      if (isWorkingUnit(unit) !== isWorkingUnit(limit.unit)) {
        throw new RangeError(`extensions[${i}]: ${unit} cannot extend a limit in ${limit.unit}`);
      }
      return e.approvedAt == null || time(e.approvedAt, `extensions[${i}].approvedAt`) <= at;
    });

    if (!isWorkingUnit(limit.unit)) {
      const days = extensions.reduce((sum, e) => sum + e.value, limit.value);
      return this.calendar.addCalendarDays(new Date(start), days).getTime() - start;
    }
    const minutes = extensions.reduce(
      (sum, e) => sum + this.calendar.toWorkingMinutes({ value: e.value, unit: e.unit ?? limit.unit }),
      this.calendar.toWorkingMinutes(limit),
    );
    return Math.round(minutes * MINUTE_MS);
  }
}

/**
 * Suspensions known at `at`, clipped to [start, at], sorted and merged. One that has not ended by
 * `at` is open; one that begins after `at` is ignored (it had not happened yet).
 */
function suspensionIntervals(suspensions: readonly Suspension[], start: number, at: number): Interval[] {
  const clipped: Interval[] = [];
  suspensions.forEach((s, i) => {
    const from = time(s.from, `suspensions[${i}].from`);
    const to = s.to == null ? undefined : time(s.to, `suspensions[${i}].to`);
    if (to !== undefined && to < from) throw new RangeError(`suspensions[${i}] ends before it starts`);
    if (from > at) return;
    const clippedFrom = Math.max(from, start);
    const clippedTo = to === undefined || to >= at ? undefined : to;
    if (clippedTo !== undefined && clippedTo <= clippedFrom) return;
    clipped.push({ from: clippedFrom, to: clippedTo });
  });
  clipped.sort((x, y) => x.from - y.from);

  const merged: Interval[] = [];
  for (const iv of clipped) {
    const prev = merged[merged.length - 1];
    if (prev && (prev.to === undefined || iv.from <= prev.to)) {
      prev.to = prev.to === undefined || iv.to === undefined ? undefined : Math.max(prev.to, iv.to);
    } else {
      merged.push({ ...iv });
    }
  }
  return merged;
}

/** Walks the running stretches between suspensions until the limit is used up. */
function deadlineOf(scale: Scale, start: number, limitMs: number, intervals: readonly Interval[], at: number): number {
  let cursor = start;
  let remaining = limitMs;
  for (const iv of intervals) {
    const running = scale.between(cursor, iv.from);
    if (running >= remaining) return scale.advance(cursor, remaining);
    remaining -= running;
    // An open suspension: project as if the clock resumed at the reading time.
    cursor = iv.to ?? at;
  }
  return scale.advance(cursor, remaining);
}

function time(d: Date, what: string): number {
  const t = d instanceof Date ? d.getTime() : NaN;
  if (Number.isNaN(t)) throw new RangeError(`${what} must be a valid Date`);
  return t;
}
