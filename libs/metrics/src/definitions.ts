import { ClosureType } from '@grid122/contracts';

/**
 * The published figures' definitions, in code (docs/metrics.md says them in words). Every reader
 * — the office's ledger and counters, the hub, the appraisal notice and scores, the exports and
 * Open311 — takes them from here instead of restating them.
 */

/** 解决 (solved): the closure types that count a problem as solved. Only a fix solves it. */
export const SOLVED_CLOSURES: readonly ClosureType[] = [ClosureType.Fixed];

export const isSolvedClosure = (closureType: ClosureType | string | null | undefined): boolean =>
  !!closureType && (SOLVED_CLOSURES as readonly string[]).includes(closureType);

/**
 * 返工 (rework): a case counts as reworked, once however often it happens, when its handling was
 * sent back at verification (`rework`) or when it is reopened after a closure that solved it (the
 * fix did not hold). Reopening a case closed as not ours (`not_responsible`) or not fixable
 * (`closed_not_fixed`) is not rework: nothing had been handled wrong.
 */
export const reopenIsRework = (closureTypeBeforeReopen: ClosureType | string | null | undefined): boolean => isSolvedClosure(closureTypeBeforeReopen);

/** A percentage with 2 decimals, null when there is nothing to divide by (never 0% of nothing). */
export const percent = (numerator: number, denominator: number): number | null =>
  denominator > 0 ? Math.round((numerator / denominator) * 10_000) / 100 : null;
