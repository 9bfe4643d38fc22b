/**
 * The street's calendar dates: "today" and "this month" are the street's (its configured zone,
 * sent by the gateway on every answer as `x-street-time-zone`; Asia/Shanghai until one arrives),
 * never the browser's own zone.
 */
let zone = 'Asia/Shanghai';

export function setStreetTimeZone(z: string): void {
  try {
    new Intl.DateTimeFormat('en-CA', { timeZone: z });
    zone = z;
  } catch {
    /* an unknown zone keeps the last good one */
  }
}

export const streetTimeZone = (): string => zone;

/** `YYYY-MM-DD` of an instant in the street's zone. */
export const streetDay = (d: Date = new Date()): string => {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(d).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}`;
};
const shiftMonth = (ym: string, n: number): string => {
  const [y, m] = ym.split('-').map(Number);
  const i = y * 12 + (m - 1) + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
};
export const today = (): string => streetDay();
export const thisMonth = (): string => today().slice(0, 7);
export const monthStart = (): string => `${thisMonth()}-01`;
export const lastMonth = (): string => shiftMonth(thisMonth(), -1);
