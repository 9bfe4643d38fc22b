import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** The group's figures, straight from the registers (small tables per street: no counters needed yet). */
@Injectable()
export class FiguresRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * Petitions per street month `from`..`to` (YYYY-MM, inclusive): the months are walked as the
   * street's wall-clock months (`zone`), so each label is the month it counts, whatever the
   * session's TimeZone.
   */
  petitionMonths(scope: string, from: string, to: string, zone: string): Promise<{ month: string; petitions: number; collective: number; repeat: number; collectiveHeadcount: number }[]> {
    return this.ds.query(
      `SELECT to_char(mo, 'YYYY-MM') AS month,
              count(p.id)::int AS petitions,
              count(p.id) FILTER (WHERE p.collective)::int AS collective,
              count(p.id) FILTER (WHERE p.repeat_of_id IS NOT NULL)::int AS repeat,
              COALESCE(sum(p.headcount) FILTER (WHERE p.collective), 0)::int AS "collectiveHeadcount"
         FROM generate_series(($2 || '-01')::timestamp, ($3 || '-01')::timestamp, interval '1 month') mo
         LEFT JOIN petitions.petitions p
           ON p.received_at >= (mo AT TIME ZONE $4) AND p.received_at < ((mo + interval '1 month') AT TIME ZONE $4)
          AND ($1 = '' OR p.grid_path <@ NULLIF($1, '')::ltree)
        GROUP BY mo ORDER BY mo`,
      [scope, from, to, zone],
    );
  }

  /** Replies in the period on time vs late, plus those whose limit passed in the period unreplied. */
  async replyTimeliness(scope: string, from: Date, to: Date): Promise<{ onTime: number; late: number; overdueUnreplied: number; overdueNow: number }> {
    const [r] = await this.ds.query(
      `SELECT count(*) FILTER (WHERE replied_at >= $2 AND replied_at < $3 AND reply_on_time)::int AS "onTime",
              count(*) FILTER (WHERE replied_at >= $2 AND replied_at < $3 AND NOT reply_on_time)::int AS late,
              count(*) FILTER (WHERE state = 'accepted' AND reply_due_at >= $2 AND reply_due_at < LEAST($3, now()))::int AS "overdueUnreplied",
              count(*) FILTER (WHERE (state = 'received' AND accept_due_at < now()) OR (state = 'accepted' AND reply_due_at < now()))::int AS "overdueNow"
         FROM petitions.petitions WHERE ($1 = '' OR grid_path <@ NULLIF($1, '')::ltree)`,
      [scope, from, to],
    );
    return r;
  }

  async disputes(scope: string, from: Date, to: Date): Promise<{ opened: number; mediated: number; settled: number; referred: number; levels: { level: string; n: number }[] }> {
    const params = [scope, from, to];
    const inScope = `($1 = '' OR d.grid_path <@ NULLIF($1, '')::ltree)`;
    const [r] = await this.ds.query(
      `SELECT count(*) FILTER (WHERE d.opened_at >= $2 AND d.opened_at < $3)::int AS opened,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM petitions.dispute_sessions s WHERE s.dispute_id = d.id AND s.held_at >= $2 AND s.held_at < $3))::int AS mediated,
              count(*) FILTER (WHERE d.settled_at >= $2 AND d.settled_at < $3)::int AS settled,
              count(*) FILTER (WHERE d.referred_to IS NOT NULL AND d.updated_at >= $2 AND d.updated_at < $3)::int AS referred
         FROM petitions.disputes d WHERE ${inScope}`,
      params,
    );
    const levels = await this.ds.query(
      `SELECT d.settled_level AS level, count(*)::int AS n FROM petitions.disputes d
        WHERE ${inScope} AND d.settled_at >= $2 AND d.settled_at < $3 GROUP BY d.settled_level`,
      params,
    );
    return { ...r, levels };
  }

  /** Visits done in the period against visits due (per person: period days over their interval, at least one). */
  async followUps(scope: string, from: Date, to: Date): Promise<{ due: number; done: number }> {
    const [r] = await this.ds.query(
      `SELECT
         (SELECT COALESCE(sum(GREATEST(1, floor(
             EXTRACT(EPOCH FROM (LEAST($3::timestamptz, now()) - GREATEST($2::timestamptz, p.registered_at))) / 86400
             / COALESCE(p.follow_up_days, CASE WHEN p.risk_level = 'high' THEN COALESCE(p.category_high_risk_follow_up_days, c.high_risk_follow_up_days)
                                               ELSE COALESCE(p.category_follow_up_days, c.follow_up_days) END)))), 0)::int
            FROM petitions.special_people p LEFT JOIN petitions.population_categories c ON p.category IS NOT NULL AND c.code = p.category
           WHERE p.active AND p.registered_at < LEAST($3::timestamptz, now()) AND ($1 = '' OR p.grid_path <@ NULLIF($1, '')::ltree)) AS due,
         (SELECT count(*)::int FROM petitions.follow_ups f
           WHERE f.visited_at >= $2 AND f.visited_at < $3 AND ($1 = '' OR f.grid_path <@ NULLIF($1, '')::ltree)) AS done`,
      [scope, from, to],
    );
    return r;
  }
}
