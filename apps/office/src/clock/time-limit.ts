import { LIMIT_UNIT_LABELS, LIMIT_UNITS, LimitUnit } from '@grid122/contracts';

/**
 * A time limit (时限) as configured per category and counted by the incident clock, in one of the
 * contracts' LimitUnit (工作小时, 工作日, 自然日).
 *
 * - `working_hours` / `working_days` run only during the office's working time (工作时); a
 *   working day is the day's total working minutes (7 h with the default 08:30-12:00, 14:00-17:30).
 * - `calendar_days` is for legal-style limits (自然日): every day counts, see
 *   `WorkCalendar.addCalendarDays` for how the last day is settled.
 *
 * JSON-able: `{ "value": 4, "unit": "working_hours" }`.
 */
export interface TimeLimit {
  value: number;
  unit: LimitUnit;
}

/** Working-time units share one scale (working minutes); calendar days are a scale of their own. */
export function isWorkingUnit(unit: LimitUnit): unit is 'working_hours' | 'working_days' {
  return unit === 'working_hours' || unit === 'working_days';
}

/** Returns the problems with a limit (empty when valid); calendar days must be whole days. */
export function timeLimitProblems(limit: TimeLimit): string[] {
  const problems: string[] = [];
  if (!LIMIT_UNITS.includes(limit.unit)) problems.push(`unknown unit "${String(limit.unit)}"`);
  if (typeof limit.value !== 'number' || !Number.isFinite(limit.value) || limit.value <= 0) {
    problems.push(`value must be a positive number, got ${String(limit.value)}`);
  } else if (limit.unit === 'calendar_days' && !Number.isInteger(limit.value)) {
    problems.push(`calendar_days must be a whole number, got ${limit.value}`);
  }
  return problems;
}

/** Human label, e.g. `4 工作小时`, `7 自然日`. */
export function formatTimeLimit(limit: TimeLimit, lang: 'zh' | 'en' = 'zh'): string {
  return `${limit.value} ${LIMIT_UNIT_LABELS[limit.unit][lang]}`;
}
