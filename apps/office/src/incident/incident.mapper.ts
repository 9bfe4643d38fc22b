import {
  ClockView,
  HistoryEntryView,
  INCIDENT_STATE_LABELS,
  IncidentView,
  KEY_AREA_LABELS,
  Role,
  Actor,
  SATISFACTION_LABELS,
} from '@grid122/contracts';
import { rowIso, rowPoint } from '@grid122/persistence';
import { maskContactsInText, maskName, maskPhone, PiiCipher } from '@grid122/privacy';
import { CategoryDefinition } from '../category/category.defaults';
import { formatTimeLimit } from '../clock/time-limit';
import { IncidentClockService } from './incident-clock.service';
import { assigneesOf, HistoryRow, IncidentRow } from './incident.row';

/** Maps rows to the API's view by listing fields; rows never leave the service. */
export class IncidentMapper {
  constructor(
    private readonly clock: IncidentClockService,
    private readonly pii: PiiCipher,
  ) {}

  toView(row: IncidentRow, category: CategoryDefinition | undefined, now: Date, actor: Actor | null, history?: HistoryRow[]): IncidentView {
    return this.view(row, category, now, actor, history, { name: this.pii.open(row.reporter_name), phone: row.reporter_phone ? this.pii.decrypt(row.reporter_phone) : null });
  }

  /**
   * The view of a row the caller has just written with this reporter (the intake): the name and
   * phone as given, not decrypted back from what was just encrypted (#27, no re-read of a write).
   */
  toNewView(row: IncidentRow, category: CategoryDefinition | undefined, now: Date, actor: Actor | null, reporter: { name: string | null; phone: string | null }): IncidentView {
    return this.view(row, category, now, actor, undefined, reporter);
  }

  private view(row: IncidentRow, category: CategoryDefinition | undefined, now: Date, actor: Actor | null, history: HistoryRow[] | undefined, reporter: { name: string | null; phone: string | null }): IncidentView {
    // Masked for every role, the street command and the admin too (138****5678, 王**): the full
    // reporter only through the audited reveal (office.incident.reveal-reporter).
    const phone = reporter.phone ? maskPhone(reporter.phone) : null;
    const platform = actor?.role === Role.Platform;
    const view: IncidentView = {
      id: row.id,
      code: row.code,
      // contacts a caller wrote into the text masked for every person; the street's own platform (API key) keeps them
      title: platform ? row.title : maskContactsInText(row.title),
      description: platform || row.description == null ? row.description : maskContactsInText(row.description),
      keyArea: row.key_area,
      keyAreaLabel: KEY_AREA_LABELS[row.key_area],
      category: row.category,
      categoryName: category?.name ?? row.category,
      state: row.state,
      stateLabel: INCIDENT_STATE_LABELS[row.state],
      source: row.source,
      sourceRef: row.source_ref,
      gridId: row.grid_id,
      gridPath: row.grid_path,
      location: rowPoint(row.lng, row.lat), // null when filed by its area alone
      address: row.address,
      photos: row.photos ?? [],
      reporter: row.reporter_account_id || row.reporter_name || phone ? { accountId: row.reporter_account_id, name: maskName(reporter.name), phone } : null,
      priority: row.priority,
      duplicateOfId: row.duplicate_of,
      duplicateCount: row.duplicate_count,
      ...assigneesOf(row),
      reworkCount: row.rework_count,
      closureType: row.closure_type,
      notResponsibleParty: row.responsible_party,
      resolutionLevel: row.resolution_level,
      onTime: row.on_time,
      result: row.result,
      resultPhotos: row.result_photos ?? [],
      completionReply: row.completion_reply,
      districtReply: row.district_reply ?? null,
      districtDueAt: rowIso(row.district_due_at ?? null),
      satisfaction: row.satisfaction,
      satisfactionLabel: row.satisfaction ? SATISFACTION_LABELS[row.satisfaction] : null,
      verificationPhotos: row.verification_photos ?? [],
      diaryId: row.diary_id,
      reportedAt: rowIso(row.reported_at)!,
      registeredAt: rowIso(row.registered_at),
      dispatchedAt: rowIso(row.dispatched_at),
      handledAt: rowIso(row.handled_at),
      closedAt: rowIso(row.closed_at),
      supervisedAt: rowIso(row.supervised_at),
      updatedAt: rowIso(row.updated_at)!,
      deadline: rowIso(row.deadline),
      clock: category ? this.clockView(row, category, now) : null,
    };
    if (history) view.history = history.map((h) => this.historyView(h));
    return view;
  }

  clockView(row: IncidentRow, category: CategoryDefinition, now: Date): ClockView | null {
    const c = this.clock.input(row, category);
    if (!c) return null;
    const r = this.clock.read(c.input, now);
    const round = (n: number) => Math.round(n * 100) / 100;
    return {
      phase: c.phase,
      limit: { value: c.limit.value, unit: c.limit.unit, label: formatTimeLimit(c.limit) },
      startedAt: c.input.startedAt.toISOString(),
      deadline: r.deadline.toISOString(),
      elapsedMinutes: round(r.elapsedMinutes),
      remainingMinutes: round(r.remainingMinutes),
      overdueMinutes: round(r.overdueMinutes),
      fractionUsed: Math.round(r.fractionUsed * 10000) / 10000,
      overdue: r.overdue,
      light: r.light,
      lightLabel: IncidentClockService.lightLabel(r.light),
      paused: r.paused,
      closed: r.closed,
      scale: r.scale,
    };
  }

  historyView(h: HistoryRow): HistoryEntryView {
    return {
      seq: h.seq,
      action: h.action,
      fromState: h.from_state,
      toState: h.to_state,
      byId: h.by_id,
      // a resident who commented (Open311 updates) is named masked, as the reporter is (王**)
      byName: h.by_role === 'resident' ? maskName(h.by_name) : h.by_name,
      byRole: h.by_role,
      at: rowIso(h.at)!,
      note: h.note,
      ...(h.photos?.length ? { photos: h.photos } : {}),
    };
  }
}
