import { ClosureType, IncidentState } from '@grid122/contracts';
import { CounterDeltas } from '../stats/stats.repository';
import { IncidentRow } from '../incident/incident.row';

/**
 * What one incident adds to its cohort's daily counters (office.stats_daily), by the same rules as
 * `StatsRepository.recountSql` — so a reclassification can take exactly that from the old key area
 * and give it to the new one.
 */
export function ledgerCountersOf(row: Pick<IncidentRow, 'state' | 'registered_at' | 'handled_ever' | 'rework_count' | 'closure_type' | 'on_time' | 'resolution_level'>): CounterDeltas {
  const closed = row.state === IncidentState.Closed;
  const c: CounterDeltas = {
    found: row.state === IncidentState.Duplicate ? 0 : 1,
    duplicates: row.state === IncidentState.Duplicate ? 1 : 0,
    registered: row.registered_at ? 1 : 0,
    rejected: row.state === IncidentState.Rejected ? 1 : 0,
    handled: row.handled_ever ? 1 : 0,
    reworked: row.rework_count > 0 ? 1 : 0,
    closed: closed ? 1 : 0,
    solved: closed && row.closure_type === ClosureType.Fixed ? 1 : 0,
    closed_on_time: closed && row.on_time ? 1 : 0,
    misregistered: closed && row.closure_type === ClosureType.NotResponsible ? 1 : 0,
  };
  if (closed && row.resolution_level) c[`res_${row.resolution_level}`] = 1;
  return c;
}

/** The same counters with the opposite sign. */
export function negated(d: CounterDeltas): CounterDeltas {
  return Object.fromEntries(Object.entries(d).map(([k, v]) => [k, v ? -v : 0])) as CounterDeltas;
}
