import { Injectable } from '@nestjs/common';
import { streetToday } from '@grid122/calendar';
import {
  Actor, AddSocialTeamMember, AdjustPoints, CommonErrorCode, CreateSocialTeam, GetSocialTeam, ListSocialTeams, ListSocialVolunteers,
  ListVolunteerActivities, PointsBalances, PointsChangedData, PointsEntryView, PointsLedger, RecordVolunteerActivity, RegisterSocialVolunteer,
  RemoveSocialTeamMember, SocialErrorCode, SocialEvents, SocialTeamView, SocialVolunteerView, VolunteerActivityView, VolunteerFigures,
} from '@grid122/contracts';
import { AppError, OutboxWriter } from '@grid122/messaging';
import { isWithinScope } from '@grid122/access';
import { decodeCursor, keysetPage } from '@grid122/persistence';
import { maskName, PiiCipher } from '@grid122/privacy';
import { EntityManager } from 'typeorm';
import { iso, monthRange, num } from '../shared/rows';
import { requireFieldWork, requireInScope, requireManage, requireRead, SocialPolicy } from '../shared/social-policy';
import { pointsHolderView } from '../shared/points-holder';
import { LedgerRow, TeamRow, VolunteerRow, VolunteersRepository } from './volunteers.repository';

/** Volunteers (志愿者, often Y members of a grid), their 13 teams, hours and points (积分). */
@Injectable()
export class VolunteersService {
  constructor(
    readonly repo: VolunteersRepository,
    private readonly outbox: OutboxWriter,
    private readonly pii: PiiCipher,
  ) {}

  private toView(v: VolunteerRow, actor: Actor): SocialVolunteerView {
    return {
      id: v.id,
      ...pointsHolderView(v, actor, this.pii),
      gender: v.gender,
      gridId: v.grid_id,
      gridPath: v.grid_path,
      yRole: v.y_role,
      personId: v.person_id,
      teams: v.teams ?? [],
      hoursTotal: num(v.hours_total),
      active: v.active,
      createdAt: iso(v.created_at)!,
    };
  }

  private teamView(t: TeamRow): SocialTeamView {
    return { id: t.id, code: t.code, name: t.name, special: t.special, description: t.description, streetPath: t.street_path, members: num(t.members), hoursTotal: num(t.hours_total) };
  }

  /** A volunteer the actor may see (in scope), or 404. */
  async visible(id: string, actor: Actor, m?: EntityManager): Promise<VolunteerRow> {
    const v = await this.repo.find(id, m);
    if (!v || !isWithinScope(v.grid_path, actor.scope)) throw new AppError(SocialErrorCode.VolunteerNotFound, `Volunteer ${id} not found`, { id });
    return v;
  }

  private async team(id: string, actor: Actor, m?: EntityManager): Promise<TeamRow> {
    const t = await this.repo.findTeam(id, m);
    if (!t || !(isWithinScope(t.street_path, actor.scope) || isWithinScope(actor.scope, t.street_path))) {
      throw new AppError(SocialErrorCode.TeamNotFound, `Volunteer team ${id} not found`, { id });
    }
    return t;
  }

  async register(actor: Actor, req: RegisterSocialVolunteer.Request): Promise<SocialVolunteerView> {
    requireManage(actor);
    requireInScope(actor, req.gridPath);
    const id = await this.repo.ds.transaction(async (m) => {
      const newId = await this.repo.insert(m, {
        ...req,
        phoneEnc: req.phone ? this.pii.encrypt(req.phone) : null,
        phoneHash: req.phone ? this.pii.hash(req.phone) : null,
      });
      for (const teamId of req.teamIds ?? []) {
        await this.team(teamId, actor, m);
        await this.repo.addMember(m, teamId, newId);
      }
      return newId;
    });
    return this.get(actor, id);
  }

  async list(actor: Actor, req: ListSocialVolunteers.Request) {
    requireRead(actor);
    const limit = req.limit ?? 50;
    const rows = await this.repo.list(actor, req, req.cursor ? decodeCursor(req.cursor, ['time', 'uuid']) : null, limit + 1);
    return keysetPage(rows, limit, (v) => this.toView(v, actor), (v) => [v.ck, v.id]);
  }

  async get(actor: Actor, id: string): Promise<SocialVolunteerView> {
    requireRead(actor);
    return this.toView(await this.visible(id, actor), actor);
  }

  // ---- teams ---------------------------------------------------------------------------------

  async teams(actor: Actor, req: ListSocialTeams.Request): Promise<ListSocialTeams.Reply> {
    requireRead(actor);
    if (req.gridPath && !isWithinScope(req.gridPath, actor.scope) && !isWithinScope(actor.scope, req.gridPath)) return { items: [] };
    return { items: (await this.repo.teams(actor, req.gridPath)).map((t) => this.teamView(t)) };
  }

  async createTeam(actor: Actor, req: CreateSocialTeam.Request): Promise<SocialTeamView> {
    requireManage(actor);
    requireInScope(actor, req.streetPath);
    const existing = (await this.repo.teams(actor, req.streetPath)).find((t) => t.code === req.code && t.street_path === req.streetPath);
    if (existing) throw new AppError(CommonErrorCode.Conflict, `Team ${req.code} already exists in ${req.streetPath}`, { field: 'code' });
    const id = await this.repo.insertTeam({ code: req.code, name: req.name, special: req.special ?? false, description: req.description ?? null, streetPath: req.streetPath });
    return this.teamView((await this.repo.findTeam(id))!);
  }

  async getTeam(actor: Actor, id: string): Promise<GetSocialTeam.Reply> {
    requireRead(actor);
    const t = await this.team(id, actor);
    const members = await this.repo.teamMembers(id);
    const names = SocialPolicy.seesNames(actor);
    return {
      ...this.teamView(t),
      memberList: members
        .filter((x) => isWithinScope(x.grid_path, actor.scope))
        .map((x) => ({ volunteerId: x.volunteer_id, name: names ? x.name : (maskName(x.name) ?? ''), gridPath: x.grid_path, joinedAt: iso(x.joined_at)! })),
    };
  }

  async addMember(actor: Actor, req: AddSocialTeamMember.Request): Promise<GetSocialTeam.Reply> {
    requireManage(actor);
    await this.repo.ds.transaction(async (m) => {
      await this.team(req.teamId, actor, m);
      await this.visible(req.volunteerId, actor, m);
      await this.repo.addMember(m, req.teamId, req.volunteerId);
    });
    return this.getTeam(actor, req.teamId);
  }

  async removeMember(actor: Actor, req: RemoveSocialTeamMember.Request): Promise<GetSocialTeam.Reply> {
    requireManage(actor);
    await this.team(req.teamId, actor);
    await this.visible(req.volunteerId, actor);
    if (!(await this.repo.removeMember(req.teamId, req.volunteerId))) throw AppError.notFound('team membership');
    return this.getTeam(actor, req.teamId);
  }

  // ---- activities ----------------------------------------------------------------------------

  async recordActivity(actor: Actor, req: RecordVolunteerActivity.Request): Promise<VolunteerActivityView> {
    requireFieldWork(actor);
    if (req.activityDate > streetToday()) throw AppError.validation([{ field: 'activityDate', messages: ['activityDate cannot be in the future'] }]);
    const row = await this.repo.ds.transaction(async (m) => {
      const v = await this.visible(req.volunteerId, actor, m);
      if (req.teamId) await this.team(req.teamId, actor, m);
      const inserted = await this.repo.insertActivity(m, {
        volunteerId: v.id, teamId: req.teamId ?? null, serviceRequestId: null, title: req.title, activityDate: req.activityDate, hours: req.hours, gridPath: v.grid_path, createdBy: actor.id,
      });
      if (req.points) await this.earnIn(m, { volunteerId: v.id, points: req.points, reason: 'activity', note: req.title, gridPath: v.grid_path }, actor);
      return { id: inserted!.id, created_at: inserted!.created_at, gridPath: v.grid_path };
    });
    return { id: row.id, volunteerId: req.volunteerId, teamId: req.teamId ?? null, serviceRequestId: null, title: req.title, activityDate: req.activityDate, hours: req.hours, gridPath: row.gridPath, createdAt: iso(row.created_at)! };
  }

  async activities(actor: Actor, req: ListVolunteerActivities.Request) {
    requireRead(actor);
    const limit = req.limit ?? 50;
    const rows: { ck: string; id: string; volunteer_id: string; team_id: string | null; service_request_id: string | null; title: string; activity_date: string; hours: string; grid_path: string; created_at: Date }[] =
      await this.repo.activities(actor, req, req.cursor ? decodeCursor(req.cursor, ['time', 'uuid']) : null, limit + 1);
    return keysetPage(rows, limit, (a) => ({
      id: a.id, volunteerId: a.volunteer_id, teamId: a.team_id, serviceRequestId: a.service_request_id, title: a.title, activityDate: a.activity_date, hours: num(a.hours), gridPath: a.grid_path, createdAt: iso(a.created_at)!,
    }), (a) => [a.ck, a.id]);
  }

  // ---- points --------------------------------------------------------------------------------

  /** Awards points inside the caller's transaction, with the `social.points.earned` event. */
  async earnIn(m: EntityManager, e: { volunteerId: string; points: number; reason: string; serviceRequestId?: string | null; note?: string | null; gridPath: string }, actor: Actor): Promise<number> {
    const balance = await this.repo.earn(m, { ...e, createdBy: actor.id });
    const data: PointsChangedData = { volunteerId: e.volunteerId, delta: e.points, balance, reason: e.reason, serviceRequestId: e.serviceRequestId ?? null, exchangeId: null, gridPath: e.gridPath };
    await this.outbox.add(m, { type: SocialEvents.PointsEarned, gridPath: e.gridPath, data });
    return balance;
  }

  /** Takes points inside the caller's transaction; 409 when the balance is short (never negative). */
  async spendIn(m: EntityManager, e: { volunteerId: string; points: number; reason: string; exchangeId?: string | null; note?: string | null; gridPath: string }, actor: Actor): Promise<number> {
    const balance = await this.repo.spend(m, { ...e, createdBy: actor.id });
    if (balance === null) {
      const v = await this.repo.find(e.volunteerId, m);
      throw new AppError(SocialErrorCode.InsufficientPoints, `Volunteer has ${v?.points_balance ?? 0} points; ${e.points} needed`, { balance: num(v?.points_balance), needed: e.points });
    }
    const data: PointsChangedData = { volunteerId: e.volunteerId, delta: -e.points, balance, reason: e.reason, serviceRequestId: null, exchangeId: e.exchangeId ?? null, gridPath: e.gridPath };
    await this.outbox.add(m, { type: SocialEvents.PointsSpent, gridPath: e.gridPath, data });
    return balance;
  }

  private entryView(l: Omit<LedgerRow, 'ck'>): PointsEntryView {
    return { id: l.id, volunteerId: l.volunteer_id, delta: num(l.delta), balanceAfter: num(l.balance_after), reason: l.reason, serviceRequestId: l.service_request_id, exchangeId: l.exchange_id, note: l.note, createdAt: iso(l.created_at)! };
  }

  async ledger(actor: Actor, req: PointsLedger.Request): Promise<PointsLedger.Reply> {
    requireRead(actor);
    const v = await this.visible(req.volunteerId, actor);
    const limit = req.limit ?? 50;
    const rows = await this.repo.ledger(v.id, req.cursor ? decodeCursor(req.cursor, ['time', 'uuid']) : null, limit + 1);
    const page = keysetPage(rows, limit, (l) => this.entryView(l), (l) => [l.ck, l.id]);
    return { volunteerId: v.id, balance: num(v.points_balance), earned: num(v.points_earned), spent: num(v.points_spent), items: page.items, nextCursor: page.nextCursor };
  }

  async balances(actor: Actor, req: PointsBalances.Request): Promise<PointsBalances.Reply> {
    requireRead(actor);
    const rows = await this.repo.balances(actor, req);
    const names = SocialPolicy.seesNames(actor);
    return {
      items: rows.map((r: { id: string; name: string; grid_path: string; points_balance: number; points_earned: number; points_spent: number }) => ({
        volunteerId: r.id, name: names ? r.name : (maskName(r.name) ?? ''), gridPath: r.grid_path, balance: num(r.points_balance), earned: num(r.points_earned), spent: num(r.points_spent),
      })),
    };
  }

  async adjust(actor: Actor, req: AdjustPoints.Request): Promise<PointsEntryView> {
    requireManage(actor);
    if (req.delta === 0) throw AppError.validation([{ field: 'delta', messages: ['delta must not be 0'] }]);
    return this.repo.ds.transaction(async (m) => {
      const v = await this.visible(req.volunteerId, actor, m);
      if (req.delta > 0) await this.earnIn(m, { volunteerId: v.id, points: req.delta, reason: 'adjustment', note: req.reason, gridPath: v.grid_path }, actor);
      else await this.spendIn(m, { volunteerId: v.id, points: -req.delta, reason: 'adjustment', note: req.reason, gridPath: v.grid_path }, actor);
      return this.entryView(await this.repo.lastLedgerEntry(m, v.id));
    });
  }

  async figures(actor: Actor, req: VolunteerFigures.Request): Promise<VolunteerFigures.Reply> {
    requireRead(actor);
    const r = monthRange(req.from, req.to);
    const [f, teams] = await Promise.all([this.repo.figures(actor, req.gridPath, r.start, r.end), this.repo.teams(actor, req.gridPath)]);
    return {
      from: r.from,
      to: r.to,
      volunteers: f.volunteers,
      teams: teams.length,
      specialTeams: teams.filter((t) => t.special).length,
      hoursByMonth: f.byMonth.map((x: { month: string; hours: number; n: number }) => ({ month: x.month, hours: num(x.hours), activities: x.n })),
      hoursByTeam: f.byTeam.map((x: { team_id: string | null; code: string | null; name: string; hours: number }) => ({ teamId: x.team_id, code: x.code, name: x.name, hours: num(x.hours) })),
      points: { earned: num(f.points.earned), spent: num(f.points.spent), balance: f.balance },
    };
  }
}
