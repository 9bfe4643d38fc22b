import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Actor, CommonErrorCode, DiaryFiledData, DiaryView, FileDiary, IncidentSource, ListDiaries, OfficeErrorCode, OfficeEvents, Role } from '@grid122/contracts';
import { AppError, OutboxWriter } from '@grid122/messaging';
import { isWithinScope, narrowScope } from '@grid122/access';
import { decodeCursor, keysetPage, transactionWithRetry } from '@grid122/persistence';
import { DataSource } from 'typeorm';
import { OfficeEnv } from '../config/office.env';
import { communityPathOf, streetPathOf } from '../incident/incident-code';
import { IncidentClockService } from '../incident/incident-clock.service';
import { IncidentRepository } from '../incident/incident.repository';
import { CounterBump } from '../stats/stats.repository';
import { IncidentIntakeService, PreparedProblem } from '../incident/incident-intake.service';
import { DiaryRepository, DiaryRow } from './diary.repository';

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
    private readonly diaries: DiaryRepository,
    private readonly clock: IncidentClockService,
    private readonly outbox: OutboxWriter,
    private readonly env: OfficeEnv,
  ) {}

  async file(actor: Actor, req: FileDiary.Request): Promise<DiaryView> {
    if (!([Role.GridWorker, Role.StreetCommander, Role.Admin] as readonly Role[]).includes(actor.role)) throw AppError.forbidden('Only grid staff file patrol diaries');
    const gridPath = req.gridPath ?? actor.scope;
    if (!gridPath || !isWithinScope(gridPath, actor.scope)) {
      throw new AppError(OfficeErrorCode.OutOfScope, `The diary's grid (${gridPath || 'none'}) is outside your scope`, { field: 'gridPath' });
    }
    const date = req.date ? req.date.slice(0, 10) : this.clock.calendar.localDate(new Date());
    // A problem with neither place nor grid is the diary's grid's.
    const problems = (req.problems ?? []).map((p) => (p.gridPath || p.location ? p : { ...p, gridPath, gridId: req.gridId }));
    const prepared: PreparedProblem[] = [];
    for (const [i, p] of problems.entries()) prepared.push(await this.intake.prepare(actor, p, `problems.${i}`));
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
      const id = await this.diaries.insert(m, {
        author_id: actor.id,
        author_name: actor.displayName ?? actor.username,
        grid_id: req.gridId ?? null,
        grid_path: gridPath,
        community_path: communityPathOf(gridPath, depth),
        street_path: streetPathOf(gridPath, depth),
        date,
        route: req.route,
        buildings: req.buildings ?? [],
        households_visited: req.householdsVisited,
        notes: req.notes ?? null,
      });
      const views = [];
      const counters: CounterBump[] = [];
      for (const [i, p] of problems.entries()) {
        views.push(await this.intake.createIn(m, actor, p, prepared[i], { source: IncidentSource.PatrolDiary, sourceRef: `diary:${id}#${i + 1}`, diaryId: id, deferCounters: counters }));
      }
      const incidentIds = views.map((v) => v.id);
      await this.diaries.setIncidents(m, id, incidentIds);
      const data: DiaryFiledData = { diaryId: id, authorId: actor.id, gridId: req.gridId ?? null, gridPath, date, householdsVisited: req.householdsVisited, problemsFound: incidentIds.length, incidentIds };
      await this.outbox.add(m, { type: OfficeEvents.DiaryFiled, gridPath, actorId: actor.id, data });
      // The most shared rows last (IntakeOptions.deferCounters).
      await this.intake.bumpCounters(m, counters);
      const view = { ...this.toView(await this.diaries.get(m, id)), incidents: views };
      if (idempotencyKey) await this.repo.saveIdempotentResponse(m, actor.id, idempotencyKey, view);
      return view;
    });
  }

  async list(actor: Actor, req: ListDiaries.Request): Promise<ListDiaries.Reply> {
    const root = narrowScope(actor.scope, req.root);
    if (root === null) return { items: [], nextCursor: null };
    const cursor = req.cursor ? decodeCursor(req.cursor, ['day', 'uuid']) : null;
    const limit = req.limit ?? 50;
    const rows = await this.diaries.list({ root, from: req.from?.slice(0, 10), to: req.to?.slice(0, 10), cursor: cursor && { date: cursor[0], id: cursor[1] }, limit });
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
