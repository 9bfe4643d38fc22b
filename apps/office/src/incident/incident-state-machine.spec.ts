import { ClosureType, IncidentAction as A, IncidentState as S } from '@grid122/contracts';
import { ACTIVE_STATES, actionsFrom, decide, TRANSITIONS } from './incident-state-machine';

describe('incident state machine', () => {
  const allStates = Object.values(S);

  it.each<[S, A, S]>([
    [S.Reported, A.Register, S.Registered],
    [S.Reported, A.Reject, S.Rejected],
    [S.Registered, A.Dispatch, S.Dispatched],
    [S.Dispatched, A.Accept, S.Accepted],
    [S.Accepted, A.Accept, S.Accepted],
    [S.Dispatched, A.Return, S.Registered],
    [S.Accepted, A.Return, S.Registered],
    [S.Accepted, A.Suspend, S.Suspended],
    [S.Accepted, A.Extend, S.Accepted],
    [S.Accepted, A.Handle, S.Handled],
    [S.InProgress, A.Handle, S.Handled],
    [S.Handled, A.Verify, S.Verified],
    [S.Handled, A.Rework, S.InProgress],
    [S.Verified, A.Rework, S.InProgress],
    [S.Verified, A.Close, S.Closed],
    [S.Registered, A.Escalate, S.Escalated],
    [S.Escalated, A.Close, S.Closed],
  ])('%s --%s--> %s', (from, action, to) => {
    expect(decide(from, action, { closureType: ClosureType.Fixed })).toEqual({ ok: true, to });
  });

  it('resume goes back to the state before the suspension', () => {
    expect(decide(S.Suspended, A.Resume, { suspendedFrom: S.InProgress })).toEqual({ ok: true, to: S.InProgress });
    expect(decide(S.Suspended, A.Resume, { suspendedFrom: S.Dispatched })).toEqual({ ok: true, to: S.Dispatched });
    expect(decide(S.Suspended, A.Resume, {})).toEqual({ ok: true, to: S.Registered });
  });

  it('reopen goes back to the lead when there was one, else to dispatch', () => {
    expect(decide(S.Closed, A.Reopen, { hasLead: true })).toEqual({ ok: true, to: S.InProgress });
    expect(decide(S.Closed, A.Reopen, { hasLead: false })).toEqual({ ok: true, to: S.Registered });
  });

  it('closing as fixed needs a verification first; other closure types do not', () => {
    expect(decide(S.Handled, A.Close, { closureType: ClosureType.Fixed })).toEqual({ ok: false, reason: 'fixed_needs_verification' });
    expect(decide(S.Registered, A.Close, { closureType: ClosureType.NotResponsible })).toEqual({ ok: true, to: S.Closed });
    expect(decide(S.Dispatched, A.Close, { closureType: ClosureType.Referred })).toEqual({ ok: true, to: S.Closed });
  });

  it.each<[S, A]>([
    [S.Reported, A.Dispatch],
    [S.Registered, A.Accept],
    [S.Dispatched, A.Handle],
    [S.Closed, A.Close],
    [S.Rejected, A.Register],
    [S.Duplicate, A.Register],
    [S.Suspended, A.Handle],
    [S.Handled, A.Handle],
    [S.Closed, A.Rework],
  ])('refuses %s --%s--> (illegal)', (from, action) => {
    expect(decide(from, action)).toEqual({ ok: false, reason: 'illegal' });
  });

  it('terminal states allow nothing but reopen of a closed one and the desk undoing a merge', () => {
    expect(actionsFrom(S.Rejected)).toEqual([]);
    expect(actionsFrom(S.Duplicate)).toEqual([A.Unmerge]);
    expect(actionsFrom(S.Closed)).toEqual([A.Reopen]);
  });

  it('merges only a report not yet registered, and unmerges it back to reported', () => {
    expect(decide(S.Reported, A.Merge)).toEqual({ ok: true, to: S.Duplicate });
    expect(decide(S.Registered, A.Merge)).toEqual({ ok: false, reason: 'illegal' });
    expect(decide(S.Duplicate, A.Unmerge)).toEqual({ ok: true, to: S.Reported });
  });

  it('every state but the terminal ones has a way forward, and every rule starts from real states', () => {
    for (const s of allStates.filter((x) => ![S.Rejected, S.Duplicate].includes(x))) expect(actionsFrom(s).length).toBeGreaterThan(0);
    for (const rule of Object.values(TRANSITIONS)) for (const f of rule.from) expect(allStates).toContain(f);
    expect(ACTIVE_STATES).not.toContain(S.Suspended);
  });

  it('reasons are required where the issue asks for them', () => {
    for (const a of [A.Reject, A.Return, A.Suspend, A.Escalate, A.Rework, A.Reopen]) expect(TRANSITIONS[a].requires).toContain('reason');
    expect(TRANSITIONS[A.Close].requires).toContain('closureType');
    expect(TRANSITIONS[A.Handle].requires).toContain('result');
  });
});
