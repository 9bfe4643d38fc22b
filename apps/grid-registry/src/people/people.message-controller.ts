import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  Actor,
  AssignStaff,
  CreateDepartment,
  CreateStaff,
  CreateVolunteerTeam,
  EndAssignment,
  GetStaff,
  GridDepartments,
  GridResponsibles,
  GridStaff,
  JoinVolunteerTeam,
  LinkDepartment,
  ListDepartments,
  ListStaff,
  StaffNames,
  StaffRoster,
  ListVolunteers,
  ListVolunteerTeams,
  RegisterVolunteer,
  UnlinkDepartment,
  UpdateStaff,
} from '@grid122/contracts';
import { CurrentActor } from '@grid122/messaging';
import { DepartmentService } from './department.service';
import { StaffService } from './staff.service';
import { VolunteerService } from './volunteer.service';

/** NATS adapters for people on grids: one line per pattern. */
@Controller()
export class PeopleMessageController {
  constructor(
    private readonly staff: StaffService,
    private readonly departments: DepartmentService,
    private readonly volunteers: VolunteerService,
  ) {}

  @MessagePattern(StaffRoster.subject)
  roster(@Payload() req: StaffRoster.Request, @CurrentActor() actor: Actor) {
    return this.staff.roster(actor, req);
  }

  @MessagePattern(StaffNames.subject)
  names(@Payload() req: StaffNames.Request, @CurrentActor() actor: Actor) {
    return this.staff.names(actor, req);
  }

  @MessagePattern(ListStaff.subject)
  listStaff(@Payload() req: ListStaff.Request, @CurrentActor() actor: Actor) {
    return this.staff.list(actor, req);
  }

  @MessagePattern(GetStaff.subject)
  getStaff(@Payload() req: GetStaff.Request, @CurrentActor() actor: Actor) {
    return this.staff.get(actor, req.id);
  }

  @MessagePattern(CreateStaff.subject)
  createStaff(@Payload() req: CreateStaff.Request, @CurrentActor() actor: Actor) {
    return this.staff.create(actor, req);
  }

  @MessagePattern(UpdateStaff.subject)
  updateStaff(@Payload() req: UpdateStaff.Request, @CurrentActor() actor: Actor) {
    return this.staff.update(actor, req);
  }

  @MessagePattern(AssignStaff.subject)
  assign(@Payload() req: AssignStaff.Request, @CurrentActor() actor: Actor) {
    return this.staff.assign(actor, req);
  }

  @MessagePattern(EndAssignment.subject)
  unassign(@Payload() req: EndAssignment.Request, @CurrentActor() actor: Actor) {
    return this.staff.unassign(actor, req);
  }

  @MessagePattern(GridStaff.subject)
  gridStaff(@Payload() req: GridStaff.Request, @CurrentActor() actor: Actor) {
    return this.staff.onGrid(actor, req.id);
  }

  @MessagePattern(GridResponsibles.subject)
  responsibles(@Payload() req: GridResponsibles.Request, @CurrentActor() actor: Actor) {
    return this.staff.responsibles(actor, req.gridId);
  }

  @MessagePattern(GridDepartments.subject)
  gridDepartments(@Payload() req: GridDepartments.Request, @CurrentActor() actor: Actor) {
    return this.departments.forGrid(actor, req.id);
  }

  @MessagePattern(ListDepartments.subject)
  listDepartments(@Payload() req: ListDepartments.Request, @CurrentActor() actor: Actor) {
    return this.departments.list(actor, req);
  }

  @MessagePattern(CreateDepartment.subject)
  createDepartment(@Payload() req: CreateDepartment.Request, @CurrentActor() actor: Actor) {
    return this.departments.create(actor, req);
  }

  @MessagePattern(LinkDepartment.subject)
  link(@Payload() req: LinkDepartment.Request, @CurrentActor() actor: Actor) {
    return this.departments.link(actor, req);
  }

  @MessagePattern(UnlinkDepartment.subject)
  unlink(@Payload() req: UnlinkDepartment.Request, @CurrentActor() actor: Actor) {
    return this.departments.unlink(actor, req);
  }

  @MessagePattern(ListVolunteers.subject)
  listVolunteers(@Payload() req: ListVolunteers.Request, @CurrentActor() actor: Actor) {
    return this.volunteers.list(actor, req);
  }

  @MessagePattern(RegisterVolunteer.subject)
  registerVolunteer(@Payload() req: RegisterVolunteer.Request, @CurrentActor() actor: Actor) {
    return this.volunteers.register(actor, req);
  }

  @MessagePattern(ListVolunteerTeams.subject)
  listTeams(@Payload() req: ListVolunteerTeams.Request, @CurrentActor() actor: Actor) {
    return this.volunteers.teams(actor, req);
  }

  @MessagePattern(CreateVolunteerTeam.subject)
  createTeam(@Payload() req: CreateVolunteerTeam.Request, @CurrentActor() actor: Actor) {
    return this.volunteers.createTeam(actor, req);
  }

  @MessagePattern(JoinVolunteerTeam.subject)
  joinTeam(@Payload() req: JoinVolunteerTeam.Request, @CurrentActor() actor: Actor) {
    return this.volunteers.join(actor, req);
  }
}
