import { UNIT_CASE_EVENTS } from '../common/unit-cases';
import { Unit } from '../common/actor';

/** Domain events of the grid registry, `registry.<aggregate>.<past-tense>`. */
export const RegistryEvents = {
  GridCreated: 'registry.grid.created',
  /** re-shaped, moved or renamed: a new version (data.change says which) */
  GridChanged: 'registry.grid.changed',
  GridsImported: 'registry.grid.imported',
  StaffAssigned: 'registry.staff.assigned',
  StaffUnassigned: 'registry.staff.unassigned',
  DepartmentLinked: 'registry.department.linked',
  /** 三会一评: a meeting was recorded with its attendance and decisions (MeetingHeldData). */
  MeetingHeld: 'registry.meeting.held',
  /** A meeting's decision was done (MeetingDecisionClosedData). */
  MeetingDecisionClosed: 'registry.meeting_decision.closed',
  /** One member's attendance of a meeting (MeetingAttendanceData): appraisal's meetings due / attended. */
  MeetingAttendanceRecorded: 'registry.meeting.attendance_recorded',
  /** A decision given to its owner (MeetingDecisionMadeData): appraisal's decisions owned. */
  MeetingDecisionMade: 'registry.meeting_decision.made',
  TaskOpened: UNIT_CASE_EVENTS[Unit.Organisation].opened,
  TaskHandled: UNIT_CASE_EVENTS[Unit.Organisation].handled,
  TaskClosed: UNIT_CASE_EVENTS[Unit.Organisation].closed,
  TaskReturned: UNIT_CASE_EVENTS[Unit.Organisation].returned,
} as const;

export interface GridChangedData {
  gridId: string;
  code: string;
  name: string;
  level: string;
  path: string;
  previousPath: string | null;
  version: number;
  change: 'created' | 'reshaped' | 'moved' | 'renamed' | 'imported' | 'updated';
}

export interface StaffAssignedData {
  assignmentId: string;
  staffId: string;
  gridId: string;
  gridPath: string;
  role: string;
  accountId: string | null;
  /** the head this one replaced, for grid_head hand-overs */
  replacedStaffId?: string | null;
}

/** Data of `registry.staff.unassigned`. */
export interface StaffUnassignedData {
  assignmentId: string;
  staffId: string;
  gridId: string;
  role: string;
}

/** Data of `registry.department.linked`: a department's liaison (下沉) linked to a grid. */
export interface DepartmentLinkedData {
  linkId: string;
  departmentId: string;
  gridId: string;
  staffId: string;
}

/** Data of `registry.grid.imported`: one import's counts and the codes it touched. */
export interface GridsImportedData {
  created: number;
  reshaped: number;
  unchanged: number;
  codes: string[];
}
