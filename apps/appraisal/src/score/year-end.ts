import { GetYearEnd, YEAR_END_RATING_LABELS } from '@grid122/contracts';
import { round2 } from '../common/month';

export interface MonthTier {
  month: string;
  total: number;
  tier: number;
}

/** Months whose tier is lower (a higher number) than the month before: a fall (降档). */
export function tierFalls(months: MonthTier[]): number {
  const sorted = [...months].sort((a, b) => a.month.localeCompare(b.month));
  let falls = 0;
  for (let i = 1; i < sorted.length; i++) if (sorted[i].tier > sorted[i - 1].tier) falls++;
  return falls;
}

export const MAX_FALLS_FOR_EXCELLENT = 2;

/**
 * Year-end rating of one person (Baotaqiao rules): three falls to a lower tier in the year, or
 * one verified complaint, and the person can be neither rated excellent nor put forward for
 * higher awards, and the year's bonus is cut. Excellent needs the plan's annual average.
 */
export function yearEndRating(months: MonthTier[], complaints: number, excellentMin: number): {
  average: number;
  falls: number;
  eligible: boolean;
  reasons: { zh: string; en: string }[];
  rating: GetYearEnd.Rating;
} {
  const average = months.length ? round2(months.reduce((s, m) => s + m.total, 0) / months.length) : 0;
  const falls = tierFalls(months);
  const reasons: { zh: string; en: string }[] = [];
  if (falls > MAX_FALLS_FOR_EXCELLENT) reasons.push({ zh: `全年降档 ${falls} 次（三次及以上）`, en: `${falls} falls to a lower tier in the year (three or more)` });
  if (complaints > 0) reasons.push({ zh: `有查实投诉 ${complaints} 件`, en: `${complaints} verified complaint(s)` });
  const eligible = reasons.length === 0;
  let rating: GetYearEnd.Rating;
  if (average >= excellentMin && eligible) rating = 'excellent';
  else if (average >= 70) rating = 'competent';
  else if (average >= 60) rating = 'basically_competent';
  else rating = 'not_competent';
  return { average, falls, eligible, reasons, rating };
}

export const ratingLabel = (r: GetYearEnd.Rating) => YEAR_END_RATING_LABELS[r];
