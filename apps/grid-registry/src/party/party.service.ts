import { Injectable } from '@nestjs/common';
import {
  Actor,
  COMMITMENT_STATE_LABELS,
  CommitmentState,
  CommitmentView,
  CreateCommitment,
  CreatePartyOrg,
  expectedPartyOrgKind,
  FulfilCommitment,
  GridLevel,
  ListCommitments,
  ListPartyOrgs,
  PARTY_ORG_KIND_LABELS,
  PartyOrgKind,
  PartyOrgView,
  RegistryErrorCode,
  UpdatePartyOrg,
} from '@grid122/contracts';
import { AppError } from '@grid122/messaging';
import { DataSource } from 'typeorm';
import { GridRepository } from '../grid/grid.repository';
import { StaffRepository } from '../people/staff.repository';
import { assertCanWrite, foundGrid, scopeParam } from '../shared/access';
import { CommitmentRow, PartyOrgRow, PartyRepository } from './party.repository';

const orgView = (r: PartyOrgRow): PartyOrgView => ({
  id: r.id,
  gridId: r.grid_id,
  gridPath: r.grid_path,
  gridName: r.grid_name,
  kind: r.kind as PartyOrgKind,
  kindLabel: PARTY_ORG_KIND_LABELS[r.kind as PartyOrgKind],
  name: r.name,
  members: r.members,
  expectedKind: r.expected_kind as PartyOrgKind,
  mismatch: r.kind !== r.expected_kind,
  secretaryId: r.secretary_id,
  secretaryName: r.secretary_name,
});

const commitmentView = (r: CommitmentRow): CommitmentView => ({
  id: r.id,
  partyOrgId: r.party_org_id,
  memberName: r.member_name,
  staffId: r.staff_id,
  content: r.content,
  year: r.year,
  state: r.state as CommitmentState,
  stateLabel: COMMITMENT_STATE_LABELS[r.state as CommitmentState],
  pledgedAt: r.pledged_at.toISOString(),
  fulfilledAt: r.fulfilled_at?.toISOString() ?? null,
  fulfilmentNote: r.fulfilment_note,
});

const PARTY_LEVELS: string[] = [GridLevel.Community, GridLevel.Compound, GridLevel.BuildingCluster];

/** Party organisations on grids (网格党组织) with the size rule, and members' commitments (党员承诺). */
@Injectable()
export class PartyService {
  constructor(
    private readonly ds: DataSource,
    private readonly party: PartyRepository,
    private readonly grids: GridRepository,
    private readonly staff: StaffRepository,
  ) {}

  async list(actor: Actor, req: ListPartyOrgs.Request): Promise<ListPartyOrgs.Reply> {
    const rows = await this.party.list({ scope: scopeParam(actor), gridId: req.gridId, kind: req.kind, mismatch: req.mismatch });
    const items = rows.map(orgView);
    return { items, mismatches: items.filter((i) => i.mismatch).length };
  }

  /** A new organisation must have the kind its size calls for; later membership changes are reported, not refused. */
  async create(actor: Actor, req: CreatePartyOrg.Request): Promise<PartyOrgView> {
    assertCanWrite(actor);
    this.checkKind(req.kind, req.members);
    const scope = scopeParam(actor);
    const id = await this.ds.transaction(async (m) => {
      const grid = foundGrid(await this.grids.lockInScope(m, req.gridId, scope), req.gridId);
      if (!PARTY_LEVELS.includes(grid.level)) throw new AppError(RegistryErrorCode.WrongGridLevel, `Party organisations sit on level 1-3 grids, not on a ${grid.level}`, { field: 'gridId' });
      if (req.secretaryId && !(await this.staff.findVisible(req.secretaryId, scope, m))) throw AppError.notFound('Staff member', req.secretaryId);
      return this.party.insert(m, { gridId: grid.id, gridPath: grid.path, kind: req.kind, name: req.name, members: req.members, secretaryId: req.secretaryId ?? null });
    });
    return orgView((await this.party.list({ scope, id }))[0]);
  }

  async update(actor: Actor, req: UpdatePartyOrg.Request): Promise<PartyOrgView> {
    assertCanWrite(actor);
    const scope = scopeParam(actor);
    await this.ds.transaction(async (m) => {
      const org = await this.party.lock(m, req.id, scope);
      if (!org) throw AppError.notFound('Party organisation', req.id);
      // Re-organising (changing the kind) must follow the rule; a member count that drifts is recorded.
      if (req.kind && req.kind !== org.kind) this.checkKind(req.kind, req.members ?? org.members);
      if (req.secretaryId && !(await this.staff.findVisible(req.secretaryId, scope, m))) throw AppError.notFound('Staff member', req.secretaryId);
      await this.party.update(m, org.id, req);
    });
    return orgView((await this.party.list({ scope, id: req.id }))[0]);
  }

  async commitments(actor: Actor, req: ListCommitments.Request): Promise<ListCommitments.Reply> {
    await this.visibleOrg(actor, req.partyOrgId);
    return { items: (await this.party.commitments(req.partyOrgId, req.year)).map(commitmentView) };
  }

  async pledge(actor: Actor, req: CreateCommitment.Request): Promise<CommitmentView> {
    assertCanWrite(actor);
    const org = await this.visibleOrg(actor, req.partyOrgId);
    const id = await this.ds.transaction(async (m) => {
      if (req.staffId && !(await this.staff.findVisible(req.staffId, scopeParam(actor), m))) throw AppError.notFound('Staff member', req.staffId);
      return this.party.insertCommitment(m, { partyOrgId: org.id, gridPath: org.gridPath, memberName: req.memberName, staffId: req.staffId ?? null, content: req.content, year: req.year });
    });
    return commitmentView((await this.party.commitments('', undefined, id))[0]);
  }

  async fulfil(actor: Actor, req: FulfilCommitment.Request): Promise<CommitmentView> {
    assertCanWrite(actor);
    await this.ds.transaction(async (m) => {
      const c = await this.party.lockCommitment(m, req.id, scopeParam(actor));
      if (!c) throw AppError.notFound('Commitment', req.id);
      if (c.state !== CommitmentState.Pledged) throw AppError.illegalTransition('commitment', c.state, 'fulfil');
      await this.party.fulfil(m, c.id, req.note);
    });
    return commitmentView((await this.party.commitments('', undefined, req.id))[0]);
  }

  private async visibleOrg(actor: Actor, id: string): Promise<PartyOrgView> {
    const [row] = await this.party.list({ scope: scopeParam(actor), id });
    if (!row) throw AppError.notFound('Party organisation', id);
    return orgView(row);
  }

  private checkKind(kind: PartyOrgKind, members: number): void {
    const expected = expectedPartyOrgKind(members);
    if (kind !== expected) {
      throw new AppError(
        RegistryErrorCode.PartyOrgKindMismatch,
        `A party organisation of ${members} members is a ${PARTY_ORG_KIND_LABELS[expected].zh} (${expected}), not a ${PARTY_ORG_KIND_LABELS[kind].zh} (${kind}): >= 100 党委, >= 50 党总支, otherwise 党支部`,
        { field: 'kind', kind, members, expectedKind: expected },
      );
    }
  }
}
