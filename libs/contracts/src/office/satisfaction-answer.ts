import { labelled, ValueOf } from '../common/labelled';

/**
 * The loop to the caller (回访闭环): the reporter's answer on a closed case (办结满意度). 不满意
 * reopens the case as rework within the reopen window; every answer feeds 满意率 by the one
 * definition in `@grid122/metrics` (docs/metrics.md).
 */
export const { values: Satisfaction, labels: SATISFACTION_LABELS } = labelled({
  Satisfied: ['satisfied', '满意', 'Satisfied'],
  BasicallySatisfied: ['basically_satisfied', '基本满意', 'Basically satisfied'],
  Dissatisfied: ['dissatisfied', '不满意', 'Dissatisfied'],
});
export type Satisfaction = ValueOf<typeof Satisfaction>;

/** An answer given in Chinese (满意 / 基本满意 / 不满意) or as the code. */
export function parseSatisfaction(v: string | null | undefined): Satisfaction | null {
  const t = (v ?? '').trim();
  if (!t) return null;
  const byCode = Object.values(Satisfaction).find((s) => s === t.toLowerCase());
  if (byCode) return byCode;
  const byLabel = (Object.entries(SATISFACTION_LABELS) as [Satisfaction, { zh: string }][]).find(([, l]) => l.zh === t);
  return byLabel ? byLabel[0] : null;
}
