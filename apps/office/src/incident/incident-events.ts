import { Injectable } from '@nestjs/common';
import { IncidentEventData, IncidentState } from '@grid122/contracts';
import { rowPoint } from '@grid122/persistence';
import { maskName, PiiCipher } from '@grid122/privacy';
import { Doer } from './incident-access';
import { assigneesOf, HistoryRow, IncidentRow } from './incident.row';

/** An incident event's data from its row: the same fields for every office.incident.* event, the reporter's name masked in its text. */
@Injectable()
export class IncidentEventBuilder {
  constructor(private readonly pii: PiiCipher) {}

  /** An escalation's (上报区级) case file: the reason, the description and the history so far (the reporter's name masked in their text by eventData). */
  escalation(row: IncidentRow, history: HistoryRow[], reason: string): IncidentEventData['escalation'] {
    return {
      reason,
      description: row.description ?? row.title,
      history: history.map((h) => ({ action: h.action, fromState: h.from_state, toState: h.to_state, at: new Date(h.at).toISOString(), byRole: h.by_role, note: h.note })),
    };
  }

  eventData(row: IncidentRow, fromState: IncidentState | null, doer: Doer | null, extra: Partial<IncidentEventData> = {}): IncidentEventData {
    return namesMasked(this.pii.open(row.reporter_name), {
      incidentId: row.id,
      code: row.code,
      title: row.title,
      keyArea: row.key_area,
      category: row.category,
      gridPath: row.grid_path,
      gridId: row.grid_id,
      state: row.state,
      fromState,
      source: row.source,
      sourceRef: row.source_ref,
      reportedById: row.reporter_account_id,
      ...assigneesOf(row),
      location: rowPoint(row.lng, row.lat), // null when filed by its area alone
      address: row.address,
      deadline: row.deadline ? new Date(row.deadline).toISOString() : null,
      reportedAt: new Date(row.reported_at).toISOString(),
      reworkCount: row.rework_count,
      priority: row.priority,
      duplicateOfId: row.duplicate_of,
      closureType: row.closure_type,
      resolutionLevel: row.resolution_level,
      onTime: row.on_time,
      byId: doer?.id ?? null,
      byRole: doer?.role ?? null,
      ...extra,
    });
  }
}

/**
 * The reporter's name written into an event's free text (a hotline title, the escalation's reason
 * and description) masked, as the outbox masks contacts and name fields (docs/security.md): no
 * resident's name in an event.
 */
function namesMasked(name: string | null, d: IncidentEventData): IncidentEventData {
  if (!name || name.length < 2) return d;
  const hide = <T extends string | null | undefined>(v: T): T => (v ? (v.split(name).join(maskName(name)!) as T) : v);
  const e = d.escalation;
  return {
    ...d,
    title: hide(d.title),
    ...(d.note ? { note: hide(d.note) } : {}),
    ...(e ? { escalation: { ...e, reason: hide(e.reason), description: hide(e.description), history: e.history.map((h) => ({ ...h, note: hide(h.note) })) } } : {}),
  };
}
