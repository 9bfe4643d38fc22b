import { Injectable } from '@nestjs/common';
import {
  Actor,
  CreateVolunteerTeam,
  JoinVolunteerTeam,
  ListVolunteers,
  ListVolunteerTeams,
  RegisterVolunteer,
  VolunteerTeamView,
  VolunteerView,
} from '@grid122/contracts';
import { AppError } from '@grid122/messaging';
import { decodeCursor, keysetPage } from '@grid122/persistence';
import { PiiCipher } from '@grid122/privacy';
import { DataSource } from 'typeorm';
import { GridRepository } from '../grid/grid.repository';
import { assertCanWrite, foundGrid, scopeParam } from '../shared/access';
import { maskedPhone } from '../shared/pii';
import { StaffRepository } from './staff.repository';
import { TeamRow, VolunteerRepository, VolunteerRow } from './volunteer.repository';

const teamView = (t: TeamRow): VolunteerTeamView => ({ id: t.id, code: t.code, name: t.name, special: t.special, gridId: t.grid_id, gridPath: t.grid_path, members: t.members });

/** Volunteers (志愿者, Y members) registered to grids, and the teams they serve in. */
@Injectable()
export class VolunteerService {
  constructor(
    private readonly ds: DataSource,
    private readonly volunteers: VolunteerRepository,
    private readonly staff: StaffRepository,
    private readonly grids: GridRepository,
    private readonly cipher: PiiCipher,
  ) {}

  async list(actor: Actor, req: ListVolunteers.Request): Promise<ListVolunteers.Reply> {
    const limit = req.limit ?? 100;
    const after = req.cursor ? decodeCursor(req.cursor, ['uuid']) : null;
    const rows = await this.volunteers.list({ scope: scopeParam(actor), gridId: req.gridId, teamId: req.teamId, afterId: after?.[0], limit: limit + 1 });
    return keysetPage(rows, limit, (r) => this.view(actor, r), (r) => [r.id]);
  }

  async register(actor: Actor, req: RegisterVolunteer.Request): Promise<VolunteerView> {
    assertCanWrite(actor);
    const scope = scopeParam(actor);
    const id = await this.ds.transaction(async (m) => {
      const grid = foundGrid(await this.grids.lockInScope(m, req.gridId, scope), req.gridId);
      const person = await this.staff.findVisible(req.staffId, scope, m);
      if (!person) throw AppError.notFound('Staff member', req.staffId);
      const teamIds = Array.from(new Set(req.teamIds ?? []));
      const teams = teamIds.length ? await this.volunteers.teams(scope, { ids: teamIds }, m) : [];
      const missing = teamIds.filter((t) => !teams.some((x) => x.id === t));
      if (missing.length) throw AppError.validation([{ field: 'teamIds', messages: [`unknown team(s): ${missing.join(', ')}`] }]);
      const vid = await this.volunteers.insert(m, { staffId: person.id, gridId: grid.id, gridPath: grid.path, skills: req.skills ?? [] });
      for (const t of teamIds) await this.volunteers.join(m, t, vid);
      return vid;
    });
    const [row] = await this.volunteers.list({ scope, id, limit: 1 });
    return this.view(actor, row);
  }

  async teams(actor: Actor, req: ListVolunteerTeams.Request): Promise<ListVolunteerTeams.Reply> {
    return { items: (await this.volunteers.teams(scopeParam(actor), { gridId: req.gridId })).map(teamView) };
  }

  async createTeam(actor: Actor, req: CreateVolunteerTeam.Request): Promise<VolunteerTeamView> {
    assertCanWrite(actor);
    const scope = scopeParam(actor);
    const grid = foundGrid(await this.grids.findInScope(req.gridId, scope), req.gridId);
    const id = await this.ds.transaction((m) => this.volunteers.insertTeam(m, { code: req.code, name: req.name, special: req.special ?? false, gridId: grid.id, gridPath: grid.path }));
    return teamView((await this.volunteers.teams(scope, { ids: [id] }))[0]);
  }

  async join(actor: Actor, req: JoinVolunteerTeam.Request): Promise<VolunteerTeamView> {
    assertCanWrite(actor);
    const scope = scopeParam(actor);
    const [team] = await this.volunteers.teams(scope, { ids: [req.teamId] });
    if (!team) throw AppError.notFound('Volunteer team', req.teamId);
    const [vol] = await this.volunteers.list({ scope, id: req.volunteerId, limit: 1 });
    if (!vol) throw AppError.notFound('Volunteer', req.volunteerId);
    await this.ds.transaction((m) => this.volunteers.join(m, team.id, vol.id));
    return teamView((await this.volunteers.teams(scope, { ids: [team.id] }))[0]);
  }

  private view(actor: Actor, r: VolunteerRow): VolunteerView {
    return {
      id: r.id,
      staffId: r.staff_id,
      name: r.name,
      phone: maskedPhone(this.cipher, r.phone_enc),
      phoneMasked: true,
      gridId: r.grid_id,
      gridPath: r.grid_path,
      skills: r.skills,
      teams: r.teams,
      registeredAt: r.registered_at.toISOString(),
    };
  }
}
