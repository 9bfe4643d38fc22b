/**
 * The loop to the caller (回访闭环): the reporter's answer on a closed case (办结满意度). 不满意
 * reopens the case as rework within the reopen window; every answer feeds 满意率 by the one
 * definition in `@grid122/metrics` (docs/metrics.md).
 */
export enum Satisfaction {
  Satisfied = 'satisfied', // 满意
  BasicallySatisfied = 'basically_satisfied', // 基本满意
  Dissatisfied = 'dissatisfied', // 不满意
}

export const SATISFACTION_LABELS: Record<Satisfaction, { zh: string; en: string }> = {
  [Satisfaction.Satisfied]: { zh: '满意', en: 'Satisfied' },
  [Satisfaction.BasicallySatisfied]: { zh: '基本满意', en: 'Basically satisfied' },
  [Satisfaction.Dissatisfied]: { zh: '不满意', en: 'Dissatisfied' },
};

/** An answer given in Chinese (满意 / 基本满意 / 不满意) or as the code. */
export function parseSatisfaction(v: string | null | undefined): Satisfaction | null {
  const t = (v ?? '').trim();
  if (!t) return null;
  const byCode = Object.values(Satisfaction).find((s) => s === t.toLowerCase());
  if (byCode) return byCode;
  const byLabel = (Object.entries(SATISFACTION_LABELS) as [Satisfaction, { zh: string }][]).find(([, l]) => l.zh === t);
  return byLabel ? byLabel[0] : null;
}
