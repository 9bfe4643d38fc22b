import { EnforcementCaseState as S } from '@grid122/contracts';
import { AppError } from '@grid122/messaging';
import { canDo, defaultClosureType, HANDLED_STATES, nextState } from './case-state-machine';

describe('case state machine', () => {
  const sut = nextState;

  it('walks the whole lifecycle: opened → inspection → confirmed → notice → re-inspections → complied → closed', () => {
    let s: S = S.Opened;
    s = sut(s, 'inspect');
    expect(s).toBe(S.Inspecting);
    s = sut(s, 'confirm_violation');
    expect(s).toBe(S.ViolationConfirmed);
    s = sut(s, 'issue_notice');
    expect(s).toBe(S.NoticeIssued);
    s = sut(s, 'reinspect_not_complied');
    expect(s).toBe(S.NoticeIssued);
    s = sut(s, 'reinspect_complied');
    expect(s).toBe(S.Complied);
    expect(sut(s, 'close')).toBe(S.Closed);
  });

  it('allows penalty then demolition, and referral before a finding', () => {
    expect(sut(sut(S.NoticeIssued, 'decide_penalty'), 'decide_forced_measure')).toBe(S.ForcedMeasure);
    expect(sut(S.Opened, 'refer')).toBe(S.Referred);
    expect(sut(S.Referred, 'close')).toBe(S.Closed);
  });

  it('refuses with ILLEGAL_TRANSITION naming the state', () => {
    try {
      sut(S.Opened, 'issue_notice');
      fail('expected a refusal');
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('ILLEGAL_TRANSITION');
      expect((e as AppError).message).toContain('"opened"');
      expect((e as AppError).details).toEqual({ currentState: 'opened', action: 'issue_notice' });
    }
    expect(() => sut(S.Closed, 'inspect')).toThrow(/"closed"/);
    expect(() => sut(S.NoticeIssued, 'close')).toThrow(/"notice_issued"/);
    expect(() => sut(S.ViolationConfirmed, 'return')).toThrow(AppError);
  });

  it('nothing leaves closed or returned', () => {
    const actions = ['inspect', 'confirm_violation', 'not_confirm', 'issue_notice', 'reinspect_complied', 'reinspect_not_complied', 'decide_penalty', 'decide_forced_measure', 'refer', 'close', 'return'] as const;
    for (const a of actions) {
      expect(canDo(S.Closed, a)).toBe(false);
      expect(canDo(S.Returned, a)).toBe(false);
    }
  });

  it('every handled state can be closed, with the office closure type', () => {
    for (const s of HANDLED_STATES) expect(canDo(s, 'close')).toBe(true);
    expect(defaultClosureType(S.Complied)).toBe('fixed');
    expect(defaultClosureType(S.Referred)).toBe('referred');
    expect(defaultClosureType(S.NotConfirmed)).toBe('closed_not_fixed');
  });
});
