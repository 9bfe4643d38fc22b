import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Actor, CommonErrorCode, DiaryFiledData, DiaryView, FileDiary, IncidentSource, ListDiaries, OfficeErrorCode, OfficeEvents, Role } from '@grid122/contracts';
import { AppError, OutboxWriter } from '@grid122/messaging';
import { isWithinScope, narrowScope } from '@grid122/access';
import { decodeCursor, keysetPage, SqlParams, transactionWithRetry } from '@grid122/persistence';
import { DataSource } from 'typeorm';
import { OfficeEnv } from '../config/office.env';
import { communityPathOf, streetPathOf } from '../incident/incident-code';
import { IncidentClockService } from '../incident/incident-clock.service';
import { IncidentRepository } from '../incident/incident.repository';
import { CounterBump } from '../stats/stats.repository';
import { IncidentIntakeService, PreparedProblem } from '../incident/incident-intake.service';

interface DiaryRow {
  id: string;
  author_id: string;
  author_name: string | null;
  grid_id: string | null;
  grid_path: string;
  community_path: string | null;
  street_path: string | null;
  date: string;
  route: string;
  buildings: string[];
  households_visited: number;
  notes: string | null;
  incident_ids: string[];
  created_at: Date;
}

const COLUMNS = `id, author_id, author_name, grid_id, grid_path::text AS grid_path, community_path::text AS community_path,
  street_path::text AS street_path, to_char(date, 'YYYY-MM-DD') AS date, route, buildings, households_visited, notes, incident_ids, created_at`;

/**
 * 民情日志: a grid worker's daily diary; every problem in it becomes an incident in the same
 * transaction. 双报告: the incidents carry the grid's path, so the community (L1) and the street
 * see them from the moment of filing — both are named on the diary.
 */
@Injectable()
export class DiaryService {
  constructor(
    private readonly ds: DataSource,
    private readonly intake: IncidentIntakeService,
    private readonly repo: IncidentRepository,
    private readonly clock: IncidentClockService,
    private readonly outbox: OutboxWriter,
    private readonly env: OfficeEnv,
  ) {}

  async file(actor: Actor, req: FileDiary.Request): Promise<DiaryView> {
    if (![Role.GridWorker, Role.StreetCommander, Role.Admin].includes(actor.role)) throw AppError.forbidden('Only grid staff file patrol diaries');
    const gridPath = req.gridPath ?? actor.scope;
    if (!gridPath || !isWithinScope(gridPath, actor.scope)) {
      throw new AppError(OfficeErrorCode.OutOfScope, `The diary's grid (${gridPath || 'none'}) is outside your scope`, { field: 'gridPath' });
    }
    const date = req.date ? req.date.slice(0, 10) : this.clock.calendar.localDate(new Date());
    const problems = req.problems ?? [];
    const prepared: PreparedProblem[] = [];
    for (const [i, p] of problems.entries()) {
      const withGrid = p.gridPath || p.location ? p : { ...p, gridPath, gridId: req.gridId };
      prepared.push(await this.intake.prepare(actor, withGrid, `problems.${i}`));
    }
    const { idempotencyKey, ...body } = req;
    const hash = createHash('sha256').update(JSON.stringify(body)).digest('hex');

    return transactionWithRetry(this.ds, async (m) => {
      if (idempotencyKey) {
        const claim = await this.repo.claimIdempotencyKey(m, actor.id, idempotencyKey, FileDiary.subject, hash);
        if (!claim.claimed) {
          if (claim.hash !== hash || claim.operation !== FileDiary.subject) throw new AppError(CommonErrorCode.IdempotencyKeyReused, 'This Idempotency-Key was used with another request body', { idempotencyKey });
          return claim.response as DiaryView;
        }
      }
      const depth = this.env.OFFICE_STREET_DEPTH;
      const [{ id }]: { id: string }[] = await m.query(
        `INSERT INTO office.diaries (author_id, author_name, grid_id, grid_path, community_path, street_path, date, route, buildings, households_visited, notes)
         VALUES ($1,$2,$3,$4::ltree,$5::ltree,$6::ltree,$7,$8,$9,$10,$11) RETURNING id`,
        [actor.id, actor.displayName ?? actor.username, req.gridId ?? null, gridPath, communityPathOf(gridPath, depth), streetPathOf(gridPath, depth), date, req.route, req.buildings ?? [], req.householdsVisited, req.notes ?? null],
      );
      const views = [];
      const counters: CounterBump[] = [];
      for (const [i, p] of problems.entries()) {
        const withGrid = p.gridPath || p.location ? p : { ...p, gridPath, gridId: req.gridId };
        views.push(await this.intake.createIn(m, actor, withGrid, prepared[i], { source: IncidentSource.PatrolDiary, sourceRef: `diary:${id}#${i + 1}`, diaryId: id, deferCounters: counters }));
      }
      const incidentIds = views.map((v) => v.id);
      await m.query(`UPDATE office.diaries SET incident_ids = $2 WHERE id = $1`, [id, incidentIds]);
      const data: DiaryFiledData = { diaryId: id, authorId: actor.id, gridId: req.gridId ?? null, gridPath, date, householdsVisited: req.householdsVisited, problemsFound: incidentIds.length, incidentIds };
      await this.outbox.add(m, { type: OfficeEvents.DiaryFiled, gridPath, actorId: actor.id, data });
      // The most shared rows last (IntakeOptions.deferCounters).
      await this.intake.bumpCounters(m, counters);
      const [row]: DiaryRow[] = await m.query(`SELECT ${COLUMNS} FROM office.diaries WHERE id = $1`, [id]);
      const view = { ...this.toView(row), incidents: views };
      if (idempotencyKey) await this.repo.saveIdempotentResponse(m, actor.id, idempotencyKey, view);
      return view;
    });
  }

  async list(actor: Actor, req: ListDiaries.Request): Promise<ListDiaries.Reply> {
    const root = narrowScope(actor.scope, req.root);
    if (root === null) return { items: [], nextCursor: null };
    const q = new SqlParams().under('grid_path', root);
    if (req.from) q.and(`date >= ${q.p(req.from.slice(0, 10))}::date`);
    if (req.to) q.and(`date <= ${q.p(req.to.slice(0, 10))}::date`);
    if (req.cursor) {
      const [d, id] = decodeCursor(req.cursor, ['day', 'uuid']);
      q.and(`(date, id) < (${q.p(d)}::date, ${q.p(id)}::uuid)`);
    }
    const limit = req.limit ?? 50;
    const rows: DiaryRow[] = await this.ds.query(`SELECT ${COLUMNS} FROM office.diaries ${q.where()} ORDER BY date DESC, id DESC LIMIT ${q.p(limit + 1)}`, q.params);
    return keysetPage(rows, limit, (r) => this.toView(r), (r) => [r.date, r.id]);
  }

  private toView(r: DiaryRow): DiaryView {
    return {
      id: r.id,
      date: r.date,
      authorId: r.author_id,
      authorName: r.author_name,
      gridId: r.grid_id,
      gridPath: r.grid_path,
      route: r.route,
      buildings: r.buildings,
      householdsVisited: r.households_visited,
      notes: r.notes,
      problemsFound: r.incident_ids.length,
      incidentIds: r.incident_ids,
      reportedTo: { community: r.community_path, street: r.street_path },
      createdAt: new Date(r.created_at).toISOString(),
    };
  }
}
