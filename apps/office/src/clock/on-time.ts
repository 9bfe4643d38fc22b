import { IncidentClock } from './incident-clock';
import { TimeLimit } from './time-limit';

export interface OnTimeFacts {
  reportedAt: Date;
  dispatchedAt: Date | null;
  /** When the result was fed back (处置反馈); the clock stops there. */
  handledAt: Date | null;
  closedAt: Date;
  limits: { registerDispatch: TimeLimit; dispose: TimeLimit };
  suspensions: { from: Date; to: Date | null }[];
  extensions: { value: number; unit: TimeLimit['unit']; approvedAt: Date; phase: 'register_dispatch' | 'dispose' }[];
}

/**
 * 按期结案 (closed on time), measured from the report (docs/metrics.md): the case was dispatched
 * within the register+dispatch limit counted from its report, and its result was fed back within
 * the disposal limit counted from its first dispatch, with suspensions and approved extensions
 * counted as the clock counts them. A case closed without a dispatch is on time when it was closed
 * within the register+dispatch limit. So a problem reported in 2013 and registered in 2026 is late
 * however fast it was fixed after registration.
 */
export function closedOnTime(clock: IncidentClock, f: OnTimeFacts): boolean {
  const firstStop = new Date(Math.max((f.dispatchedAt ?? f.closedAt).getTime(), f.reportedAt.getTime()));
  const exts = (phase: OnTimeFacts['extensions'][number]['phase']) =>
    f.extensions.filter((e) => e.phase === phase).map((e) => ({ value: e.value, unit: e.unit, approvedAt: e.approvedAt }));
  const registered = clock.read(
    { startedAt: f.reportedAt, limit: f.limits.registerDispatch, suspensions: f.suspensions, extensions: exts('register_dispatch'), closedAt: firstStop },
    firstStop,
  );
  if (registered.overdue) return false;
  if (!f.dispatchedAt) return true;
  const stop = new Date(Math.max((f.handledAt ?? f.closedAt).getTime(), f.dispatchedAt.getTime()));
  const disposed = clock.read(
    { startedAt: f.dispatchedAt, limit: f.limits.dispose, suspensions: f.suspensions, extensions: exts('dispose'), closedAt: stop },
    stop,
  );
  return !disposed.overdue;
}
