import { Injectable } from '@nestjs/common';
import { addDays, addMonths, streetCalendar } from '@grid122/calendar';
import {
  Actor,
  CloseMeetingDecision,
  DoubleSelectionView,
  ListDoubleSelections,
  RecordDoubleSelection,
  GetGridMeeting,
  GridLevel,
  ListMeetingDecisions,
  ListMeetingKinds,
  ListGridMeetings,
  MEETING_KINDS,
  MeetingCadence,
  MeetingAttendanceData,
  MeetingDecisionClosedData,
  MeetingDecisionMadeData,
  MeetingDecisionView,
  MeetingFigures,
  MeetingHeldData,
  MeetingKind,
  MeetingMembersOf,
  GridMeetingView,
  OverdueMeetings,
  RecordGridMeeting,
  RegistryErrorCode,
  RegistryEvents,
  Role,
} from '@grid122/contracts';
import { AppError, OutboxWriter } from '@grid122/messaging';
import { narrowScope } from '@grid122/access';
import { DataSource } from 'typeorm';
import { rowIso } from '@grid122/persistence';
import { GridRepository } from '../grid/grid.repository';
import { assertCanWrite, foundGrid, scopeParam } from '../shared/access';
import { AttendeeRow, DecisionRow, DoubleSelectionRow, MeetingRepository, MeetingRow, MemberRow } from './meeting.repository';

const MEMBER_RULES = {
  child_heads: { selfHead: false, selfTeam: false, childHeads: true },
  head_and_child_heads: { selfHead: true, selfTeam: false, childHeads: true },
  grid_team_and_child_heads: { selfHead: false, selfTeam: true, childHeads: true },
  grid_team: { selfHead: false, selfTeam: true, childHeads: false },
} as const;

/** The day by which the next meeting is due after one held on `day` (每月/隔日/每周/每旬/每半年). */
export function nextDue(day: string, cadence: MeetingCadence): string {
  const months = (n: number) => {
    const d = Number(day.slice(8, 10));
    const month = addMonths(day.slice(0, 7), n);
    const last = Number(addDays(`${addMonths(month, 1)}-01`, -1).slice(8, 10));
    return `${month}-${String(Math.min(d, last)).padStart(2, '0')}`;
  };
  switch (cadence) {
    case 'every_other_day':
      return addDays(day, 2);
    case 'weekly':
      return addDays(day, 7);
    case 'ten_days':
      return addDays(day, 10);
    case 'monthly':
      return months(1);
    case 'half_yearly':
      return months(6);
  }
}

const daysBetween = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
const personOf = (r: { account_id: string | null; staff_id: string }) => r.account_id ?? r.staff_id;

/**
 * 三会一评 (issue 25, seed 001): meetings of each kind on their convening grid with the members the
 * registry's posts give, minutes and attendance, decisions followed to closure, the overdue
 * meetings and decisions, and the month's figures for the board and the notice.
 */
@Injectable()
export class MeetingService {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: MeetingRepository,
    private readonly grids: GridRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  kinds(): ListMeetingKinds.Reply {
    return { items: Object.values(MEETING_KINDS) };
  }

  async members(actor: Actor, req: MeetingMembersOf.Request): Promise<MeetingMembersOf.Reply> {
    const grid = await this.convening(actor, req.kind, req.gridId);
    const rows = await this.repo.members(grid, MEMBER_RULES[MEETING_KINDS[req.kind].members]);
    return { kind: req.kind, gridId: grid.id, gridPath: grid.path, members: rows.map((r) => ({ staffId: r.staff_id, accountId: r.account_id, name: r.name, role: r.role, gridPath: r.grid_path })) };
  }

  async record(actor: Actor, req: RecordGridMeeting.Request): Promise<GridMeetingView> {
    assertCanHoldMeetings(actor);
    const cal = streetCalendar();
    const heldOn = req.heldOn.slice(0, 10);
    if (cal.isFutureDay(heldOn)) throw AppError.validation([{ field: 'heldOn', messages: ['heldOn may not be in the future'] }]);
    const info = MEETING_KINDS[req.kind];
    const grid = await this.convening(actor, req.kind, req.gridId);
    const democratic = req.kind === MeetingKind.DemocraticAppraisal;
    if (!democratic && (req.democratic || req.representatives)) {
      throw AppError.validation([{ field: req.democratic ? 'democratic' : 'representatives', messages: ['only a democratic appraisal (民主评议) has representatives and a verdict'] }]);
    }
    if (democratic && !req.democratic) throw AppError.validation([{ field: 'democratic', messages: ['a democratic appraisal records the representatives’ verdict'] }]);

    const members = await this.repo.members(grid, MEMBER_RULES[info.members]);
    const byStaff = new Map(members.map((m) => [m.staff_id, m]));
    const absent = new Set(req.absentStaffIds ?? []);
    (req.absentStaffIds ?? []).forEach((id, i) => {
      if (!byStaff.has(id)) throw AppError.validation([{ field: `absentStaffIds.${i}`, messages: [`${id} is not a member of this meeting`] }]);
    });
    (req.decisions ?? []).forEach((d, i) => {
      if (!byStaff.has(d.ownerStaffId)) throw AppError.validation([{ field: `decisions.${i}.ownerStaffId`, messages: [`${d.ownerStaffId} is not a member of this meeting`] }]);
      if (d.dueOn.slice(0, 10) < heldOn) throw AppError.validation([{ field: `decisions.${i}.dueOn`, messages: ['dueOn may not be before the meeting'] }]);
    });
    const attendees: AttendeeRow[] = members.map((m) => ({ ...m, attended: !absent.has(m.staff_id), absence_reason: absent.has(m.staff_id) ? (req.absenceReason ?? null) : null }));
    const halfYear = democratic ? `${heldOn.slice(0, 4)}H${Number(heldOn.slice(5, 7)) <= 6 ? 1 : 2}` : null;

    const id = await this.ds.transaction(async (m) => {
      const meetingId = await this.repo.insertMeeting(m, {
        kind: req.kind,
        gridId: grid.id,
        gridPath: grid.path,
        heldOn,
        title: req.title ?? `${grid.name}${info.zh}`,
        minutes: req.minutes,
        representatives: req.representatives ?? null,
        democratic: req.democratic ? { ...req.democratic } : null,
        halfYear,
        by: actor.id,
        byName: actor.displayName ?? actor.username,
      });
      await this.repo.insertAttendees(m, meetingId, attendees);
      const decisions: MeetingHeldData['decisions'] = [];
      for (const d of req.decisions ?? []) {
        const owner = byStaff.get(d.ownerStaffId) as MemberRow;
        const dueOn = d.dueOn.slice(0, 10);
        const decisionId = await this.repo.insertDecision(m, { meetingId, gridPath: owner.grid_path, text: d.text, ownerStaffId: owner.staff_id, ownerName: owner.name, dueOn });
        decisions.push({ decisionId, ownerPersonId: personOf(owner), dueOn });
        const made: MeetingDecisionMadeData = { decisionId, meetingId, ownerPersonId: personOf(owner), gridPath: owner.grid_path, month: heldOn.slice(0, 7), dueOn };
        await this.outbox.add(m, { type: RegistryEvents.MeetingDecisionMade, gridPath: owner.grid_path, actorId: actor.id, data: made });
      }
      // One event per member, so appraisal credits each (its facts are one per event and indicator).
      for (const a of attendees) {
        const attendance: MeetingAttendanceData = { meetingId, kind: req.kind, staffId: a.staff_id, personId: personOf(a), gridPath: a.grid_path, month: heldOn.slice(0, 7), attended: a.attended };
        await this.outbox.add(m, { type: RegistryEvents.MeetingAttendanceRecorded, gridPath: a.grid_path, actorId: actor.id, data: attendance });
      }
      const data: MeetingHeldData = {
        meetingId,
        kind: req.kind,
        gridId: grid.id,
        gridPath: grid.path,
        heldOn,
        month: heldOn.slice(0, 7),
        attendees: attendees.map((a) => ({ staffId: a.staff_id, personId: personOf(a), gridPath: a.grid_path, attended: a.attended })),
        decisions,
        representatives: req.representatives ?? null,
        democratic: req.democratic ? { ...req.democratic } : null,
      };
      await this.outbox.add(m, { type: RegistryEvents.MeetingHeld, gridPath: grid.path, actorId: actor.id, data });
      return meetingId;
    });
    return this.get(actor, { id });
  }

  async list(actor: Actor, req: ListGridMeetings.Request): Promise<ListGridMeetings.Reply> {
    const root = narrowScope(scopeParam(actor), req.root);
    if (root === null) return { items: [] };
    const range = req.month ? streetCalendar().monthDays(req.month) : null;
    const rows = await this.repo.meetings({ scope: scopeParam(actor), root, kind: req.kind, gridId: req.gridId, from: range?.from, to: range?.to, limit: req.limit ?? 100 });
    return { items: rows.map((r) => toMeetingView(r)) };
  }

  async get(actor: Actor, req: GetGridMeeting.Request): Promise<GridMeetingView> {
    const [row] = await this.repo.meetings({ scope: scopeParam(actor), root: scopeParam(actor), id: req.id, limit: 1 });
    if (!row) throw new AppError(RegistryErrorCode.MeetingNotFound, `Meeting ${req.id} not found`, { id: req.id });
    const [attendees, decisions] = await Promise.all([this.repo.attendees(row.id), this.repo.decisions({ scope: '', root: '', actorId: actor.id, meetingId: row.id })]);
    const today = streetCalendar().today();
    return {
      ...toMeetingView(row),
      attendees: attendees.map((a) => ({ staffId: a.staff_id, accountId: a.account_id, name: a.name, role: a.role, gridPath: a.grid_path, attended: a.attended, absenceReason: a.absence_reason })),
      decisions: decisions.map((d) => toDecisionView(d, today)),
    };
  }

  async overdue(actor: Actor, req: OverdueMeetings.Request): Promise<OverdueMeetings.Reply> {
    const today = streetCalendar().today();
    const root = narrowScope(scopeParam(actor), req.root);
    if (root === null) return { today, items: [] };
    const items: OverdueMeetings.Reply['items'] = [];
    for (const info of Object.values(MEETING_KINDS)) {
      if (req.kind && req.kind !== info.kind) continue;
      for (const g of await this.repo.lastHeld(root, info.level, info.kind)) {
        const dueOn = g.last ? nextDue(g.last, info.cadence) : null;
        if (dueOn && dueOn >= today) continue;
        items.push({ kind: info.kind, kindLabel: { zh: info.zh, en: info.en }, cadence: info.cadence, gridId: g.id, gridPath: g.path, gridName: g.name, lastHeldOn: g.last, dueOn, daysOverdue: dueOn ? daysBetween(dueOn, today) : null });
      }
    }
    return { today, items };
  }

  async decisions(actor: Actor, req: ListMeetingDecisions.Request): Promise<ListMeetingDecisions.Reply> {
    const today = streetCalendar().today();
    const root = narrowScope(scopeParam(actor), req.root);
    // A grid head owns decisions of the meeting above their grid: those stay visible to them.
    const rows = await this.repo.decisions({
      scope: scopeParam(actor),
      root: root ?? scopeParam(actor),
      actorId: actor.id,
      state: req.state,
      overdueBefore: req.overdue === true || req.overdue === 'true' ? today : undefined,
      ownerStaffId: req.ownerStaffId,
    });
    return { items: rows.map((d) => toDecisionView(d, today)) };
  }

  async close(actor: Actor, req: CloseMeetingDecision.Request): Promise<MeetingDecisionView> {
    const today = streetCalendar().today();
    const [d] = await this.repo.decisions({ scope: scopeParam(actor), root: '', actorId: actor.id, id: req.id });
    if (!d) throw new AppError(RegistryErrorCode.MeetingNotFound, `Decision ${req.id} not found`, { id: req.id });
    const owner = d.owner_account_id === actor.id;
    if (!owner) assertCanHoldMeetings(actor);
    if (d.state !== 'open') throw AppError.illegalTransition('meeting decision', d.state, 'close');
    await this.ds.transaction(async (m) => {
      if (!(await this.repo.closeDecision(m, d.id, today, req.note, actor.id))) throw AppError.illegalTransition('meeting decision', 'done', 'close');
      const data: MeetingDecisionClosedData = { decisionId: d.id, meetingId: d.meeting_id, ownerPersonId: d.owner_account_id ?? d.owner_staff_id, gridPath: d.grid_path, dueOn: d.due_on, doneOn: today, onTime: today <= d.due_on };
      await this.outbox.add(m, { type: RegistryEvents.MeetingDecisionClosed, gridPath: d.grid_path, actorId: actor.id, data });
    });
    const [after] = await this.repo.decisions({ scope: '', root: '', actorId: actor.id, id: req.id });
    return toDecisionView(after, today);
  }

  async figures(actor: Actor, req: MeetingFigures.Request): Promise<MeetingFigures.Reply> {
    const cal = streetCalendar();
    const month = req.month ?? cal.month();
    const root = narrowScope(scopeParam(actor), req.root);
    if (root === null) throw AppError.forbidden('The root is outside your scope');
    const { from, to } = cal.monthDays(month);
    const today = cal.today();
    const [{ byKind, decisions }, overdue] = await Promise.all([this.repo.monthFigures(root, from, to, today), this.overdue(actor, { root })]);
    const members = byKind.reduce((s, k) => s + k.members, 0);
    const attended = byKind.reduce((s, k) => s + k.attended, 0);
    return {
      month,
      root,
      held: byKind.reduce((s, k) => s + k.held, 0),
      byKind: Object.values(MEETING_KINDS).map((info) => {
        const k = byKind.find((x) => x.kind === info.kind);
        return { kind: info.kind, zh: info.zh, held: k?.held ?? 0, attendanceRate: k?.members ? round(k.attended / k.members) : null };
      }),
      attendanceRate: members ? round(attended / members) : null,
      decisions: { made: decisions.made, done: decisions.done, doneOnTime: decisions.done_on_time, open: decisions.open, overdue: decisions.overdue },
      overdueMeetings: overdue.items.length,
    };
  }

  /** 双向选择: one side's choice of a post; matched once both sides chose each other. */
  async choose(actor: Actor, req: RecordDoubleSelection.Request): Promise<DoubleSelectionView> {
    assertCanWrite(actor);
    const grid = foundGrid(await this.grids.findInScope(req.gridId, scopeParam(actor)), req.gridId);
    const expected = req.role === 'seconded_staff' ? GridLevel.Compound : null;
    if (expected && grid.level !== expected) throw new AppError(RegistryErrorCode.WrongGridLevel, 'Seconded cadres are chosen for level-2 grids', { field: 'gridId', expected, actual: grid.level });
    if (![GridLevel.Community, GridLevel.Compound, GridLevel.BuildingCluster].includes(grid.level)) throw new AppError(RegistryErrorCode.WrongGridLevel, 'Grid heads are chosen for level 1-3 grids', { field: 'gridId', actual: grid.level });
    const staff: { id: string }[] = await this.ds.query(`SELECT id FROM registry.staff WHERE id = $1`, [req.staffId]);
    if (!staff.length) throw AppError.validation([{ field: 'staffId', messages: [`${req.staffId} is not a registered person`] }]);
    return toSelectionView(await this.repo.choose({ id: grid.id, path: grid.path }, req.staffId, req.role, req.side, actor.id));
  }

  async selections(actor: Actor, req: ListDoubleSelections.Request): Promise<ListDoubleSelections.Reply> {
    const root = narrowScope(scopeParam(actor), req.root);
    if (root === null) return { items: [] };
    return { items: (await this.repo.selections({ root, state: req.state })).map(toSelectionView) };
  }

  /** The convening grid of a kind: in scope (404 otherwise) and of the kind's level. */
  private async convening(actor: Actor, kind: MeetingKind, gridId: string): Promise<{ id: string; path: string; name: string }> {
    const grid = foundGrid(await this.grids.findInScope(gridId, scopeParam(actor)), gridId);
    const level = MEETING_KINDS[kind].level;
    if (grid.level !== level) {
      throw new AppError(RegistryErrorCode.WrongGridLevel, `A ${MEETING_KINDS[kind].zh} is held on a ${level} grid, not a ${grid.level} grid`, { field: 'gridId', expected: level, actual: grid.level });
    }
    return { id: grid.id, path: grid.path, name: grid.name };
  }
}

/** Who records meetings: the registry's writers (admin, command centre, organisation group) in their scope. */
export function assertCanHoldMeetings(actor: Actor): void {
  // 社区工作站: holds the community's meetings and those of its compounds (the grid must be in its scope).
  if (actor.role === Role.CommunityStation) return;
  if (actor.role === Role.GridWorker) throw AppError.forbidden('Meetings are recorded by the command centre, the organisation group or the community workstation');
  assertCanWrite(actor);
}

function toSelectionView(r: DoubleSelectionRow): DoubleSelectionView {
  return {
    id: r.id,
    gridId: r.grid_id,
    gridPath: r.grid_path,
    staffId: r.staff_id,
    staffName: r.staff_name,
    role: r.role,
    cadreChoseAt: rowIso(r.cadre_chose_at),
    gridChoseAt: rowIso(r.grid_chose_at),
    state: r.cadre_chose_at && r.grid_chose_at ? 'matched' : r.cadre_chose_at ? 'cadre_chose' : 'grid_chose',
  };
}

function toMeetingView(r: MeetingRow): GridMeetingView {
  const info = MEETING_KINDS[r.kind as MeetingKind];
  return {
    id: r.id,
    kind: r.kind as MeetingKind,
    kindLabel: { zh: info.zh, en: info.en },
    gridId: r.grid_id,
    gridPath: r.grid_path,
    gridName: r.grid_name,
    heldOn: r.held_on,
    title: r.title,
    minutes: r.minutes,
    members: r.members,
    attended: r.attended,
    attendanceRate: r.members ? round(r.attended / r.members) : null,
    representatives: r.representatives,
    democratic: r.democratic,
    halfYear: r.half_year,
    recordedByName: r.recorded_by_name,
  };
}

function toDecisionView(d: DecisionRow, today: string): MeetingDecisionView {
  return {
    id: d.id,
    meetingId: d.meeting_id,
    meetingKind: d.meeting_kind as MeetingKind,
    gridPath: d.grid_path,
    text: d.text,
    ownerStaffId: d.owner_staff_id,
    ownerName: d.owner_name,
    dueOn: d.due_on,
    state: d.state,
    overdue: d.state === 'open' && d.due_on < today,
    doneAt: d.done_on,
    doneNote: d.done_note,
    onTime: d.done_on ? d.done_on <= d.due_on : null,
  };
}

const round = (x: number) => Math.round(x * 1000) / 1000;
