/**
 * Calendar arithmetic on the street's days (YYYY-MM-DD strings, already in the street's zone):
 * the whole weeks (Monday to Sunday) or months ending on or before a day.
 */
export function addDays(day: string, n: number): string {
  const t = new Date(`${day}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return `${t.getUTCFullYear()}-${String(t.getUTCMonth() + 1).padStart(2, '0')}-${String(t.getUTCDate()).padStart(2, '0')}`;
}

/** ISO weekday of a day: 1 Monday … 7 Sunday. */
export function weekday(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay() || 7;
}

function monthStart(day: string): string {
  return `${day.slice(0, 7)}-01`;
}

function addMonths(day: string, n: number): string {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7)) - 1 + n;
  const yy = y + Math.floor(m / 12);
  const mm = ((m % 12) + 12) % 12;
  return `${yy}-${String(mm + 1).padStart(2, '0')}-01`;
}

/** The `count` whole periods ending on or before `to`, oldest first, as [first day, last day]. */
export function periodsEndingBy(to: string, period: 'week' | 'month', count: number): [string, string][] {
  const out: [string, string][] = [];
  if (period === 'week') {
    // The last whole week: ends on the Sunday on or before `to`.
    const lastSunday = addDays(to, -(weekday(to) % 7));
    for (let k = count - 1; k >= 0; k--) {
      const end = addDays(lastSunday, -7 * k);
      out.push([addDays(end, -6), end]);
    }
    return out;
  }
  const lastWhole = addDays(to, 1).slice(8) === '01' ? monthStart(to) : addMonths(monthStart(to), -1);
  for (let k = count - 1; k >= 0; k--) {
    const start = addMonths(lastWhole, -k);
    out.push([start, addDays(addMonths(start, 1), -1)]);
  }
  return out;
}
