import { Injectable } from '@nestjs/common';
import { ListSurveys, OfficeEvents, TypedEvent, MeetingHeldData, MeetingKind, SYSTEM_ACTOR } from '@grid122/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { SqlParams } from '@grid122/persistence';
import { monthDate, monthOf } from '../common/month';
import { ViewScope } from '../common/scope';
import { FactRow } from '../indicator/indicator.repository';

export interface SurveyRow {
  id: string;
  kind: 'return_visit' | 'democratic';
  status: 'pending' | 'answered';
  incidentId: string | null;
  incidentCode: string | null;
  gridPath: string;
  personId: string | null;
  handlerId: string | null;
  unit: string | null;
  departmentId: string | null;
  rating: number | null;
  fixed: boolean | null;
  comment: string | null;
  rate: number | null;
  halfYear: string | null;
  satisfied: number | null;
  basicallySatisfied: number | null;
  dissatisfied: number | null;
  month: string;
  createdAt: string;
  answeredAt: string | null;
}

const COLS = `id, kind, status, incident_id AS "incidentId", incident_code AS "incidentCode", grid_path::text AS "gridPath",
  person_id AS "personId", handler_id AS "handlerId", unit, department_id AS "departmentId", rating, fixed, comment, rate::float AS rate,
  half_year AS "halfYear", satisfied, basically_satisfied AS "basicallySatisfied", dissatisfied,
  to_char(month, 'YYYY-MM') AS month, created_at AS "createdAt", answered_at AS "answeredAt"`;

/** Satisfaction rates per subject, as the score computation needs them. */
export interface SatisfactionInputs {
  /** mean return-visit rate per L2-or-deeper grid path prefix / per person */
  surveyByPerson: Map<string, { sum: number; n: number }>;
  surveyRows: { gridPath: string; rate: number }[];
  democratic: { gridPath: string; halfYear: string; rate: number }[];
}

@Injectable()
export class SurveyRepository {
  constructor(private readonly ds: DataSource) {}

  /** 回访: one pending survey per closure event of an incident (idempotent on the event id). */
  /**
   * 回访: a return-visit survey for each closed incident's reporter (a batch's closures in one
   * statement), with its closure's first fact's person and handler; one already opened for the
   * event is kept.
   */
  async openReturnVisits(m: EntityManager, closed: { event: TypedEvent<typeof OfficeEvents.IncidentClosed>; fact: FactRow | undefined }[]): Promise<void> {
    const rows = closed
      .map(({ event, fact }) => ({ event, fact, path: event.data.gridPath ?? event.gridPath }))
      .filter((r) => r.path && r.event.data.incidentId);
    if (rows.length === 0) return;
    const col = <T>(f: (r: (typeof rows)[number]) => T) => rows.map(f);
    await m.query(
      `INSERT INTO surveys (kind, status, source_event_id, incident_id, incident_code, grid_path, person_id, handler_id, unit, department_id, month)
       SELECT 'return_visit', 'pending', s.* FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::ltree[], $5::uuid[], $6::uuid[], $7::text[], $8::uuid[], $9::date[])
         AS s(source_event_id, incident_id, incident_code, grid_path, person_id, handler_id, unit, department_id, month)
       ON CONFLICT (source_event_id) DO NOTHING`,
      [
        col((r) => r.event.id),
        col((r) => r.event.data.incidentId),
        col((r) => r.event.data.code ?? null),
        col((r) => r.path),
        col((r) => r.fact?.personId ?? null),
        col((r) => r.fact?.handlerId ?? null),
        col((r) => r.event.data.unit ?? null),
        col((r) => r.event.data.departmentId ?? null),
        col((r) => monthDate(monthOf(r.event.occurredAt))),
      ],
    );
  }

  async byId(m: EntityManager | undefined, id: string, lock = false): Promise<SurveyRow | null> {
    const rows: SurveyRow[] = await (m ?? this.ds.manager).query(`SELECT ${COLS} FROM surveys WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`, [id]);
    return rows[0] ?? null;
  }

  async answer(m: EntityManager, id: string, a: { rating: number; fixed: boolean; comment: string | null; rate: number; by: string; month: string }): Promise<void> {
    await m.query(
      `UPDATE surveys SET status = 'answered', rating = $2, fixed = $3, comment = $4, rate = $5, answered_by = $6, answered_at = now(), month = $7 WHERE id = $1`,
      [id, a.rating, a.fixed, a.comment, a.rate, a.by, monthDate(a.month)],
    );
  }

  async insertDemocratic(m: EntityManager, s: { gridPath: string; halfYear: string; satisfied: number; basically: number; dissatisfied: number; rate: number; comment: string | null; month: string; by: string }): Promise<string | null> {
    const rows: { id: string }[] = await m.query(
      `INSERT INTO surveys (kind, status, grid_path, half_year, satisfied, basically_satisfied, dissatisfied, rate, comment, month, answered_at, answered_by)
       VALUES ('democratic', 'answered', $1::ltree, $2, $3, $4, $5, $6, $7, $8, now(), $9)
       ON CONFLICT (grid_path, half_year) WHERE kind = 'democratic' DO NOTHING RETURNING id`,
      [s.gridPath, s.halfYear, s.satisfied, s.basically, s.dissatisfied, s.rate, s.comment, monthDate(s.month), s.by],
    );
    return rows[0]?.id ?? null;
  }

  /** 民主评议 recorded as a meeting (registry.meeting.held of kind democratic_appraisal): the survey of its grid and half-year, unless one exists. */
  async recordDemocraticMeeting(m: EntityManager, d: MeetingHeldData): Promise<string | null> {
    if (d.kind !== MeetingKind.DemocraticAppraisal || !d.democratic || !d.gridPath || !/^\d{4}-\d{2}/.test(d.heldOn ?? '')) return null;
    const { satisfied, basicallySatisfied, dissatisfied } = d.democratic;
    const total = satisfied + basicallySatisfied + dissatisfied;
    const halfYear = `${d.heldOn.slice(0, 4)}H${Number(d.heldOn.slice(5, 7)) <= 6 ? 1 : 2}`;
    return this.insertDemocratic(m, {
      gridPath: d.gridPath,
      halfYear,
      satisfied,
      basically: basicallySatisfied,
      dissatisfied,
      rate: total === 0 ? 0 : (satisfied + 0.6 * basicallySatisfied) / total,
      comment: `民主评议会议 ${d.meetingId}`,
      month: d.heldOn.slice(0, 7),
      by: SYSTEM_ACTOR.id,
    });
  }

  async list(req: ListSurveys.Request, scope: ViewScope): Promise<SurveyRow[]> {
    const q = new SqlParams().under('grid_path', scope.path);
    if (scope.personId) q.and(`person_id = ${q.p(scope.personId)}`);
    if (scope.departmentId) q.and(`department_id = ${q.p(scope.departmentId)}`);
    if (req.kind) q.and(`kind = ${q.p(req.kind)}`);
    if (req.status) q.and(`status = ${q.p(req.status)}`);
    if (req.month) q.and(`month = ${q.p(monthDate(req.month))}`);
    if (req.incidentId) q.and(`incident_id = ${q.p(req.incidentId)}`);
    return this.ds.query(`SELECT ${COLS} FROM surveys ${q.where()} ORDER BY created_at DESC, id LIMIT ${q.p(req.limit ?? 50)}`, q.params);
  }

  /** Answered return visits of a month and every democratic appraisal up to the month's half-year. */
  async satisfactionInputs(m: EntityManager, month: string, halfYear: string): Promise<SatisfactionInputs> {
    const visits: { gridPath: string; personId: string | null; rate: number }[] = await m.query(
      `SELECT grid_path::text AS "gridPath", person_id AS "personId", rate::float AS rate FROM surveys
        WHERE kind = 'return_visit' AND status = 'answered' AND month = $1`,
      [monthDate(month)],
    );
    const byPerson = new Map<string, { sum: number; n: number }>();
    for (const v of visits) {
      if (!v.personId) continue;
      const acc = byPerson.get(v.personId) ?? { sum: 0, n: 0 };
      acc.sum += v.rate;
      acc.n += 1;
      byPerson.set(v.personId, acc);
    }
    const democratic: { gridPath: string; halfYear: string; rate: number }[] = await m.query(
      `SELECT grid_path::text AS "gridPath", half_year AS "halfYear", rate::float AS rate FROM surveys
        WHERE kind = 'democratic' AND half_year <= $1 ORDER BY half_year DESC`,
      [halfYear],
    );
    return { surveyByPerson: byPerson, surveyRows: visits.map((v) => ({ gridPath: v.gridPath, rate: v.rate })), democratic };
  }
}

