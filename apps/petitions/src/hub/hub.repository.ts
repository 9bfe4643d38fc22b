import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HubStreetHeadline, PetitionsHubFigures, STREET_PATH_DEPTH } from '@grid122/contracts';
import { pathOverlap } from '@grid122/persistence';

/** Open petitions past the deadline of their current step (as the petition list's `overdue`). */
const OVERDUE = `((p.state = 'received' AND p.accept_due_at < now()) OR (p.state = 'accepted' AND p.reply_due_at < now()))`;
/**
 * Next follow-up of each active special person: their own interval or their register's (by risk).
 * The tighter interval a stability warning imposes is left to the population capability's list;
 * the hub counts the base rule so the figure stays one cheap query.
 */
// the register's cadence is kept on the row (its category is encrypted); a row still in clear finds it by its code
const NEXT_DUE = `COALESCE(sp.last_follow_up_at, sp.registered_at)
  + make_interval(days => COALESCE(sp.follow_up_days, CASE WHEN sp.risk_level = 'high' THEN COALESCE(sp.category_high_risk_follow_up_days, c.high_risk_follow_up_days)
                                                           ELSE COALESCE(sp.category_follow_up_days, c.follow_up_days) END))`;

/** The petitions & stability group's hub figures (综合信访稳定组). */
@Injectable()
export class PetitionsHubRepository {
  constructor(private readonly ds: DataSource) {}

  async figures(scope: string, from: string, to: string): Promise<PetitionsHubFigures> {
    const [r]: Record<string, number | null>[] = await this.ds.query(
      `SELECT
         (SELECT count(*) FROM petitions.petitions p WHERE p.grid_path <@ $1::ltree AND p.received_at >= $2 AND p.received_at < $3)::int AS received,
         (SELECT count(*) FROM petitions.petitions p WHERE p.grid_path <@ $1::ltree AND p.received_at >= $2 AND p.received_at < $3 AND p.collective)::int AS collective,
         (SELECT count(*) FROM petitions.petitions p WHERE p.grid_path <@ $1::ltree AND ${OVERDUE})::int AS overdue,
         (SELECT count(*) FROM petitions.disputes d WHERE d.grid_path <@ $1::ltree AND d.state IN ('open', 'mediating'))::int AS disputes_open,
         (SELECT count(*) FROM petitions.disputes d WHERE d.grid_path <@ $1::ltree AND d.settled_at >= $2 AND d.settled_at < $3)::int AS disputes_settled,
         (SELECT count(*) FROM petitions.special_people sp LEFT JOIN petitions.population_categories c ON sp.category IS NOT NULL AND c.code = sp.category
           WHERE sp.grid_path <@ $1::ltree AND sp.active AND ${NEXT_DUE} >= now() AND ${NEXT_DUE} < now() + interval '7 days')::int AS due,
         (SELECT count(*) FROM petitions.special_people sp LEFT JOIN petitions.population_categories c ON sp.category IS NOT NULL AND c.code = sp.category
           WHERE sp.grid_path <@ $1::ltree AND sp.active AND ${NEXT_DUE} < now())::int AS overdue_follow_ups,
         -- A warning covers the scope when it was issued for the scope, above it, or for a grid inside it.
         (SELECT max(w.level) FROM petitions.stability_warnings w
           WHERE w.state = 'active' AND w.starts_at <= now() AND w.ends_at > now()
             AND ${pathOverlap('w.scope_path', scope, () => '$1')})::int AS warning_level`,
      [scope, from, to],
    );
    return {
      received: Number(r.received),
      overdue: Number(r.overdue),
      collective: Number(r.collective),
      disputesOpen: Number(r.disputes_open),
      disputesSettled: Number(r.disputes_settled),
      followUpsDue: Number(r.due),
      followUpsOverdue: Number(r.overdue_follow_ups),
      warningLevel: r.warning_level === null ? null : Number(r.warning_level),
    };
  }

  async streets(scope: string, from: string, to: string): Promise<HubStreetHeadline[]> {
    const rows: { path: string; received: number; collective: number }[] = await this.ds.query(
      `SELECT subpath(p.grid_path, 0, ${STREET_PATH_DEPTH})::text AS path, count(*)::int AS received, count(*) FILTER (WHERE p.collective)::int AS collective
         FROM petitions.petitions p
        WHERE p.grid_path <@ $1::ltree AND nlevel(p.grid_path) >= ${STREET_PATH_DEPTH} AND p.received_at >= $2 AND p.received_at < $3
        GROUP BY 1`,
      [scope, from, to],
    );
    return rows.map((r) => ({ path: r.path, figures: { petitionsReceived: r.received, collectivePetitions: r.collective } }));
  }
}
