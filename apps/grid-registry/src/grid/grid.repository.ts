import { Injectable } from '@nestjs/common';
import { GridLedgerRow, GridLevel } from '@grid122/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { returnedRows } from '../shared/access';
import { GridDetailRow, GridRow, LocatedRow } from './grid.mapper';
import { pointColumns, SqlParams } from '@grid122/persistence';

type Q = Pick<EntityManager, 'query'>;

/** Columns of a grid view; `g` is the grids table. */
const VIEW_COLS = `g.id, g.code, g.name, g.level, g.path::text AS path, g.parent_id, g.households, g.buildings, g.shopfronts,
  g.grid_class, g.grade, g.merge_reason, g.cluster_kind, g.version, g.valid_from, g.updated_at,
  round((ST_Area(g.polygon::geography) / 1e6)::numeric, 4)::float8 AS area_km2,
  round(ST_X(ST_Centroid(g.polygon))::numeric, 7)::float8 AS cx, round(ST_Y(ST_Centroid(g.polygon))::numeric, 7)::float8 AS cy`;

/** A polygon parameter: GeoJSON text in, SRID 4326 geometry. */
const GEOM = (n: number) => `ST_SetSRID(ST_GeomFromGeoJSON($${n}), 4326)`;

/** A path under $1 (old root) re-rooted at $2 (new root); subpath() refuses an empty tail, hence the CASE. */
const REBASE = (col: string) => `CASE WHEN ${col} = $1::ltree THEN $2::ltree ELSE $2::ltree || subpath(${col}, nlevel($1::ltree)) END`;

/** Tolerance (degrees, ~10 cm) when checking a child lies inside its parent: rounding of shared edges. */
export const COVER_TOLERANCE_DEG = 0.000001;

export interface GridFilter {
  scope: string;
  parentId?: string;
  rootPath?: string;
  level?: GridLevel;
  cls?: string;
  q?: string;
  afterPath?: string;
  limit: number;
}

export interface NewGridRow {
  id?: string;
  code: string;
  name: string;
  level: GridLevel;
  path: string;
  parentId: string | null;
  polygon: string; // GeoJSON text
  households: number;
  buildings: number;
  shopfronts: number;
  gridClass: string | null;
  grade: string | null;
  mergeReason: string | null;
  clusterKind: string | null;
  validFrom?: Date;
}

/** Every query of the grid tree: ltree for scope and subtrees, PostGIS for shapes. */
@Injectable()
export class GridRepository {
  constructor(private readonly ds: DataSource) {}

  async list(f: GridFilter): Promise<GridRow[]> {
    const q = new SqlParams().under('g.path', f.scope);
    if (f.parentId) q.and(`g.parent_id = ${q.p(f.parentId)}`);
    if (f.rootPath !== undefined) q.under('g.path', f.rootPath);
    if (f.level) q.and(`g.level = ${q.p(f.level)}`);
    if (f.cls) q.and(`${/^[ABC]$/.test(f.cls) ? 'g.grade' : 'g.grid_class'} = ${q.p(f.cls)}`);
    if (f.q) q.and(`g.name ILIKE ${q.p(`%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)}`);
    if (f.afterPath) q.and(`g.path > ${q.p(f.afterPath)}::ltree`);
    return this.ds.query(`SELECT ${VIEW_COLS} FROM registry.grids g ${q.where()} ORDER BY g.path LIMIT ${q.p(f.limit)}`, q.params);
  }

  /** The grid if it is within `scope`; null otherwise (the caller answers 404, never 403). */
  async findInScope(id: string, scope: string, m: Q = this.ds): Promise<GridRow | null> {
    const rows = await m.query(`SELECT ${VIEW_COLS} FROM registry.grids g WHERE g.id = $1 AND g.path <@ $2::ltree`, [id, scope]);
    return rows[0] ?? null;
  }

  /** Locks the row for a change (moves and re-shapes are serialised per grid). */
  async lockInScope(m: Q, id: string, scope: string): Promise<GridRow | null> {
    const rows = await m.query(`SELECT ${VIEW_COLS} FROM registry.grids g WHERE g.id = $1 AND g.path <@ $2::ltree FOR UPDATE`, [id, scope]);
    return rows[0] ?? null;
  }

  async detail(id: string, scope: string, m: Q = this.ds): Promise<GridDetailRow | null> {
    const rows = await m.query(
      `SELECT ${VIEW_COLS}, ST_AsGeoJSON(g.polygon, 7) AS polygon,
         (SELECT count(*)::int FROM registry.grids c WHERE c.parent_id = g.id) AS children,
         h.staff_id AS head_id, s.name AS head_name
       FROM registry.grids g
       LEFT JOIN registry.staff_assignments h ON h.grid_id = g.id AND h.role = 'grid_head' AND h.valid_to IS NULL
       LEFT JOIN registry.staff s ON s.id = h.staff_id
       WHERE g.id = $1 AND g.path <@ $2::ltree`,
      [id, scope],
    );
    return rows[0] ?? null;
  }

  async findByCodes(m: Q, codes: string[]): Promise<(GridRow & { polygon: string })[]> {
    if (codes.length === 0) return [];
    return m.query(`SELECT ${VIEW_COLS}, ST_AsGeoJSON(g.polygon, 7) AS polygon FROM registry.grids g WHERE g.code = ANY($1::char(15)[])`, [codes]);
  }

  async pathTaken(m: Q, path: string): Promise<boolean> {
    return (await m.query(`SELECT 1 FROM registry.grids WHERE path = $1::ltree`, [path])).length > 0;
  }

  async childCodes(m: Q, parentId: string): Promise<string[]> {
    const rows: { code: string }[] = await m.query(`SELECT code FROM registry.grids WHERE parent_id = $1`, [parentId]);
    return rows.map((r) => r.code);
  }

  /**
   * The deepest grid containing the point, with its ancestors, in one statement: the GiST index on
   * the polygon finds the candidates, ltree `@>` the ancestors. A point on a shared edge or vertex
   * touches several grids of the same level; the smallest code wins, so the answer is stable.
   */
  async locateNow(lng: number, lat: number, scope: string): Promise<LocatedRow[]> {
    return this.ds.query(
      `WITH hit AS (
         SELECT path FROM registry.grids
         WHERE ST_Intersects(polygon, ST_SetSRID(ST_MakePoint($1, $2), 4326)) AND path <@ $3::ltree
         ORDER BY nlevel(path) DESC, code ASC LIMIT 1)
       SELECT g.id, g.code, g.name, g.level, g.path::text AS path, g.parent_id
       FROM registry.grids g, hit WHERE g.path @> hit.path ORDER BY nlevel(g.path)`,
      [lng, lat, scope],
    );
  }

  /** L3 polygons as GeoJSON, by id (a page after `afterId`, or the given ids). */
  async polygons(req: { afterId?: string; ids?: string[]; limit: number }): Promise<{ id: string; code: string; path: string; geojson: string }[]> {
    return this.ds.query(
      `SELECT id, code, path::text AS path, ST_AsGeoJSON(polygon) AS geojson FROM registry.grids
       WHERE level = 'building_cluster' AND ($1::uuid IS NULL OR id > $1::uuid) AND ($2::uuid[] IS NULL OR id = ANY($2::uuid[]))
       ORDER BY id LIMIT $3`,
      [req.afterId ?? null, req.ids ?? null, req.limit],
    );
  }

  /** The same, against the versions valid at `at` (valid_from <= at < valid_to). */
  async locateAt(lng: number, lat: number, scope: string, at: Date): Promise<LocatedRow[]> {
    return this.ds.query(
      `WITH v AS (
         SELECT grid_id, code, name, level, path, parent_id, polygon FROM registry.grid_versions
         WHERE valid_from <= $4 AND (valid_to IS NULL OR valid_to > $4)),
       hit AS (
         SELECT path FROM v
         WHERE ST_Intersects(polygon, ST_SetSRID(ST_MakePoint($1, $2), 4326)) AND path <@ $3::ltree
         ORDER BY nlevel(path) DESC, code ASC LIMIT 1)
       SELECT v.grid_id AS id, v.code, v.name, v.level, v.path::text AS path, v.parent_id
       FROM v, hit WHERE v.path @> hit.path ORDER BY nlevel(v.path)`,
      [lng, lat, scope, at],
    );
  }

  /** PostGIS's verdict on each polygon (GeoJSON text): valid, or the reason (e.g. "Self-intersection[x y]"). */
  async validity(m: Q, polygons: string[]): Promise<{ valid: boolean; reason: string }[]> {
    if (polygons.length === 0) return [];
    const rows: { i: string; valid: boolean; reason: string }[] = await m.query(
      `SELECT x.i, ST_IsValid(g) AS valid, ST_IsValidReason(g) AS reason
       FROM unnest($1::text[]) WITH ORDINALITY AS x(j, i), LATERAL (SELECT ST_SetSRID(ST_GeomFromGeoJSON(x.j), 4326) AS g) t
       ORDER BY x.i`,
      [polygons],
    );
    return rows.map((r) => ({ valid: r.valid, reason: r.reason }));
  }

  /** Is `polygon` inside the parent's (with a small tolerance for rounded shared edges)? */
  async coveredByGrid(m: Q, polygon: string, gridId: string): Promise<boolean> {
    const rows = await m.query(
      `SELECT ST_CoveredBy(${GEOM(1)}, ST_Buffer(p.polygon, ${COVER_TOLERANCE_DEG})) AS ok FROM registry.grids p WHERE p.id = $2`,
      [polygon, gridId],
    );
    return rows[0]?.ok === true;
  }

  /** Children that would fall outside `polygon` if their parent took that shape. */
  async childrenOutside(m: Q, parentId: string, polygon: string): Promise<string[]> {
    const rows: { code: string }[] = await m.query(
      `SELECT c.code FROM registry.grids c WHERE c.parent_id = $2 AND NOT ST_CoveredBy(c.polygon, ST_Buffer(${GEOM(1)}, ${COVER_TOLERANCE_DEG})) ORDER BY c.code`,
      [polygon, parentId],
    );
    return rows.map((r) => r.code.trim());
  }

  /** Grids among `codes` lying outside their parent (checked after an import, inside its transaction). */
  async outsideParent(m: Q, codes: string[]): Promise<string[]> {
    const rows: { code: string }[] = await m.query(
      `SELECT c.code FROM registry.grids c JOIN registry.grids p ON p.id = c.parent_id
       WHERE c.code = ANY($1::char(15)[]) AND NOT ST_CoveredBy(c.polygon, ST_Buffer(p.polygon, ${COVER_TOLERANCE_DEG}))`,
      [codes],
    );
    return rows.map((r) => r.code.trim());
  }

  async insert(m: Q, g: NewGridRow, actorId: string | null): Promise<string> {
    const rows = await m.query(
      `INSERT INTO registry.grids (id, code, name, level, path, parent_id, polygon, households, buildings, shopfronts, grid_class, grade, merge_reason, cluster_kind, valid_from)
       VALUES (coalesce($1, gen_random_uuid()), $2, $3, $4, $5::ltree, $6, ${GEOM(7)}, $8, $9, $10, $11, $12, $13, $14, coalesce($15, now()))
       RETURNING id`,
      [g.id ?? null, g.code, g.name, g.level, g.path, g.parentId, g.polygon, g.households, g.buildings, g.shopfronts, g.gridClass, g.grade, g.mergeReason, g.clusterKind, g.validFrom ?? null],
    );
    const id = rows[0].id as string;
    await m.query(
      `INSERT INTO registry.grid_versions (grid_id, version, code, name, level, path, parent_id, polygon, change, changed_by, valid_from)
       SELECT id, 1, code, name, level, path, parent_id, polygon, 'created', $2, valid_from FROM registry.grids WHERE id = $1`,
      [id, actorId],
    );
    return id;
  }

  /** Plain attributes: no new version (counts, class, grade, merge reason). */
  async updateAttributes(m: Q, id: string, a: { households?: number; buildings?: number; shopfronts?: number; gridClass?: string; grade?: string; mergeReason?: string; clusterKind?: string }): Promise<void> {
    await m.query(
      `UPDATE registry.grids SET
         households = coalesce($2, households), buildings = coalesce($3, buildings), shopfronts = coalesce($4, shopfronts),
         grid_class = coalesce($5, grid_class), grade = coalesce($6, grade), merge_reason = coalesce($7, merge_reason),
         cluster_kind = coalesce($8, cluster_kind), updated_at = now()
       WHERE id = $1`,
      [id, a.households ?? null, a.buildings ?? null, a.shopfronts ?? null, a.gridClass ?? null, a.grade ?? null, a.mergeReason ?? null, a.clusterKind ?? null],
    );
  }

  async reshapeRename(m: Q, id: string, polygon: string | null, name: string | null): Promise<void> {
    await m.query(
      `UPDATE registry.grids SET polygon = coalesce(${GEOM(2)}, polygon), name = coalesce($3, name), updated_at = now() WHERE id = $1`,
      [id, polygon, name],
    );
  }

  /**
   * Moves a subtree under a new parent: the grid's path and every descendant's path change
   * (ltree prefix swap), and so do the denormalised paths of the rows that hang on them.
   * Returns the ids of every grid moved. Tasks keep the path they were opened at.
   */
  async moveSubtree(m: Q, id: string, oldPath: string, newPath: string, newParentId: string): Promise<string[]> {
    await m.query(`UPDATE registry.grids SET parent_id = $2, updated_at = now() WHERE id = $1`, [id, newParentId]);
    const moved = returnedRows<{ id: string }>(await m.query(
      `UPDATE registry.grids SET path = ${REBASE('path')}, updated_at = now()
       WHERE path <@ $1::ltree RETURNING id`,
      [oldPath, newPath],
    ));
    for (const t of ['staff_assignments', 'department_links', 'party_orgs', 'party_commitments', 'volunteers', 'volunteer_teams', 'buildings', 'organisations']) {
      await m.query(`UPDATE registry.${t} SET grid_path = ${REBASE('grid_path')} WHERE grid_path <@ $1::ltree`, [oldPath, newPath]);
    }
    await m.query(`UPDATE registry.staff SET home_path = ${REBASE('home_path')} WHERE home_path <@ $1::ltree`, [oldPath, newPath]);
    return moved.map((r) => r.id);
  }

  /** Closes the current versions of these grids and opens new ones from their present rows. */
  async newVersions(m: Q, ids: string[], change: string, actorId: string | null): Promise<void> {
    if (ids.length === 0) return;
    await m.query(`UPDATE registry.grid_versions SET valid_to = now() WHERE grid_id = ANY($1::uuid[]) AND valid_to IS NULL`, [ids]);
    await m.query(`UPDATE registry.grids SET version = version + 1, valid_from = now() WHERE id = ANY($1::uuid[])`, [ids]);
    await m.query(
      `INSERT INTO registry.grid_versions (grid_id, version, code, name, level, path, parent_id, polygon, change, changed_by, valid_from)
       SELECT id, version, code, name, level, path, parent_id, polygon, $2, $3, valid_from FROM registry.grids WHERE id = ANY($1::uuid[])`,
      [ids, change, actorId],
    );
  }

  async history(id: string): Promise<{ version: number; name: string; path: string; parent_id: string | null; change: string; valid_from: Date; valid_to: Date | null; polygon: string }[]> {
    return this.ds.query(
      `SELECT version, name, path::text AS path, parent_id, change, valid_from, valid_to, ST_AsGeoJSON(polygon, 7) AS polygon
       FROM registry.grid_versions WHERE grid_id = $1 ORDER BY version`,
      [id],
    );
  }

  async countSubtree(path: string, level?: GridLevel): Promise<number> {
    const rows = await this.ds.query(`SELECT count(*)::int AS n FROM registry.grids WHERE path <@ $1::ltree AND ($2::text IS NULL OR level = $2)`, [path, level ?? null]);
    return rows[0].n;
  }

  /**
   * The grids of one level under `path`, and the pairs of them whose polygons are within
   * `toleranceDeg` degrees (a hair for "sharing a border", more for "within a distance"): one
   * self-join on the polygon GiST index.
   */
  async neighbours(path: string, level: GridLevel, toleranceDeg: number): Promise<{ places: { id: string; path: string; name: string; lng: number; lat: number }[]; pairs: { a: string; b: string }[] }> {
    const places = await this.ds.query(
      `SELECT g.id, g.path::text AS path, g.name, ${pointColumns('ST_PointOnSurface(g.polygon)')}
       FROM registry.grids g WHERE g.path <@ $1::ltree AND g.level = $2 ORDER BY g.path`,
      [path, level],
    );
    const pairs = await this.ds.query(
      `SELECT a.path::text AS a, b.path::text AS b
       FROM registry.grids a JOIN registry.grids b ON b.path <@ $1::ltree AND b.level = $2 AND a.path < b.path AND ST_DWithin(a.polygon, b.polygon, $3)
       WHERE a.path <@ $1::ltree AND a.level = $2`,
      [path, level, toleranceDeg],
    );
    return { places, pairs };
  }

  /** The subtree as a GeoJSON FeatureCollection, built by PostGIS in one statement. */
  async geojson(path: string, level?: GridLevel): Promise<unknown> {
    const rows = await this.ds.query(
      `SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
           'type', 'Feature', 'id', trim(g.code),
           'geometry', ST_AsGeoJSON(g.polygon, 7)::json,
           'properties', json_build_object(
             'id', g.id, 'code', trim(g.code), 'name', g.name, 'level', g.level, 'path', g.path::text,
             'parentCode', trim(p.code), 'households', g.households, 'buildings', g.buildings, 'shopfronts', g.shopfronts,
             'gridClass', g.grid_class, 'grade', g.grade, 'mergeReason', g.merge_reason, 'clusterKind', g.cluster_kind,
             'version', g.version, 'validFrom', g.valid_from)) ORDER BY g.path), '[]'::json)) AS fc
       FROM registry.grids g LEFT JOIN registry.grids p ON p.id = g.parent_id
       WHERE g.path <@ $1::ltree AND ($2::text IS NULL OR g.level = $2)`,
      [path, level ?? null],
    );
    return rows[0].fc;
  }

  /** Level 1-3 grids under `path` without a current head. */
  async gaps(path: string): Promise<LocatedRow[]> {
    return this.ds.query(
      `SELECT g.id, g.code, g.name, g.level, g.path::text AS path, g.parent_id FROM registry.grids g
       WHERE g.path <@ $1::ltree AND g.level IN ('community', 'compound', 'building_cluster')
         AND NOT EXISTS (SELECT 1 FROM registry.staff_assignments a WHERE a.grid_id = g.id AND a.role = 'grid_head' AND a.valid_to IS NULL)
       ORDER BY g.path`,
      [path],
    );
  }

  /** Level 1-3 grids under `path` with the roles of their current posts. */
  async postsOf(path: string): Promise<(LocatedRow & { roles: string[] })[]> {
    return this.ds.query(
      `SELECT g.id, g.code, g.name, g.level, g.path::text AS path, g.parent_id,
              coalesce(array_agg(DISTINCT a.role) FILTER (WHERE a.role IS NOT NULL), '{}') AS roles
         FROM registry.grids g LEFT JOIN registry.staff_assignments a ON a.grid_id = g.id AND a.valid_to IS NULL
        WHERE g.path <@ $1::ltree AND g.level IN ('community', 'compound', 'building_cluster')
        GROUP BY g.id ORDER BY g.path`,
      [path],
    );
  }

  async ledger(path: string): Promise<Omit<GridLedgerRow, 'levelLabel'>[]> {
    return this.ds.query(
      `SELECT trim(g.code) AS "code", g.name AS "name", g.level AS "level", g.path::text AS "path", trim(p.code) AS "parentCode",
         g.grid_class AS "gridClass", g.grade AS "grade", g.households AS "households", g.buildings AS "buildings",
         g.shopfronts AS "shopfronts", g.merge_reason AS "mergeReason",
         round((ST_Area(g.polygon::geography) / 1e6)::numeric, 4)::float8 AS "areaKm2",
         (SELECT s.name FROM registry.staff_assignments a JOIN registry.staff s ON s.id = a.staff_id
           WHERE a.grid_id = g.id AND a.role = 'grid_head' AND a.valid_to IS NULL) AS "headName",
         (SELECT count(*)::int FROM registry.staff_assignments a WHERE a.grid_id = g.id AND a.valid_to IS NULL) AS "staffCount",
         (SELECT count(DISTINCT l.department_id)::int FROM registry.department_links l WHERE l.grid_id = g.id AND l.valid_to IS NULL) AS "departmentCount",
         (SELECT string_agg(o.name, '、' ORDER BY o.name) FROM registry.party_orgs o WHERE o.grid_id = g.id) AS "partyOrganisation"
       FROM registry.grids g LEFT JOIN registry.grids p ON p.id = g.parent_id
       WHERE g.path <@ $1::ltree ORDER BY g.path`,
      [path],
    );
  }
}
