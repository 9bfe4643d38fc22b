import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HubStreetHeadline, SocialHubFigures, STREET_PATH_DEPTH } from '@grid122/contracts';

/** Love-supermarket items at or below this stock raise an alert (the stock table has no reorder level). */
export const STOCK_ALERT_LEVEL = 5;
/** A care recipient is due a household visit (进家门) after this many days without one. */
export const VISIT_INTERVAL_DAYS = 30;

/** The social services team's hub figures (社会服务队). */
@Injectable()
export class SocialHubRepository {
  constructor(private readonly ds: DataSource) {}

  async figures(scope: string, from: string, to: string): Promise<SocialHubFigures> {
    const [r]: Record<string, string | number>[] = await this.ds.query(
      `SELECT
         (SELECT count(*) FROM social.service_requests s WHERE s.grid_path <@ $1::ltree AND s.state IN ('opened', 'assigned'))::int AS open_requests,
         (SELECT count(*) FROM social.service_requests s WHERE s.grid_path <@ $1::ltree AND s.delivered_at >= $2 AND s.delivered_at < $3)::int AS delivered,
         (SELECT count(*) FROM social.care_recipients c WHERE c.grid_path <@ $1::ltree AND c.active
            AND NOT EXISTS (SELECT 1 FROM social.visits v WHERE v.recipient_id = c.id AND v.visited_at > now() - make_interval(days => $4)))::int AS visits_due,
         (SELECT count(*) FROM social.volunteers v WHERE v.grid_path <@ $1::ltree AND v.active)::int AS volunteers_active,
         (SELECT COALESCE(sum(l.delta) FILTER (WHERE l.delta > 0), 0) FROM social.points_ledger l JOIN social.volunteers v ON v.id = l.volunteer_id
           WHERE v.grid_path <@ $1::ltree AND l.created_at >= $2 AND l.created_at < $3)::int AS points_earned,
         (SELECT COALESCE(-sum(l.delta) FILTER (WHERE l.delta < 0), 0) FROM social.points_ledger l JOIN social.volunteers v ON v.id = l.volunteer_id
           WHERE v.grid_path <@ $1::ltree AND l.created_at >= $2 AND l.created_at < $3)::int AS points_spent,
         -- 居民积分 (issue 25): residents' points by the same rule as the volunteers' (the ledger's lines in the period)
         (SELECT count(*) FROM social.resident_holders h WHERE h.grid_path <@ $1::ltree)::int AS resident_holders,
         (SELECT COALESCE(sum(l.delta) FILTER (WHERE l.delta > 0), 0) FROM social.points_ledger l JOIN social.resident_holders h ON h.id = l.resident_id
           WHERE h.grid_path <@ $1::ltree AND l.created_at >= $2 AND l.created_at < $3)::int AS resident_points_earned,
         (SELECT COALESCE(-sum(l.delta) FILTER (WHERE l.delta < 0), 0) FROM social.points_ledger l JOIN social.resident_holders h ON h.id = l.resident_id
           WHERE h.grid_path <@ $1::ltree AND l.created_at >= $2 AND l.created_at < $3)::int AS resident_points_spent,
         -- A store serves the scope when it is inside it or the scope is inside the store's area.
         (SELECT count(*) FROM social.supermarket_items i WHERE i.active AND i.stock <= $5
            AND (i.store_path <@ $1::ltree OR $1::ltree <@ i.store_path))::int AS stock_alerts`,
      [scope, from, to, VISIT_INTERVAL_DAYS, STOCK_ALERT_LEVEL],
    );
    return {
      openRequests: Number(r.open_requests),
      delivered: Number(r.delivered),
      visitsDue: Number(r.visits_due),
      volunteersActive: Number(r.volunteers_active),
      pointsEarned: Number(r.points_earned),
      pointsSpent: Number(r.points_spent),
      stockAlerts: Number(r.stock_alerts),
      residentHolders: Number(r.resident_holders),
      residentPointsEarned: Number(r.resident_points_earned),
      residentPointsSpent: Number(r.resident_points_spent),
    };
  }

  async streets(scope: string, from: string, to: string): Promise<HubStreetHeadline[]> {
    const rows: { path: string; delivered: number }[] = await this.ds.query(
      `SELECT subpath(s.grid_path, 0, ${STREET_PATH_DEPTH})::text AS path, count(*)::int AS delivered
         FROM social.service_requests s
        WHERE s.grid_path <@ $1::ltree AND nlevel(s.grid_path) >= ${STREET_PATH_DEPTH} AND s.delivered_at >= $2 AND s.delivered_at < $3
        GROUP BY 1`,
      [scope, from, to],
    );
    return rows.map((r) => ({ path: r.path, figures: { servicesDelivered: r.delivered } }));
  }
}
