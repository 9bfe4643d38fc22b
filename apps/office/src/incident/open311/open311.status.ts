import { ClosureType, INCIDENT_STATE_LABELS, IncidentState, Open311ExtendedStatus, Open311PlainStatus } from '@grid122/contracts';

/**
 * Honest statuses for Open311. Plain GeoReport v2 knows only `open` and `closed`; FixMyStreet's
 * extended statuses (its perllib/Open311.pm `map_state` and the statuses it sends with
 * `extended_statuses`) say how a case ended. Every FixMyStreet reads them whatever its own
 * `extended_statuses` setting, while a bare `closed` is shown as "fixed" by a FixMyStreet in its
 * default configuration (`closed => extended_statuses ? 'closed' : 'fixed - council'`): so a case
 * closed other than fixed is never answered as a bare `closed` without notes saying why.
 */
export type PlainStatus = Open311PlainStatus;
export type ExtendedStatus = Open311ExtendedStatus;

const S = IncidentState;
const CLOSED: readonly IncidentState[] = [S.Closed, S.Rejected, S.Duplicate];

export const plainStatus = (s: IncidentState): PlainStatus => (CLOSED.includes(s) ? 'closed' : 'open');

export function extendedStatus(s: IncidentState, closure: ClosureType | null): ExtendedStatus {
  switch (s) {
    case S.Reported:
      return 'open';
    case S.Registered:
    case S.Suspended:
      return 'investigating';
    case S.Dispatched:
    case S.Accepted:
      return 'action_scheduled';
    case S.InProgress:
    case S.Handled:
    case S.Verified:
    case S.Escalated:
      return 'in_progress';
    case S.Rejected:
      return 'no_further_action';
    case S.Duplicate:
      return 'duplicate';
    case S.Closed:
      return closure === ClosureType.NotResponsible ? 'not_councils_responsibility'
        : closure === ClosureType.Referred ? 'internal_referral'
        : closure === ClosureType.ClosedNotFixed ? 'no_further_action'
        : 'fixed';
  }
}

/**
 * Why a case stands where it does, in Chinese first: every closure but `fixed` says so in words,
 * so a plain client that only sees `closed` can still tell the resident the truth.
 */
export function statusNote(s: IncidentState, closure: ClosureType | null, note: string | null, responsible?: string | null): string {
  const why = note?.trim() ? `：${note.trim()}` : '';
  switch (s) {
    case S.Rejected:
      return `不予立案${why}`;
    case S.Duplicate:
      return `已合并为重复上报${why}`;
    case S.Closed: {
      if (!closure || closure === ClosureType.Fixed) return `已解决${why}`;
      if (closure === ClosureType.NotResponsible) return `不属于本街道职责${responsible ? `，责任方：${responsible}` : ''}${why}`;
      return closure === ClosureType.Referred ? `已转交其他部门办理${why}` : `已结案，问题未能解决${why}`;
    }
    default:
      return `${INCIDENT_STATE_LABELS[s].zh}${why}`;
  }
}
