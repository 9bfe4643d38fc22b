import { Injectable } from '@nestjs/common';
import { streetCalendar } from '@grid122/calendar';
import {
  Actor, HouseholdVisitRate, HouseholdVisitView, ListHouseholdVisits, RecordHouseholdVisit, SocialEvents, VISIT_KIND_LABELS, VisitKind, VisitRecordedData,
} from '@grid122/contracts';
import { AppError, OutboxWriter } from '@grid122/messaging';
import { decodeCursor, keysetPage } from '@grid122/persistence';
import { RecipientsService } from '../recipients/recipients.service';
import { iso, monthRange } from '../shared/rows';
import { requireFieldWork, requireInScope, requireRead } from '../shared/social-policy';
import { VisitsRepository } from './visits.repository';

interface VisitRow {
  id: string;
  ck: string;
  household_ref: string;
  building_id: string | null;
  recipient_id: string | null;
  grid_id: string | null;
  grid_path: string;
  visitor_id: string;
  visitor_name: string | null;
  visited_at: Date;
  kind: string;
  findings: string | null;
  follow_up: boolean;
  created_at: Date;
}

/** Household visits (进家门): recorded per household; the visit rate per grid is a figure (field: 98%). */
@Injectable()
export class VisitsService {
  constructor(
    private readonly repo: VisitsRepository,
    private readonly recipients: RecipientsService,
    private readonly outbox: OutboxWriter,
  ) {}

  private view(v: VisitRow): HouseholdVisitView {
    return {
      id: v.id, householdRef: v.household_ref, buildingId: v.building_id, recipientId: v.recipient_id, gridId: v.grid_id, gridPath: v.grid_path,
      visitor: { id: v.visitor_id, name: v.visitor_name }, visitedAt: iso(v.visited_at)!, kind: v.kind as VisitKind,
      kindLabel: VISIT_KIND_LABELS[v.kind as VisitKind], findings: v.findings, followUp: v.follow_up, createdAt: iso(v.created_at)!,
    };
  }

  async record(actor: Actor, req: RecordHouseholdVisit.Request): Promise<HouseholdVisitView> {
    requireFieldWork(actor);
    if (req.visitedAt && new Date(req.visitedAt).getTime() > Date.now() + 60_000) {
      throw AppError.validation([{ field: 'visitedAt', messages: ['visitedAt cannot be in the future'] }]);
    }
    const row: VisitRow = await this.repo.ds.transaction(async (m) => {
      let gridPath = req.gridPath;
      let gridId = req.gridId;
      if (req.recipientId) {
        const r = await this.recipients.visible(req.recipientId, actor, m);
        gridPath = gridPath ?? r.grid_path;
        gridId = gridId ?? r.grid_id ?? undefined;
      }
      if (!gridPath) throw AppError.validation([{ field: 'gridPath', messages: ['gridPath is required when no recipientId is given'] }]);
      requireInScope(actor, gridPath);
      const v = await this.repo.insert(m, { ...req, gridPath, gridId, visitorId: actor.id, visitorName: actor.displayName ?? actor.username });
      const data: VisitRecordedData = {
        visitId: v.id, householdRef: v.household_ref, gridId: v.grid_id, gridPath: v.grid_path, recipientId: v.recipient_id, visitorId: actor.id, visitedAt: iso(v.visited_at)!, kind: v.kind,
      };
      await this.outbox.add(m, { type: SocialEvents.VisitRecorded, gridPath: v.grid_path, data });
      return v;
    });
    return this.view(row);
  }

  async list(actor: Actor, req: ListHouseholdVisits.Request) {
    requireRead(actor);
    const limit = req.limit ?? 50;
    const rows: VisitRow[] = await this.repo.list(actor, req, req.cursor ? decodeCursor(req.cursor, ['time', 'uuid']) : null, limit + 1);
    return keysetPage(rows, limit, (v) => this.view(v), (v) => [v.ck, v.id]);
  }

  async rate(actor: Actor, req: HouseholdVisitRate.Request): Promise<HouseholdVisitRate.Reply> {
    requireRead(actor);
    const now = streetCalendar().thisMonth();
    const r = monthRange(req.from ?? req.to ?? now, req.to ?? req.from ?? now);
    const rows: { id: string; path: string; name: string; households: number; visited: number }[] = await this.repo.rate(
      actor, req.gridPath, req.level ?? 'compound', r.startAt, r.endAt, req.limit ?? 500,
    );
    const rate = (visited: number, households: number) => (households > 0 ? Math.round((Math.min(visited, households) / households) * 10000) / 100 : null);
    const households = rows.reduce((s, g) => s + g.households, 0);
    const visited = rows.reduce((s, g) => s + Math.min(g.visited, g.households), 0);
    return {
      from: r.from,
      to: r.to,
      grids: rows.map((g) => ({ gridId: g.id, gridPath: g.path, name: g.name, households: g.households, visited: g.visited, rate: rate(g.visited, g.households) })),
      total: { households, visited, rate: rate(visited, households) },
    };
  }
}
