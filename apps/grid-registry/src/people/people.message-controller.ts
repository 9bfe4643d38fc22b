import {
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
  RevealStaffPhone,
  StaffNames,
  StaffRoster,
  ListVolunteers,
  ListVolunteerTeams,
  RegisterVolunteer,
  UnlinkDepartment,
  UpdateStaff,
} from '@grid122/contracts';
import { messageController } from '@grid122/messaging';
import { DepartmentService } from './department.service';
import { StaffService } from './staff.service';
import { VolunteerService } from './volunteer.service';

/** NATS adapters for people on grids: one line per pattern. */
export const PeopleMessageController = messageController('PeopleMessageController', { staff: StaffService, departments: DepartmentService, volunteers: VolunteerService }, (on) => [
  on(StaffRoster, (s, req, a) => s.staff.roster(a, req)),
  on(ListStaff, (s, req, a) => s.staff.list(a, req)),
  on(StaffNames, (s, req, a) => s.staff.names(a, req)),
  on(RevealStaffPhone, (s, req, a) => s.staff.revealPhone(a, req)),
  on(GetStaff, (s, req, a) => s.staff.get(a, req.id)),
  on(CreateStaff, (s, req, a) => s.staff.create(a, req)),
  on(UpdateStaff, (s, req, a) => s.staff.update(a, req)),
  on(AssignStaff, (s, req, a) => s.staff.assign(a, req)),
  on(EndAssignment, (s, req, a) => s.staff.unassign(a, req)),
  on(GridStaff, (s, req, a) => s.staff.onGrid(a, req.id)),
  on(GridResponsibles, (s, req, a) => s.staff.responsibles(a, req.gridId)),
  on(GridDepartments, (s, req, a) => s.departments.forGrid(a, req.id)),
  on(ListDepartments, (s, req, a) => s.departments.list(a, req)),
  on(CreateDepartment, (s, req, a) => s.departments.create(a, req)),
  on(LinkDepartment, (s, req, a) => s.departments.link(a, req)),
  on(UnlinkDepartment, (s, req, a) => s.departments.unlink(a, req)),
  on(ListVolunteers, (s, req, a) => s.volunteers.list(a, req)),
  on(RegisterVolunteer, (s, req, a) => s.volunteers.register(a, req)),
  on(ListVolunteerTeams, (s, req, a) => s.volunteers.teams(a, req)),
  on(CreateVolunteerTeam, (s, req, a) => s.volunteers.createTeam(a, req)),
  on(JoinVolunteerTeam, (s, req, a) => s.volunteers.join(a, req)),
]);
