import { OmitType } from '@nestjs/swagger';
import {
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
  ExportGridsGeoJson,
  FulfilCommitment,
  GridGaps,
  GridLedger,
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
  UpdateGrid,
  UpdatePartyOrg,
  UpdateStaff,
} from '@grid122/contracts';

// HTTP DTOs: the contracts' request classes (same validation), minus what the path carries.

export class ListGridsQuery extends ListGrids.Request {}
export class LocateQuery extends LocateGrid.Request {}
export class GeoJsonQuery extends ExportGridsGeoJson.Request {}
export class GapsQuery extends GridGaps.Request {}
export class LedgerQuery extends GridLedger.Request {}
export class CreateGridDto extends CreateGrid.Request {}
export class UpdateGridDto extends OmitType(UpdateGrid.Request, ['id'] as const) {}
export class ImportGridsDto extends ImportGrids.Request {}

export class ListStaffQuery extends ListStaff.Request {}
export class CreateStaffDto extends CreateStaff.Request {}
export class UpdateStaffDto extends OmitType(UpdateStaff.Request, ['id'] as const) {}
export class AssignStaffDto extends OmitType(AssignStaff.Request, ['gridId'] as const) {}

export class ListDepartmentsQuery extends ListDepartments.Request {}
export class CreateDepartmentDto extends CreateDepartment.Request {}
export class LinkDepartmentDto extends OmitType(LinkDepartment.Request, ['departmentId'] as const) {}

export class ListPartyOrgsQuery extends ListPartyOrgs.Request {}
export class CreatePartyOrgDto extends CreatePartyOrg.Request {}
export class UpdatePartyOrgDto extends OmitType(UpdatePartyOrg.Request, ['id'] as const) {}
export class ListCommitmentsQuery extends OmitType(ListCommitments.Request, ['partyOrgId'] as const) {}
export class CreateCommitmentDto extends OmitType(CreateCommitment.Request, ['partyOrgId'] as const) {}
export class FulfilCommitmentDto extends OmitType(FulfilCommitment.Request, ['id'] as const) {}

export class ListVolunteersQuery extends ListVolunteers.Request {}
export class RegisterVolunteerDto extends RegisterVolunteer.Request {}
export class ListVolunteerTeamsQuery extends ListVolunteerTeams.Request {}
export class CreateVolunteerTeamDto extends CreateVolunteerTeam.Request {}
export class JoinVolunteerTeamDto extends OmitType(JoinVolunteerTeam.Request, ['teamId'] as const) {}

export class ListBuildingsQuery extends ListBuildings.Request {}
export class CreateBuildingDto extends CreateBuilding.Request {}
export class ListOrganisationsQuery extends ListOrganisations.Request {}
export class CreateOrganisationDto extends CreateOrganisation.Request {}

export class ListTasksQuery extends ListOrganisationTasks.Request {}
export class HandleTaskDto extends OmitType(HandleOrganisationTask.Request, ['id'] as const) {}
export class CloseTaskDto extends OmitType(CloseOrganisationTask.Request, ['id'] as const) {}
export class ReturnTaskDto extends OmitType(ReturnOrganisationTask.Request, ['id'] as const) {}
