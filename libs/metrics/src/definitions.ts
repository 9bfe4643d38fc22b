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

/**
 * 满意率 (satisfaction): an answer counts as satisfied when it is 满意 or 基本满意 (a return
 * visit: 4 or 5 stars), and only when the problem was fixed — a resident "satisfied" with a case
 * closed as not ours or not fixable does not make it a satisfied case. 满意率 = satisfied / answered.
 * The democratic appraisal weighs the three answers 1, 0.6 and 0 (`democraticRate`).
 */
export const SATISFIED_MIN_RATING = 4;
export const SATISFIED_ANSWERS: readonly string[] = ['satisfied', 'basically_satisfied'];

/** A reporter's answer on a closed case (满意 / 基本满意 / 不满意) by the one rule. */
export const isSatisfiedAnswer = (answer: string | null | undefined, closureType: ClosureType | string | null | undefined): boolean =>
  !!answer && SATISFIED_ANSWERS.includes(answer) && isSolvedClosure(closureType);

/** A return visit's rating (1-5 stars) and whether the reporter says it was fixed, by the same rule. */
export const isSatisfiedRating = (rating: number, fixed: boolean): boolean => fixed && rating >= SATISFIED_MIN_RATING;

/** The democratic appraisal's rate: 满意 1, 基本满意 0.6, 不满意 0 (0 without answers). */
export const democraticRate = (satisfied: number, basically: number, dissatisfied: number): number =>
  satisfied + basically + dissatisfied === 0 ? 0 : (satisfied + 0.6 * basically) / (satisfied + basically + dissatisfied);
