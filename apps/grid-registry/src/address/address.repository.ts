import { Injectable } from '@nestjs/common';
import { AddressCandidateKind } from '@grid122/contracts';
import { DataSource } from 'typeorm';
import { pointColumns } from '@grid122/persistence';

export interface CandidateRow {
  kind: AddressCandidateKind;
  id: string;
  name: string;
  lng: number;
  lat: number;
  grid_id: string;
  grid_path: string;
  grid_name: string;
  compound_name: string | null;
  community_name: string | null;
  score: number;
}

/**
 * The names an address is matched against, by trigram index: a name like the address (`%`), or
 * the address inside a longer name (`<%`); compounds and communities also when their name is
 * inside the address (a community's handful of rows, read by level and scope).
 */
@Injectable()
export class AddressRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * `buildingNo` (e.g. `3栋`, from the address) lifts the buildings with that number: a caller who
   * names the building is closer to it than to its compound, whatever else they misspelt.
   */
  async search(q: string, scope: string, limit: number, buildingNo: string | null): Promise<CandidateRow[]> {
    return this.ds.transaction(async (m) => {
      await m.query(`SET LOCAL pg_trgm.similarity_threshold = 0.25`);
      await m.query(`SET LOCAL pg_trgm.word_similarity_threshold = 0.5`);
      const score = (col: string) => `greatest(similarity(${col}, $1), word_similarity($1, ${col}), word_similarity(${col}, $1))`;
      return m.query(
        `WITH hits AS (
           SELECT 'building' AS kind, b.id, b.name, b.point, b.grid_id,
             least(1, ${score('b.name')} + CASE WHEN b.name ~ ('(^|[^0-9])' || $4 || '$') THEN 0.2 ELSE 0 END) AS score, 1 AS rank
           FROM registry.buildings b WHERE b.grid_path <@ $2::ltree AND (b.name % $1 OR $1 <% b.name)
           UNION ALL
           SELECT 'organisation', o.id, o.name, o.point, o.grid_id, ${score('o.name')}, 2
           FROM registry.organisations o WHERE o.grid_path <@ $2::ltree AND (o.name % $1 OR $1 <% o.name)
           UNION ALL
           SELECT g.level, g.id, g.name, ST_PointOnSurface(g.polygon), coalesce(c.id, g.id), ${score('g.name')}, CASE g.level WHEN 'compound' THEN 3 ELSE 4 END
           FROM registry.grids g
           LEFT JOIN LATERAL (
             SELECT x.id FROM registry.grids x
             WHERE x.level = 'building_cluster' AND x.path <@ g.path AND ST_Contains(x.polygon, ST_PointOnSurface(g.polygon)) LIMIT 1
           ) c ON true
           WHERE g.level IN ('compound', 'community') AND g.path <@ $2::ltree AND (g.name % $1 OR $1 <% g.name OR g.name <% $1)
         ), top AS (
           SELECT * FROM hits ORDER BY score DESC, rank, name LIMIT $3
         )
         SELECT t.kind, t.id, t.name, ${pointColumns('t.point')}, t.score::float8 AS score,
           l3.id AS grid_id, l3.path::text AS grid_path, l3.name AS grid_name,
           (SELECT k.name FROM registry.grids k WHERE k.level = 'compound' AND l3.path <@ k.path LIMIT 1) AS compound_name,
           (SELECT k.name FROM registry.grids k WHERE k.level = 'community' AND l3.path <@ k.path LIMIT 1) AS community_name
         FROM top t JOIN registry.grids l3 ON l3.id = t.grid_id
         ORDER BY t.score DESC, t.rank, t.name`,
        [q, scope, limit, buildingNo],
      );
    });
  }
}
