import { EnforcementCaseState as S } from '@grid122/contracts';
import { AppError } from '@grid122/messaging';

/** What can be done to a case; the inspection and re-inspection outcomes are actions of their own. */
export type CaseAction =
  | 'inspect' // inspection without a conclusion yet (调查取证)
  | 'confirm_violation' // inspection finding: violation confirmed (违法属实)
  | 'not_confirm' // inspection finding: no violation (查无违法)
  | 'issue_notice' // 责令限期整改
  | 'reinspect_complied' // 复查: 整改到位
  | 'reinspect_not_complied' // 复查: 未整改, next date set
  | 'decide_penalty' // 处罚决定
  | 'decide_forced_measure' // 强制措施 (e.g. 强制拆除)
  | 'refer' // 移送有权机关
  | 'close' // 结案
  | 'return'; // 退回 the office

const T: Record<CaseAction, Partial<Record<S, S>>> = {
  inspect: { [S.Opened]: S.Inspecting, [S.Inspecting]: S.Inspecting },
  confirm_violation: { [S.Opened]: S.ViolationConfirmed, [S.Inspecting]: S.ViolationConfirmed },
  not_confirm: { [S.Opened]: S.NotConfirmed, [S.Inspecting]: S.NotConfirmed },
  issue_notice: { [S.ViolationConfirmed]: S.NoticeIssued },
  reinspect_complied: { [S.NoticeIssued]: S.Complied },
  reinspect_not_complied: { [S.NoticeIssued]: S.NoticeIssued },
  decide_penalty: { [S.ViolationConfirmed]: S.PenaltyDecided, [S.NoticeIssued]: S.PenaltyDecided },
  // A penalty that is not obeyed is followed by a forced measure (违建: 处罚 → 强制拆除).
  decide_forced_measure: { [S.ViolationConfirmed]: S.ForcedMeasure, [S.NoticeIssued]: S.ForcedMeasure, [S.PenaltyDecided]: S.ForcedMeasure },
  refer: { [S.Opened]: S.Referred, [S.Inspecting]: S.Referred, [S.ViolationConfirmed]: S.Referred, [S.NoticeIssued]: S.Referred },
  close: { [S.Complied]: S.Closed, [S.NotConfirmed]: S.Closed, [S.PenaltyDecided]: S.Closed, [S.ForcedMeasure]: S.Closed, [S.Referred]: S.Closed },
  return: { [S.Opened]: S.Returned, [S.Inspecting]: S.Returned },
};

/** States in which the office's incident counts as handled (处置完毕): the result is fed back. */
export const HANDLED_STATES: ReadonlySet<S> = new Set([S.Complied, S.NotConfirmed, S.PenaltyDecided, S.ForcedMeasure, S.Referred]);

/** The next state, or 409 ILLEGAL_TRANSITION naming the current state. */
export function nextState(state: S, action: CaseAction): S {
  const next = T[action][state];
  if (!next) throw AppError.illegalTransition('enforcement case', state, action);
  return next;
}

export function canDo(state: S, action: CaseAction): boolean {
  return T[action][state] !== undefined;
}

/** The office's closure type for a case closed from this state, unless the officer says otherwise. */
export function defaultClosureType(state: S): 'fixed' | 'closed_not_fixed' | 'referred' {
  switch (state) {
    case S.Referred:
      return 'referred';
    case S.NotConfirmed:
      return 'closed_not_fixed';
    default:
      return 'fixed';
  }
}
