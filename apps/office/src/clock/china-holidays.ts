import type { CalendarDates } from './work-calendar.config';

/**
 * China's public holidays and adjusted working days (调休), year by year, as data. A year is
 * `published` when it is copied from the State Council General Office's notice
 * (国务院办公厅关于 N 年部分节假日安排的通知), `provisional` when it is derived from the holiday rules
 * (全国年节及纪念日放假办法, as revised in 2024) while the notice is not yet in this table: the office
 * logs a warning at boot for a provisional year, and for any deadline computed in a year that is not
 * loaded at all (see WorkCalendar.coverage and IncidentClockService).
 *
 * To add a year: append it here (or give OFFICE_WORK_CALENDAR with `holidays`,
 * `adjustedWorkingDays` and `loadedYears`), and mark it `published` with the notice's date.
 */
export interface HolidayYear {
  year: number;
  status: 'published' | 'provisional';
  source: string;
  holidays: CalendarDates[];
  adjustedWorkingDays: CalendarDates[];
}

export const CHINA_HOLIDAY_YEARS: readonly HolidayYear[] = [
  {
    year: 2026,
    status: 'published',
    source: '国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04)',
    holidays: [
      { from: '2026-01-01', to: '2026-01-03', name: '元旦' },
      { from: '2026-02-15', to: '2026-02-23', name: '春节' },
      { from: '2026-04-04', to: '2026-04-06', name: '清明节' },
      { from: '2026-05-01', to: '2026-05-05', name: '劳动节' },
      { from: '2026-06-19', to: '2026-06-21', name: '端午节' },
      { from: '2026-09-25', to: '2026-09-27', name: '中秋节' },
      { from: '2026-10-01', to: '2026-10-07', name: '国庆节' },
    ],
    adjustedWorkingDays: [
      { from: '2026-01-04', name: '元旦调休上班' },
      { from: '2026-02-14', name: '春节调休上班' },
      { from: '2026-02-28', name: '春节调休上班' },
      { from: '2026-05-09', name: '劳动节调休上班' },
      { from: '2026-09-20', name: '国庆节调休上班' },
      { from: '2026-10-10', name: '国庆节调休上班' },
    ],
  },
  {
    // Derived from the rules (元旦 1, 春节 4 from 除夕, 清明 1, 劳动节 2, 端午 1, 中秋 1, 国庆 3 days;
    // a statutory day on a weekend is made up on the next weekday; longer breaks borrow weekend
    // days as in 2026). 春节 2027: 除夕 is Fri 5 Feb, 初一 Sat 6 Feb. Replace with the notice.
    // Checked 2026-12-07: 《国务院办公厅关于2027年部分节假日安排的通知》 was not found (searched the
    // stored public pages and holiday data sets; those with a 2027 file had none, or copied 2026's
    // dates). The notice usually appears in early November (2026's: 2025-11-04). Until it is
    // copied in and `status` set to 'published', the office warns at boot (WORK CALENDAR …
    // provisional) and the dates below decide 2027's deadlines.
    year: 2027,
    status: 'provisional',
    source: '按《全国年节及纪念日放假办法》推算，待国务院办公厅2027年节假日安排通知确认',
    holidays: [
      { from: '2027-01-01', to: '2027-01-03', name: '元旦' },
      { from: '2027-02-05', to: '2027-02-13', name: '春节' },
      { from: '2027-04-03', to: '2027-04-05', name: '清明节' },
      { from: '2027-05-01', to: '2027-05-05', name: '劳动节' },
      { from: '2027-06-09', name: '端午节' },
      { from: '2027-09-15', name: '中秋节' },
      { from: '2027-10-01', to: '2027-10-07', name: '国庆节' },
    ],
    adjustedWorkingDays: [
      { from: '2027-01-31', name: '春节调休上班' },
      { from: '2027-02-20', name: '春节调休上班' },
      { from: '2027-04-25', name: '劳动节调休上班' },
      { from: '2027-09-26', name: '国庆节调休上班' },
      { from: '2027-10-09', name: '国庆节调休上班' },
    ],
  },
];
