import { ClosureType, FieldError, IncidentAction, IncidentActionBody, IncidentState } from '@grid122/contracts';

/**
 * The office's workflow as one table (数字城管: 立案 → 派遣 → 处置 → 反馈 → 核查 → 结案), pure and
 * framework-free. The service adds the who (role, assignee, grid) and the what (fields); this
 * table alone decides which state an action may start from and where it leads.
 */

/** Who may take an action (the service maps actors onto these). */
export type ActorKind =
  /** 街道指挥中心: the street commander (admin passes as one). */
  | 'commander'
  /** The member of the dispatched unit, or the liaison of the dispatched department. */
  | 'assignee'
  /** The grid worker whose scope holds the incident's grid. */
  | 'grid_worker'
  /** The account that reported it. */
  | 'reporter';

/** Where an action leads: a state, or back to where it came from. */
export type Target = IncidentState | 'same' | 'previous' | 'reopened';

export interface TransitionRule {
  from: readonly IncidentState[];
  to: Target;
  by: readonly ActorKind[];
  /** Body fields the action cannot do without. */
  requires?: readonly ('reason' | 'result' | 'closureType' | 'unitOrDepartment' | 'value' | 'originalId')[];
}

const S = IncidentState;
/** States in which the street is still working the case and the clock matters (督办). */
export const ACTIVE_STATES: readonly IncidentState[] = [S.Reported, S.Registered, S.Dispatched, S.Accepted, S.InProgress];
/** States that are no longer open (not candidates for "me too"). */
export const FINAL_STATES: readonly IncidentState[] = [S.Closed, S.Rejected, S.Duplicate];
const WORKING: readonly IncidentState[] = [S.Registered, S.Dispatched, S.Accepted, S.InProgress];

export const TRANSITIONS: Readonly<Record<IncidentAction, TransitionRule>> = {
  [IncidentAction.Register]: { from: [S.Reported], to: S.Registered, by: ['commander'] },
  [IncidentAction.Reject]: { from: [S.Reported], to: S.Rejected, by: ['commander'], requires: ['reason'] },
  [IncidentAction.Dispatch]: { from: [S.Registered], to: S.Dispatched, by: ['commander'], requires: ['unitOrDepartment'] },
  // A joint case: the second assignee accepting an accepted case joins it; the lead stays (首问负责).
  [IncidentAction.Accept]: { from: [S.Dispatched, S.Accepted, S.InProgress], to: S.Accepted, by: ['assignee'] },
  [IncidentAction.Return]: { from: [S.Dispatched, S.Accepted, S.InProgress], to: S.Registered, by: ['assignee'], requires: ['reason'] },
  [IncidentAction.Suspend]: { from: WORKING, to: S.Suspended, by: ['commander'], requires: ['reason'] },
  [IncidentAction.Resume]: { from: [S.Suspended], to: 'previous', by: ['commander'] },
  [IncidentAction.Extend]: { from: WORKING, to: 'same', by: ['commander'], requires: ['value', 'reason'] },
  [IncidentAction.Handle]: { from: [S.Accepted, S.InProgress], to: S.Handled, by: ['assignee'], requires: ['result'] },
  [IncidentAction.Verify]: { from: [S.Handled], to: S.Verified, by: ['grid_worker', 'commander'] },
  [IncidentAction.Rework]: { from: [S.Handled, S.Verified], to: S.InProgress, by: ['grid_worker', 'commander'], requires: ['reason'] },
  [IncidentAction.Close]: {
    from: [S.Registered, S.Dispatched, S.Accepted, S.InProgress, S.Handled, S.Verified, S.Escalated],
    to: S.Closed,
    by: ['commander'],
    requires: ['closureType'],
  },
  [IncidentAction.Escalate]: { from: [...WORKING, S.Suspended], to: S.Escalated, by: ['commander'], requires: ['reason'] },
  [IncidentAction.Reopen]: { from: [S.Closed], to: 'reopened', by: ['reporter', 'grid_worker', 'commander'], requires: ['reason'] },
  // The desk's hand on "me too": merge a report not yet registered into its original; unmerge it.
  [IncidentAction.Merge]: { from: [S.Reported], to: S.Duplicate, by: ['commander'], requires: ['originalId'] },
  [IncidentAction.Unmerge]: { from: [S.Duplicate], to: S.Reported, by: ['commander'], requires: ['reason'] },
};

/** `fixed` is an honest closure only once the grid has verified it, or the district solved it. */
export const FIXED_CLOSABLE_FROM: readonly IncidentState[] = [S.Verified, S.Escalated];

export interface DecideContext {
  /** The state before a suspension (for resume). */
  suspendedFrom?: IncidentState | null;
  /** Some unit or department has accepted it (reopen goes back to it). */
  hasLead?: boolean;
  closureType?: ClosureType | null;
}

export type Decision = { ok: true; to: IncidentState } | { ok: false; reason: 'illegal' | 'fixed_needs_verification' };

/** Where `action` leads from `state`, or why it may not. */
export function decide(state: IncidentState, action: IncidentAction, ctx: DecideContext = {}): Decision {
  const rule = TRANSITIONS[action];
  if (!rule || !rule.from.includes(state)) return { ok: false, reason: 'illegal' };
  if (action === IncidentAction.Close && ctx.closureType === ClosureType.Fixed && !FIXED_CLOSABLE_FROM.includes(state)) {
    return { ok: false, reason: 'fixed_needs_verification' };
  }
  switch (rule.to) {
    case 'same':
      return { ok: true, to: state };
    case 'previous':
      return ctx.suspendedFrom && WORKING.includes(ctx.suspendedFrom) ? { ok: true, to: ctx.suspendedFrom } : { ok: true, to: S.Registered };
    case 'reopened':
      // Back to whoever handled it (rework), or to the hub for dispatch when nobody had it.
      return { ok: true, to: ctx.hasLead ? S.InProgress : S.Registered };
    default:
      return { ok: true, to: rule.to };
  }
}

/** The actions possible from a state (for the UI's buttons). */
export function actionsFrom(state: IncidentState): IncidentAction[] {
  return (Object.keys(TRANSITIONS) as IncidentAction[]).filter((a) => TRANSITIONS[a].from.includes(state));
}

/** The body fields an action lacks (TRANSITIONS' `requires`, and a `not_responsible` closure's responsible party), each naming its field. */
export function missingFields(action: IncidentAction, body: IncidentActionBody): FieldError[] {
  const problems: FieldError[] = [];
  for (const r of TRANSITIONS[action].requires ?? []) {
    if (r === 'unitOrDepartment') {
      if (!body.unit && !body.departmentId) problems.push({ field: 'unit', messages: [`unit or departmentId is required to ${action}`] });
    } else if (body[r] === undefined || body[r] === null || body[r] === '') {
      problems.push({ field: r, messages: [`${r} is required to ${action}`] });
    }
  }
  if (action === IncidentAction.Close && body.closureType === ClosureType.NotResponsible && !body.responsibleParty) {
    problems.push({ field: 'responsibleParty', messages: ['responsibleParty names whose responsibility it is (not_responsible)'] });
  }
  return problems;
}
