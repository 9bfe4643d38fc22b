import { Injectable } from '@nestjs/common';
import {
  Actor,
  AssignStaff,
  CloseOrganisationTask,
  CreateBuilding,
  CreateCommitment,
  CreateDepartment,
  CreateGrid,
  CreateOrganisation,
  CreatePartyOrg,
  CreateStaff,
  CreateVolunteerTeam,
  EndAssignment,
  ExportGridsGeoJson,
  FulfilCommitment,
  GetGrid,
  GetOrganisationTask,
  GetStaff,
  GridDepartments,
  GridGaps,
  GridHistory,
  GridLedger,
  GridResponsibles,
  GridStaff,
  HandleOrganisationTask,
  ImportGrids,
  JoinVolunteerTeam,
  LinkDepartment,
  ListBuildings,
  ListCommitments,
  ListDepartments,
  ListGrids,
  ListOrganisations,
  ListOrganisationTasks,
  ListPartyOrgs,
  ListStaff,
  ListVolunteers,
  ListVolunteerTeams,
  LocateGrid,
  RegisterVolunteer,
  ReturnOrganisationTask,
  UnlinkDepartment,
  UpdateGrid,
  UpdatePartyOrg,
  UpdateStaff,
} from '@grid122/contracts';
import { RpcClient } from '@grid122/messaging';
import { ServiceClient } from '../clients/service.client';

/** Imports and exports run longer than a lookup. */
const BULK_TIMEOUT_MS = 30_000;

/** The grid registry over NATS, typed: one method per contract. */
@Injectable()
export class RegistryClient extends ServiceClient {
  constructor(rpc: RpcClient) {
    super(rpc, 'grid-registry');
  }

  listGrids = (a: Actor, r: ListGrids.Request) => this.call<ListGrids.Reply>(ListGrids.subject, r, a);
  getGrid = (a: Actor, r: GetGrid.Request) => this.call<GetGrid.Reply>(GetGrid.subject, r, a);
  gridHistory = (a: Actor, r: GridHistory.Request) => this.call<GridHistory.Reply>(GridHistory.subject, r, a);
  createGrid = (a: Actor, r: CreateGrid.Request) => this.call<CreateGrid.Reply>(CreateGrid.subject, r, a);
  updateGrid = (a: Actor, r: UpdateGrid.Request) => this.call<UpdateGrid.Reply>(UpdateGrid.subject, r, a);
  locate = (a: Actor, r: LocateGrid.Request) => this.call<LocateGrid.Reply>(LocateGrid.subject, r, a);
  responsibles = (a: Actor, r: GridResponsibles.Request) => this.call<GridResponsibles.Reply>(GridResponsibles.subject, r, a);
  geojson = (a: Actor, r: ExportGridsGeoJson.Request) => this.call<ExportGridsGeoJson.Reply>(ExportGridsGeoJson.subject, r, a, BULK_TIMEOUT_MS);
  importGrids = (a: Actor, r: ImportGrids.Request) => this.call<ImportGrids.Reply>(ImportGrids.subject, r, a, BULK_TIMEOUT_MS);
  gaps = (a: Actor, r: GridGaps.Request) => this.call<GridGaps.Reply>(GridGaps.subject, r, a);
  ledger = (a: Actor, r: GridLedger.Request) => this.call<GridLedger.Reply>(GridLedger.subject, r, a, BULK_TIMEOUT_MS);
  gridStaff = (a: Actor, r: GridStaff.Request) => this.call<GridStaff.Reply>(GridStaff.subject, r, a);
  gridDepartments = (a: Actor, r: GridDepartments.Request) => this.call<GridDepartments.Reply>(GridDepartments.subject, r, a);

  listStaff = (a: Actor, r: ListStaff.Request) => this.call<ListStaff.Reply>(ListStaff.subject, r, a);
  getStaff = (a: Actor, r: GetStaff.Request) => this.call<GetStaff.Reply>(GetStaff.subject, r, a);
  createStaff = (a: Actor, r: CreateStaff.Request) => this.call<CreateStaff.Reply>(CreateStaff.subject, r, a);
  updateStaff = (a: Actor, r: UpdateStaff.Request) => this.call<UpdateStaff.Reply>(UpdateStaff.subject, r, a);
  assignStaff = (a: Actor, r: AssignStaff.Request) => this.call<AssignStaff.Reply>(AssignStaff.subject, r, a);
  endAssignment = (a: Actor, r: EndAssignment.Request) => this.call<EndAssignment.Reply>(EndAssignment.subject, r, a);

  listDepartments = (a: Actor, r: ListDepartments.Request) => this.call<ListDepartments.Reply>(ListDepartments.subject, r, a);
  createDepartment = (a: Actor, r: CreateDepartment.Request) => this.call<CreateDepartment.Reply>(CreateDepartment.subject, r, a);
  linkDepartment = (a: Actor, r: LinkDepartment.Request) => this.call<LinkDepartment.Reply>(LinkDepartment.subject, r, a);
  unlinkDepartment = (a: Actor, r: UnlinkDepartment.Request) => this.call<UnlinkDepartment.Reply>(UnlinkDepartment.subject, r, a);

  listPartyOrgs = (a: Actor, r: ListPartyOrgs.Request) => this.call<ListPartyOrgs.Reply>(ListPartyOrgs.subject, r, a);
  createPartyOrg = (a: Actor, r: CreatePartyOrg.Request) => this.call<CreatePartyOrg.Reply>(CreatePartyOrg.subject, r, a);
  updatePartyOrg = (a: Actor, r: UpdatePartyOrg.Request) => this.call<UpdatePartyOrg.Reply>(UpdatePartyOrg.subject, r, a);
  listCommitments = (a: Actor, r: ListCommitments.Request) => this.call<ListCommitments.Reply>(ListCommitments.subject, r, a);
  createCommitment = (a: Actor, r: CreateCommitment.Request) => this.call<CreateCommitment.Reply>(CreateCommitment.subject, r, a);
  fulfilCommitment = (a: Actor, r: FulfilCommitment.Request) => this.call<FulfilCommitment.Reply>(FulfilCommitment.subject, r, a);

  listVolunteers = (a: Actor, r: ListVolunteers.Request) => this.call<ListVolunteers.Reply>(ListVolunteers.subject, r, a);
  registerVolunteer = (a: Actor, r: RegisterVolunteer.Request) => this.call<RegisterVolunteer.Reply>(RegisterVolunteer.subject, r, a);
  listVolunteerTeams = (a: Actor, r: ListVolunteerTeams.Request) => this.call<ListVolunteerTeams.Reply>(ListVolunteerTeams.subject, r, a);
  createVolunteerTeam = (a: Actor, r: CreateVolunteerTeam.Request) => this.call<CreateVolunteerTeam.Reply>(CreateVolunteerTeam.subject, r, a);
  joinVolunteerTeam = (a: Actor, r: JoinVolunteerTeam.Request) => this.call<JoinVolunteerTeam.Reply>(JoinVolunteerTeam.subject, r, a);

  listBuildings = (a: Actor, r: ListBuildings.Request) => this.call<ListBuildings.Reply>(ListBuildings.subject, r, a);
  createBuilding = (a: Actor, r: CreateBuilding.Request) => this.call<CreateBuilding.Reply>(CreateBuilding.subject, r, a);
  listOrganisations = (a: Actor, r: ListOrganisations.Request) => this.call<ListOrganisations.Reply>(ListOrganisations.subject, r, a);
  createOrganisation = (a: Actor, r: CreateOrganisation.Request) => this.call<CreateOrganisation.Reply>(CreateOrganisation.subject, r, a);

  listTasks = (a: Actor, r: ListOrganisationTasks.Request) => this.call<ListOrganisationTasks.Reply>(ListOrganisationTasks.subject, r, a);
  getTask = (a: Actor, r: GetOrganisationTask.Request) => this.call<GetOrganisationTask.Reply>(GetOrganisationTask.subject, r, a);
  handleTask = (a: Actor, r: HandleOrganisationTask.Request) => this.call<HandleOrganisationTask.Reply>(HandleOrganisationTask.subject, r, a);
  closeTask = (a: Actor, r: CloseOrganisationTask.Request) => this.call<CloseOrganisationTask.Reply>(CloseOrganisationTask.subject, r, a);
  returnTask = (a: Actor, r: ReturnOrganisationTask.Request) => this.call<ReturnOrganisationTask.Reply>(ReturnOrganisationTask.subject, r, a);
}
