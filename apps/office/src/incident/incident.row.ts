import { ClosureType, Satisfaction, IncidentSource, IncidentState, KeyArea, LimitUnit, ResolutionLevel, Unit } from '@grid122/contracts';
import { pointColumns } from '@grid122/persistence';

/** One row of office.incidents as the repository reads it (never leaves the service: see the mapper). */
export interface IncidentRow {
  id: string;
  code: string;
  title: string;
  description: string | null;
  key_area: KeyArea;
  category: string;
  state: IncidentState;
  suspended_from: IncidentState | null;
  source: IncidentSource;
  source_ref: string | null;
  grid_id: string | null;
  grid_path: string;
  lng: number | null;
  lat: number | null;
  address: string | null;
  photos: string[];
  reporter_account_id: string | null;
  reporter_name: string | null;
  reporter_phone: string | null;
  priority: number;
  duplicate_of: string | null;
  duplicate_count: number;
  unit: Unit | null;
  department_id: string | null;
  lead_unit: Unit | null;
  lead_department_id: string | null;
  /** 协办: the assists of the current dispatch (joint dispatch). */
  assist_units: Unit[];
  assist_department_ids: string[];
  rework_count: number;
  closure_type: ClosureType | null;
  responsible_party: string | null;
  resolution_level: ResolutionLevel | null;
  on_time: boolean | null;
  result: string | null;
  result_photos: string[];
  /** 办结回复 and the reporter's answer on the current closure. */
  completion_reply: string | null;
  satisfaction: Satisfaction | null;
  /** 区级答复 (the district's answer on an escalation) and 办结时限 of a task the district handed down. */
  district_reply: string | null;
  district_due_at: Date | null;
  verification_photos: string[];
  diary_id: string | null;
  escalated_ever: boolean;
  handled_ever: boolean;
  misregistered: boolean;
  suspensions: { from: string; to: string | null }[];
  extensions: { value: number; unit: LimitUnit; approvedAt: string; phase: 'register_dispatch' | 'dispose' }[];
  stats_day: string;
  reported_at: Date;
  registered_at: Date | null;
  dispatched_at: Date | null;
  handled_at: Date | null;
  closed_at: Date | null;
  supervised_at: Date | null;
  deadline: Date | null;
  yellow_at: Date | null;
  updated_at: Date;
}

export interface HistoryRow {
  seq: number;
  action: string;
  from_state: IncidentState | null;
  to_state: IncidentState;
  by_id: string | null;
  by_name: string | null;
  by_role: string | null;
  at: Date;
  note: string | null;
  /** Photos given with a handle or verify entry (处置前后对比). */
  photos?: string[] | null;
}

/** Whom an incident is out with, as views and events name it: the unit or department, the lead (主办) and the assists (协办). */
export function assigneesOf(row: IncidentRow) {
  return {
    unit: row.unit,
    departmentId: row.department_id,
    leadUnit: row.lead_unit,
    leadDepartmentId: row.lead_department_id,
    assistUnits: row.assist_units ?? [],
    assistDepartmentIds: row.assist_department_ids ?? [],
  };
}

/** The columns of office.incidents a transition may change. */
export type IncidentPatch = Partial<Omit<IncidentRow, 'id' | 'lng' | 'lat' | 'updated_at'>>;

export const INCIDENT_COLUMNS = `
  i.id, i.code, i.title, i.description, i.key_area, i.category, i.state, i.suspended_from, i.source, i.source_ref,
  i.grid_id, i.grid_path::text AS grid_path,
  ${pointColumns('i.location::geometry')},
  i.address, i.photos, i.reporter_account_id, i.reporter_name, i.reporter_phone, i.priority, i.duplicate_of, i.duplicate_count,
  i.unit, i.department_id, i.lead_unit, i.lead_department_id, i.assist_units, i.assist_department_ids, i.rework_count, i.closure_type, i.responsible_party,
  i.resolution_level, i.on_time, i.result, i.result_photos, i.completion_reply, i.satisfaction, i.district_reply, i.district_due_at, i.verification_photos, i.diary_id, i.escalated_ever, i.handled_ever, i.misregistered,
  i.suspensions, i.extensions, to_char(i.stats_day, 'YYYY-MM-DD') AS stats_day, i.reported_at, i.registered_at, i.dispatched_at,
  i.handled_at, i.closed_at, i.supervised_at, i.deadline, i.yellow_at, i.updated_at`;
