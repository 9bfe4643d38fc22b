import { labelled, ValueOf } from '@grid122/contracts';
import { CHINA_HOLIDAY_YEARS } from './china-holidays';

/**
 * The work calendar's configuration (工作日历): working periods, weekends, holidays and adjusted
 * working days (节假日, 调休上班), how a limit in calendar days ends; the default is the street's
 * (08:30-12:00, 14:00-17:30, China's holidays of china-holidays.ts). Plain data, JSON-able
 * (OFFICE_WORK_CALENDAR); the arithmetic over it is WorkCalendar's (work-calendar.ts).
 */

/** A working period of a working day, local wall time `HH:MM` (end may be `24:00`), half-open. */
export interface WorkingPeriod {
  start: string;
  end: string;
}

/**
 * A date (`YYYY-MM-DD`) or an inclusive range of dates with an optional name, the way the State
 * Council notice words it ("2月15日至23日放假调休").
 */
export type CalendarDates = string | { from: string; to?: string; name?: string };

export type CalendarDayEnd = 'midnight' | 'close_of_business';

/** Plain, JSON-able configuration. */
export interface WorkCalendarConfig {
  /** Offset of local time from UTC in minutes; 480 for Asia/Shanghai (no DST). */
  utcOffsetMinutes: number;
  /** The periods of every working day, in order, not overlapping. */
  workingPeriods: WorkingPeriod[];
  /** Days of the week off, 0 = Sunday … 6 = Saturday (as `Date#getDay`). */
  weekendDays: number[];
  /** Dates off (节假日), whatever weekday they fall on. */
  holidays: CalendarDates[];
  /** Dates worked although they are weekend days (调休上班). */
  adjustedWorkingDays: CalendarDates[];
  /**
   * The years whose holidays are loaded. A day in any other year is computed as if it had no
   * holidays, which is wrong around 春节 and 国庆: `coverage` says so, and the office warns loudly.
   */
  loadedYears: number[];
  /** Loaded years derived from the rules, not yet checked against the State Council's notice. */
  provisionalYears: number[];
  /**
   * How a legal-style limit in calendar days ends (cf. 民事诉讼法 第八十五条): the start day is not
   * counted; the period ends at 24:00 of the last day (`midnight`) or when the office closes
   * that day (`close_of_business`, "有业务时间的，到停止业务活动的时间截止"); and if the last day
   * is not a working day the period runs to the next working day (`rollOverNonWorkingLastDay`).
   */
  calendarDays: {
    endOfLastDay: CalendarDayEnd;
    rollOverNonWorkingLastDay: boolean;
  };
}

/** The published and provisional years of CHINA_HOLIDAY_YEARS, merged (kept for their 2026 names). */
export const CHINA_HOLIDAYS_2026: readonly CalendarDates[] = CHINA_HOLIDAY_YEARS.flatMap((y) => y.holidays);
export const CHINA_ADJUSTED_WORKING_DAYS_2026: readonly CalendarDates[] = CHINA_HOLIDAY_YEARS.flatMap((y) => y.adjustedWorkingDays);

export const DEFAULT_WORK_CALENDAR_CONFIG: Readonly<WorkCalendarConfig> = {
  utcOffsetMinutes: 8 * 60,
  workingPeriods: [
    { start: '08:30', end: '12:00' },
    { start: '14:00', end: '17:30' },
  ],
  weekendDays: [0, 6],
  holidays: [...CHINA_HOLIDAYS_2026],
  adjustedWorkingDays: [...CHINA_ADJUSTED_WORKING_DAYS_2026],
  loadedYears: CHINA_HOLIDAY_YEARS.map((y) => y.year),
  provisionalYears: CHINA_HOLIDAY_YEARS.filter((y) => y.status === 'provisional').map((y) => y.year),
  calendarDays: { endOfLastDay: 'midnight', rollOverNonWorkingLastDay: true },
};

export const { values: DayKind, labels: DAY_KIND_LABELS } = labelled({
  Workday: ['workday', '工作日', 'working day'],
  Weekend: ['weekend', '休息日', 'weekend'],
  Holiday: ['holiday', '节假日', 'public holiday'],
  AdjustedWorkday: ['adjusted_workday', '调休上班', 'adjusted working day'],
});
export type DayKind = ValueOf<typeof DayKind>;

export interface DayInfo {
  /** Local date `YYYY-MM-DD`. */
  date: string;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  kind: DayKind;
  working: boolean;
  /** Name of the holiday or adjusted day, if configured. */
  name?: string;
}
