/** Row shapes of the enforcement tables as the repositories read them (snake_case from SQL). */
export interface CaseRow {
  id: string;
  ref: string;
  incident_id: string | null;
  origin: 'incident' | 'patrol' | 'operation';
  title: string;
  description: string;
  category: string;
  key_area: string;
  state: string;
  grid_path: string;
  grid_id: string | null;
  address: string | null;
  lng: number | null;
  lat: number | null;
  subject_kind: string | null;
  subject_name: string | null;
  subject_representative: string | null;
  subject_id_number_enc: string | null;
  subject_phone_enc: string | null;
  finding: string | null;
  penalty_amount: string | null;
  legal_basis: string | null;
  forced_measure: string | null;
  forced_measure_note: string | null;
  demolished_area_m2: string | null;
  referred_to: string | null;
  closure_type: string | null;
  opened_by_id: string | null;
  opened_by_name: string | null;
  opened_at: Date;
  handled_at: Date | null;
  closed_at: Date | null;
  next_reinspection_at: Date | null;
}

export interface NoticeRow {
  id: string;
  ref: string;
  case_id: string;
  case_ref: string;
  case_title: string;
  category: string;
  grid_path: string;
  issued_at: Date;
  comply_by: Date;
  requirements: string;
  legal_basis: string | null;
  officers: { name: string; badgeNo: string | null; departmentId: string | null }[];
  status: string;
  next_reinspection_at: Date | null;
  reinspections: number;
  complied_at: Date | null;
}

export interface InspectionRow {
  id: string;
  case_id: string;
  notice_id: string | null;
  kind: 'inspection' | 'reinspection';
  inspected_at: Date;
  officers: { name: string; badgeNo: string | null; departmentId: string | null }[];
  finding: string | null;
  result: string | null;
  notes: string;
  evidence: string[];
  next_reinspection_at: Date | null;
  recorded_by_id: string;
}

export interface CompetentRow {
  category: string;
  department_code: string;
  department_name: string;
  department_id: string | null;
}
