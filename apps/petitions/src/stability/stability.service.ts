import { Injectable } from '@nestjs/common';
import { streetToday } from '@grid122/calendar';
import { DataSource } from 'typeorm';
import {
  AcknowledgeWarning,
  Actor,
  CurrentWarnings,
  IssueWarning,
  LiftWarning,
  ListMeetings,
  ListUnacknowledged,
  ListWarnings,
  MeetingView,
  PetitionsErrorCode,
  PetitionsEvents,
  RecordMeeting,
  WARNING_LEVEL_LABELS,
  WarningAcknowledgedData,
  WarningIssuedData,
  WarningLevel,
  WarningReason,
  WarningState,
  WarningView,
} from '@grid122/contracts';
import { AppError, OutboxWriter } from '@grid122/messaging';
import { isWithinScope } from '@grid122/access';
import { rowIso } from '@grid122/persistence';
import { actorName, mayCommand, mayManage, mayRead, mayWorkOnGrid, readScope, ensure, requireInScope } from '../identity/access.policy';
import { MeetingRow, StabilityRepository, WarningGridRow, WarningRow } from './stability.repository';

/** A grid path concerns a scope when either lies within the other. */
const overlaps = (path: string, scope: string) => isWithinScope(path, scope) || isWithinScope(scope, path);

/**
 * Four-level stability warnings (四级预警): the commander warns a set of grids for a period;
 * warned grids see it first and acknowledge it (签收); high-risk people there are visited more
 * often while it is in force (see PopulationRepository). And the weekly stability meetings.
 */
@Injectable()
export class StabilityService {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: StabilityRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  async issue(actor: Actor, req: IssueWarning.Request): Promise<WarningView> {
    ensure(mayCommand(actor), 'issue stability warnings');
    const paths = [...new Set(req.gridPaths)];
    paths.forEach((p, i) => requireInScope(actor, p, `gridPaths[${i}]`));
    const startsAt = new Date(req.startsAt);
    const endsAt = new Date(req.endsAt);
    if (endsAt <= startsAt) throw AppError.validation([{ field: 'endsAt', messages: ['endsAt must be after startsAt'] }]);
    if (endsAt <= new Date()) throw AppError.validation([{ field: 'endsAt', messages: ['endsAt must be in the future'] }]);
    const { id } = await this.ds.transaction(async (m) => {
      const w = await this.repo.insertWarning(m, { level: req.level, reasonKind: req.reasonKind, reason: req.reason, startsAt, endsAt, scopePath: actor.scope, byId: actor.id, byName: actorName(actor) }, paths);
      await this.outbox.add(m, {
        type: PetitionsEvents.WarningIssued,
        gridPath: actor.scope || null,
        data: { warningId: w.id, ref: w.ref, level: req.level, reason: req.reason, gridPaths: paths, startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString() },
      });
      return w;
    });
    return this.view(actor, id);
  }

  async list(actor: Actor, req: ListWarnings.Request): Promise<ListWarnings.Reply> {
    ensure(mayRead(actor), 'read stability warnings');
    const limit = req.limit ?? 50;
    const offset = req.offset ?? 0;
    const { rows, total } = await this.repo.listWarnings({ scope: readScope(actor, req.gridPath), state: req.state, current: req.current === true, limit, offset });
    return { items: await this.views(actor, rows), total, limit, offset };
  }

  /** What is in force over the caller's grids now, highest level first, and what they still must acknowledge. */
  async current(actor: Actor): Promise<CurrentWarnings.Reply> {
    ensure(mayRead(actor), 'read stability warnings');
    const { rows } = await this.repo.listWarnings({ scope: actor.scope, current: true, limit: 100, offset: 0 });
    const items = await this.views(actor, rows);
    const toAcknowledge = mayCommand(actor)
      ? []
      : items.flatMap((w) => w.grids.filter((g) => !g.acknowledgedAt && overlaps(g.gridPath, actor.scope)).map((g) => ({ warningId: w.id, gridPath: g.gridPath })));
    return { items, highestLevel: items.length ? (Math.max(...items.map((w) => w.level)) as WarningLevel) : null, toAcknowledge };
  }

  async get(actor: Actor, id: string): Promise<WarningView> {
    ensure(mayRead(actor), 'read stability warnings');
    if (!(await this.repo.getWarning(id)) || !(await this.repo.concerns(id, actor.scope))) throw this.notFound(id);
    return this.view(actor, id);
  }

  /** 签收: by the grids under the warning (not the command that issued it). */
  async acknowledge(actor: Actor, req: AcknowledgeWarning.Request): Promise<WarningView> {
    ensure(mayWorkOnGrid(actor) && !mayCommand(actor), 'acknowledge warnings (the warned grids do)');
    await this.ds.transaction(async (m) => {
      const w = await this.repo.getWarning(req.id, m, true);
      if (!w || !(await this.repo.concerns(req.id, actor.scope))) throw this.notFound(req.id);
      if (w.state !== WarningState.Active) throw AppError.illegalTransition('warning', w.state, 'acknowledge');
      const mine = (await this.repo.grids([w.id])).filter((g) => overlaps(g.grid_path, actor.scope) && (!req.gridPath || g.grid_path === req.gridPath));
      const open = mine.filter((g) => !g.acknowledged_at).map((g) => g.grid_path);
      if (!open.length) {
        throw new AppError(PetitionsErrorCode.NothingToAcknowledge, req.gridPath ? `${req.gridPath} is not a grid of this warning awaiting your acknowledgement` : 'Every grid of this warning you answer for is already acknowledged', { field: 'gridPath' });
      }
      const done = await this.repo.acknowledge(m, w.id, open, { id: actor.id, name: actorName(actor) }, req.note ?? null);
      await this.outbox.add(m, { type: PetitionsEvents.WarningAcknowledged, gridPath: actor.scope || null, data: { warningId: w.id, gridPaths: done, byId: actor.id } });
    });
    return this.view(actor, req.id);
  }

  async unacknowledged(actor: Actor, req: ListUnacknowledged.Request): Promise<ListUnacknowledged.Reply> {
    ensure(mayRead(actor), 'read stability warnings');
    if (!(await this.repo.getWarning(req.id)) || !(await this.repo.concerns(req.id, actor.scope))) throw this.notFound(req.id);
    const grids = await this.repo.grids([req.id]);
    return { warningId: req.id, grids: grids.filter((g) => !g.acknowledged_at && overlaps(g.grid_path, actor.scope)).map((g) => g.grid_path) };
  }

  async lift(actor: Actor, req: LiftWarning.Request): Promise<WarningView> {
    ensure(mayCommand(actor), 'lift stability warnings');
    await this.ds.transaction(async (m) => {
      const w = await this.repo.getWarning(req.id, m, true);
      if (!w || !(await this.repo.concerns(req.id, actor.scope))) throw this.notFound(req.id);
      if (w.state !== WarningState.Active) throw AppError.illegalTransition('warning', w.state, 'lift');
      await this.repo.updateWarning(m, w.id, { state: WarningState.Lifted, lifted_at: new Date(), lift_note: req.note ?? null });
    });
    return this.view(actor, req.id);
  }

  // ---- weekly meetings (维稳工作例会) ----

  async recordMeeting(actor: Actor, req: RecordMeeting.Request): Promise<MeetingView> {
    ensure(mayManage(actor), 'record stability meetings');
    requireInScope(actor, req.gridPath);
    if (req.heldOn > streetToday()) throw AppError.validation([{ field: 'heldOn', messages: ['heldOn cannot be in the future'] }]);
    const id = await this.ds.transaction((m) =>
      this.repo.insertMeeting(m, {
        heldOn: req.heldOn,
        gridPath: req.gridPath,
        chair: req.chair,
        attendees: req.attendees.map((a) => ({ name: a.name, role: a.role })),
        topics: req.topics,
        decisions: req.decisions.map((d) => ({ text: d.text, owner: d.owner ?? null, dueOn: d.dueOn ?? null })),
        byId: actor.id,
        byName: actorName(actor),
      }),
    );
    return this.meetingView((await this.repo.getMeeting(id))!);
  }

  async listMeetings(actor: Actor, req: ListMeetings.Request): Promise<ListMeetings.Reply> {
    ensure(mayRead(actor), 'read stability meetings');
    const limit = req.limit ?? 50;
    const offset = req.offset ?? 0;
    const { rows, total } = await this.repo.listMeetings({ scope: readScope(actor, req.gridPath), limit, offset });
    return { items: rows.map((r) => this.meetingView(r)), total, limit, offset };
  }

  async getMeeting(actor: Actor, id: string): Promise<MeetingView> {
    ensure(mayRead(actor), 'read stability meetings');
    const row = await this.repo.getMeeting(id);
    if (!row || !overlaps(row.grid_path, actor.scope)) throw new AppError(PetitionsErrorCode.MeetingNotFound, `Meeting ${id} not found`, { id });
    return this.meetingView(row);
  }

  private notFound(id: string) {
    return new AppError(PetitionsErrorCode.WarningNotFound, `Warning ${id} not found`, { id });
  }

  private async view(actor: Actor, id: string): Promise<WarningView> {
    const row = await this.repo.getWarning(id);
    if (!row) throw this.notFound(id);
    return (await this.views(actor, [row]))[0];
  }

  private async views(actor: Actor, rows: WarningRow[]): Promise<WarningView[]> {
    const grids = await this.repo.grids(rows.map((r) => r.id));
    return rows.map((r) => {
      // The command sees every warned grid; a grid sees its own.
      const mine = grids.filter((g: WarningGridRow) => g.warning_id === r.id && (mayCommand(actor) || overlaps(g.grid_path, actor.scope)));
      const level = r.level as WarningLevel;
      return {
        id: r.id,
        ref: r.ref,
        level,
        colour: WARNING_LEVEL_LABELS[level].colour,
        label: { zh: WARNING_LEVEL_LABELS[level].zh, en: WARNING_LEVEL_LABELS[level].en },
        reasonKind: r.reason_kind as WarningReason,
        reason: r.reason,
        startsAt: rowIso(r.starts_at)!,
        endsAt: rowIso(r.ends_at)!,
        state: r.state as WarningState,
        current: r.current,
        issuedBy: r.issued_by_name,
        issuedAt: rowIso(r.issued_at)!,
        grids: mine.map((g) => ({ gridPath: g.grid_path, acknowledgedAt: rowIso(g.acknowledged_at), acknowledgedBy: g.acknowledged_by_name, note: g.note })),
        unacknowledged: mine.filter((g) => !g.acknowledged_at).length,
      };
    });
  }

  private meetingView(r: MeetingRow): MeetingView {
    return {
      id: r.id,
      heldOn: r.held_on,
      week: r.week,
      gridPath: r.grid_path,
      chair: r.chair,
      attendees: r.attendees,
      topics: r.topics,
      decisions: r.decisions,
      recordedBy: r.recorded_by_name,
      recordedAt: rowIso(r.recorded_at)!,
    };
  }
}
