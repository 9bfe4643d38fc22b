import { MigrationInterface, QueryRunner } from 'typeorm';

const LEVELS = ['grid', 'community', 'street', 'district'] as const;
const NOT_SOLVED = `i.state = 'closed' AND i.closure_type IS DISTINCT FROM 'fixed'`;

/**
 * 解决层级占比 counts solved cases only (docs/metrics.md): a case closed as not ours
 * (`not_responsible`) or not fixable (`closed_not_fixed`) settled nothing at any level. Takes the
 * level off such closed incidents and their counts off the daily counters (the roll-up trigger
 * carries the change to the roll-ups). `down` gives them back the level the office derived at
 * closure (district if escalated, street for a unit, community for a department, else grid).
 */
export class ResolutionLevelSolvedOnly1795700000000 implements MigrationInterface {
  name = 'ResolutionLevelSolvedOnly1795700000000';

  async up(q: QueryRunner): Promise<void> {
    await this.shift(q, -1, `${NOT_SOLVED} AND i.resolution_level IS NOT NULL`, 'i.resolution_level');
    await q.query(`UPDATE office.incidents i SET resolution_level = NULL WHERE ${NOT_SOLVED} AND i.resolution_level IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    const derived = `CASE WHEN i.escalated_ever THEN 'district' WHEN i.lead_unit IS NOT NULL OR i.unit IS NOT NULL THEN 'street'
      WHEN i.lead_department_id IS NOT NULL OR i.department_id IS NOT NULL THEN 'community' ELSE 'grid' END`;
    await q.query(`UPDATE office.incidents i SET resolution_level = ${derived} WHERE ${NOT_SOLVED} AND i.resolution_level IS NULL`);
    await this.shift(q, 1, `${NOT_SOLVED} AND i.resolution_level IS NOT NULL`, 'i.resolution_level');
  }

  /** Adds `sign` × the matching incidents per level to their cohort's daily counters. */
  private async shift(q: QueryRunner, sign: 1 | -1, where: string, levelCol: string): Promise<void> {
    await q.query(
      `WITH d AS (
         SELECT i.stats_day AS day, i.grid_path, i.key_area,
                ${LEVELS.map((l) => `count(*) FILTER (WHERE ${levelCol}::text = '${l}')::int AS ${l}`).join(', ')}
           FROM office.incidents i WHERE ${where} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3)
       UPDATE office.stats_daily s SET ${LEVELS.map((l) => `res_${l} = s.res_${l} + ${sign} * d.${l}`).join(', ')}
         FROM d WHERE s.day = d.day AND s.grid_path = d.grid_path AND s.key_area = d.key_area`,
    );
  }
}
