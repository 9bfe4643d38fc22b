import { AppError } from '@grid122/messaging';

/** A date the caller gave (400 naming the field when it is not one), else the fallback. */
export function dateOr(field: string, v: string | undefined, fallback: Date): Date {
  if (!v) return fallback;
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) throw AppError.validation([{ field, messages: [`${field} must be a date`] }]);
  return d;
}
