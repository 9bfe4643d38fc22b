import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor, Role } from '@grid122/contracts';
import { Caller, Roles } from '../auth/auth.decorators';
import {
  CloseTaskDto,
  CreateBuildingDto,
  CreateCommitmentDto,
  CreateDepartmentDto,
  CreateOrganisationDto,
  CreatePartyOrgDto,
  CreateStaffDto,
  CreateVolunteerTeamDto,
  FulfilCommitmentDto,
  HandleTaskDto,
  JoinVolunteerTeamDto,
  LinkDepartmentDto,
  ListBuildingsQuery,
  ListCommitmentsQuery,
  ListDepartmentsQuery,
  ListOrganisationsQuery,
  ListPartyOrgsQuery,
  ListStaffQuery,
  ListTasksQuery,
  ListVolunteersQuery,
  ListVolunteerTeamsQuery,
  RegisterVolunteerDto,
  ReturnTaskDto,
  UpdatePartyOrgDto,
  UpdateStaffDto,
} from './grids.dto';
import { REGISTRY_READERS, REGISTRY_WRITERS } from './grids.http-controller';
import { RegistryClient } from './registry.client';

const uuid = new ParseUUIDPipe();

/** People on grids (1+X+Y, seven forces): phones masked unless the role needs them. */
@ApiTags('grid staff')
@ApiBearerAuth()
@Controller('api/v1')
export class StaffHttpController {
  constructor(private readonly registry: RegistryClient) {}

  @Get('staff')
  @Roles(...REGISTRY_READERS)
  list(@Caller() a: Actor, @Query() q: ListStaffQuery) {
    return this.registry.listStaff(a, q);
  }

  @Post('staff')
  @Roles(...REGISTRY_WRITERS)
  create(@Caller() a: Actor, @Body() b: CreateStaffDto) {
    return this.registry.createStaff(a, b);
  }

  @Get('staff/:id')
  @Roles(...REGISTRY_READERS)
  get(@Caller() a: Actor, @Param('id', uuid) id: string) {
    return this.registry.getStaff(a, { id });
  }

  @Patch('staff/:id')
  @Roles(...REGISTRY_WRITERS)
  update(@Caller() a: Actor, @Param('id', uuid) id: string, @Body() b: UpdateStaffDto) {
    return this.registry.updateStaff(a, { ...b, id });
  }

  @Delete('staff-assignments/:id')
  @Roles(...REGISTRY_WRITERS)
  endAssignment(@Caller() a: Actor, @Param('id', uuid) id: string) {
    return this.registry.endAssignment(a, { assignmentId: id });
  }
}

/** Functional departments (职能部门) and their seconded staff on level-2 grids. */
@ApiTags('departments')
@ApiBearerAuth()
@Controller('api/v1')
export class DepartmentsHttpController {
  constructor(private readonly registry: RegistryClient) {}

  @Get('departments')
  @Roles(...REGISTRY_READERS)
  list(@Caller() a: Actor, @Query() q: ListDepartmentsQuery) {
    return this.registry.listDepartments(a, q);
  }

  @Post('departments')
  @Roles(...REGISTRY_WRITERS)
  create(@Caller() a: Actor, @Body() b: CreateDepartmentDto) {
    return this.registry.createDepartment(a, b);
  }

  @Post('departments/:id/links')
  @Roles(...REGISTRY_WRITERS)
  link(@Caller() a: Actor, @Param('id', uuid) id: string, @Body() b: LinkDepartmentDto) {
    return this.registry.linkDepartment(a, { ...b, departmentId: id });
  }

  @Delete('department-links/:id')
  @Roles(...REGISTRY_WRITERS)
  unlink(@Caller() a: Actor, @Param('id', uuid) id: string) {
    return this.registry.unlinkDepartment(a, { linkId: id });
  }
}

/** Party organisations on grids (网格党组织), the size rule's mismatches, members' commitments (党员承诺). */
@ApiTags('party organisations')
@ApiBearerAuth()
@Controller('api/v1')
export class PartyOrganisationsHttpController {
  constructor(private readonly registry: RegistryClient) {}

  @Get('party-organisations')
  @Roles(...REGISTRY_READERS)
  list(@Caller() a: Actor, @Query() q: ListPartyOrgsQuery) {
    return this.registry.listPartyOrgs(a, q);
  }

  @Get('party-organisations/mismatches')
  @Roles(...REGISTRY_READERS)
  mismatches(@Caller() a: Actor) {
    return this.registry.listPartyOrgs(a, { mismatch: true });
  }

  @Post('party-organisations')
  @Roles(...REGISTRY_WRITERS)
  create(@Caller() a: Actor, @Body() b: CreatePartyOrgDto) {
    return this.registry.createPartyOrg(a, b);
  }

  @Patch('party-organisations/:id')
  @Roles(...REGISTRY_WRITERS)
  update(@Caller() a: Actor, @Param('id', uuid) id: string, @Body() b: UpdatePartyOrgDto) {
    return this.registry.updatePartyOrg(a, { ...b, id });
  }

  @Get('party-organisations/:id/commitments')
  @Roles(...REGISTRY_READERS)
  commitments(@Caller() a: Actor, @Param('id', uuid) id: string, @Query() q: ListCommitmentsQuery) {
    return this.registry.listCommitments(a, { ...q, partyOrgId: id });
  }

  @Post('party-organisations/:id/commitments')
  @Roles(...REGISTRY_WRITERS)
  pledge(@Caller() a: Actor, @Param('id', uuid) id: string, @Body() b: CreateCommitmentDto) {
    return this.registry.createCommitment(a, { ...b, partyOrgId: id });
  }

  @Post('party-commitments/:id/fulfil')
  @HttpCode(200)
  @Roles(...REGISTRY_WRITERS)
  fulfil(@Caller() a: Actor, @Param('id', uuid) id: string, @Body() b: FulfilCommitmentDto) {
    return this.registry.fulfilCommitment(a, { ...b, id });
  }
}

/** Volunteers (Y members) on grids and their teams. */
@ApiTags('volunteers')
@ApiBearerAuth()
@Controller('api/v1')
export class VolunteersHttpController {
  constructor(private readonly registry: RegistryClient) {}

  @Get('grid-volunteers')
  @Roles(...REGISTRY_READERS)
  list(@Caller() a: Actor, @Query() q: ListVolunteersQuery) {
    return this.registry.listVolunteers(a, q);
  }

  @Post('grid-volunteers')
  @Roles(...REGISTRY_WRITERS)
  register(@Caller() a: Actor, @Body() b: RegisterVolunteerDto) {
    return this.registry.registerVolunteer(a, b);
  }

  @Get('grid-volunteer-teams')
  @Roles(...REGISTRY_READERS)
  teams(@Caller() a: Actor, @Query() q: ListVolunteerTeamsQuery) {
    return this.registry.listVolunteerTeams(a, q);
  }

  @Post('grid-volunteer-teams')
  @Roles(...REGISTRY_WRITERS)
  createTeam(@Caller() a: Actor, @Body() b: CreateVolunteerTeamDto) {
    return this.registry.createVolunteerTeam(a, b);
  }

  @Post('grid-volunteer-teams/:id/members')
  @HttpCode(200)
  @Roles(...REGISTRY_WRITERS)
  join(@Caller() a: Actor, @Param('id', uuid) id: string, @Body() b: JoinVolunteerTeamDto) {
    return this.registry.joinVolunteerTeam(a, { ...b, teamId: id });
  }
}

/** Base data on level-3 grids: buildings (楼栋) and organisations (shops, enterprises, schools). */
@ApiTags('base data')
@ApiBearerAuth()
@Controller('api/v1')
export class PlacesHttpController {
  constructor(private readonly registry: RegistryClient) {}

  @Get('buildings')
  @Roles(...REGISTRY_READERS)
  buildings(@Caller() a: Actor, @Query() q: ListBuildingsQuery) {
    return this.registry.listBuildings(a, q);
  }

  @Post('buildings')
  @Roles(...REGISTRY_WRITERS)
  createBuilding(@Caller() a: Actor, @Body() b: CreateBuildingDto) {
    return this.registry.createBuilding(a, b);
  }

  @Get('organisations')
  @Roles(...REGISTRY_READERS)
  organisations(@Caller() a: Actor, @Query() q: ListOrganisationsQuery) {
    return this.registry.listOrganisations(a, q);
  }

  @Post('organisations')
  @Roles(...REGISTRY_WRITERS)
  createOrganisation(@Caller() a: Actor, @Body() b: CreateOrganisationDto) {
    return this.registry.createOrganisation(a, b);
  }
}

/** Organisation tasks (基层组织建设组任务) from the office's dispatches: the group feeds back. */
@ApiTags('organisation tasks')
@ApiBearerAuth()
@Controller('api/v1/organisation-tasks')
export class OrganisationTasksHttpController {
  constructor(private readonly registry: RegistryClient) {}

  @Get()
  @Roles(Role.StreetCommander, Role.DistrictViewer, Role.UnitMember)
  list(@Caller() a: Actor, @Query() q: ListTasksQuery) {
    return this.registry.listTasks(a, q);
  }

  @Get(':id')
  @Roles(Role.StreetCommander, Role.DistrictViewer, Role.UnitMember)
  get(@Caller() a: Actor, @Param('id', uuid) id: string) {
    return this.registry.getTask(a, { id });
  }

  @Post(':id/handle')
  @HttpCode(200)
  @Roles(Role.UnitMember)
  handle(@Caller() a: Actor, @Param('id', uuid) id: string, @Body() b: HandleTaskDto) {
    return this.registry.handleTask(a, { ...b, id });
  }

  @Post(':id/close')
  @HttpCode(200)
  @Roles(Role.UnitMember)
  close(@Caller() a: Actor, @Param('id', uuid) id: string, @Body() b: CloseTaskDto) {
    return this.registry.closeTask(a, { ...b, id });
  }

  @Post(':id/return')
  @HttpCode(200)
  @Roles(Role.UnitMember)
  return(@Caller() a: Actor, @Param('id', uuid) id: string, @Body() b: ReturnTaskDto) {
    return this.registry.returnTask(a, { ...b, id });
  }
}
