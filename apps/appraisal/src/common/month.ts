import { addMonths as addStreetMonths, streetCalendar } from '@grid122/calendar';

/**
 * Months are the street's calendar months (its configured zone, Asia/Shanghai by default): an
 * event at 2025-03-31T17:00Z belongs to April. Stored as the month's first day (`date`).
 */
export function monthOf(at: string | Date): string {
  return streetCalendar().month(at);
}

export const currentMonth = (now: Date = new Date()): string => monthOf(now);

/** 'YYYY-MM' → 'YYYY-MM-01' (the date column value). */
export const monthDate = (month: string): string => `${month}-01`;

export const addMonths = addStreetMonths;

/** '2025-03' → '2025H1' */
export const halfYearOf = (month: string): string => `${month.slice(0, 4)}H${Number(month.slice(5, 7)) <= 6 ? 1 : 2}`;

/** Ancestor-or-self prefixes of a grid path, shortest first. */
export function pathPrefixes(path: string): string[] {
  const labels = path.split('.');
  return labels.map((_, i) => labels.slice(0, i + 1).join('.'));
}

export const pathDepth = (path: string): number => path.split('.').length;

export function ancestorAt(path: string, depth: number): string | null {
  const labels = path.split('.');
  return labels.length >= depth ? labels.slice(0, depth).join('.') : null;
}

export const round2 = (x: number): number => Math.round(x * 100) / 100;
