import { demoStreet, City } from '@grid122/demo-street';
import { PiiCipher } from '@grid122/privacy';
import { DataSource, EntityManager } from 'typeorm';
import { loadGridRegistryEnv } from '../config/grid-registry.env';

/** Grid management started in 2012 (seed reports): demo grids are valid from then, so old incidents locate. */
export const DEMO_VALID_FROM = '2012-01-01T00:00:00+08:00';

const chunks = <T>(xs: T[], n = 500): T[][] => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));

/**
 * Demo data of the grid-registry service: the Baotaqiao-shaped street (宝塔桥街道) from
 * @grid122/demo-street — 12 communities, 68 level-2 and 247 level-3 grids with polygons, a head
 * on every grid, 35 departments with seconded staff on level-2 grids, party organisations,
 * volunteers and their teams, buildings and organisations. Idempotent: skips a seeded database.
 */
export async function seedDemo(ds: DataSource, city: City = demoStreet(), cipher = new PiiCipher(loadGridRegistryEnv().piiKeys('grid-registry'))): Promise<void> {
  const street = city.grids.find((g) => g.level === 'street')!;
  const done = await ds.query(`SELECT 1 FROM registry.grids WHERE code = $1`, [street.code]);
  if (done.length > 0) return;
  await ds.transaction(async (m) => {
    await insertGrids(m, city);
    await m.query(
      `INSERT INTO registry.departments (id, code, name, full_name, district_path, key_areas)
       SELECT d.id, d.code, d.name, d.full_name, g.path, d.key_areas
       FROM json_to_recordset($1::json) AS d(id uuid, code text, name text, full_name text, district_grid_id uuid, key_areas text[])
       JOIN registry.grids g ON g.id = d.district_grid_id`,
      [JSON.stringify(city.departments.map((d) => ({ id: d.id, code: d.code, name: d.name, full_name: d.fullName, district_grid_id: d.districtGridId, key_areas: d.keyAreas })))],
    );
    for (const part of chunks(city.people)) {
      await m.query(
        `INSERT INTO registry.staff (id, name, gender, phone_enc, phone_hash, party_member, department_id, home_path)
         SELECT p.id, p.name, p.gender, p.phone_enc, p.phone_hash, p.party_member, p.department_id, g.path
         FROM json_to_recordset($1::json) AS p(id uuid, name text, gender text, phone_enc text, phone_hash text, party_member boolean, department_id uuid, street_id uuid)
         JOIN registry.grids g ON g.id = p.street_id`,
        [JSON.stringify(part.map((p) => ({ id: p.id, name: p.name, gender: p.gender, phone_enc: cipher.encrypt(p.phone), phone_hash: cipher.hash(p.phone), party_member: p.partyMember, department_id: p.departmentId, street_id: p.streetId })))],
      );
    }
    const posts = city.assignments.filter((a) => a.role !== 'seconded_staff');
    for (const part of chunks(posts)) {
      await m.query(
        `INSERT INTO registry.staff_assignments (staff_id, grid_id, grid_path, role, role_group, valid_from)
         SELECT a.staff_id, a.grid_id, g.path, a.role, a.role_group, $2 FROM json_to_recordset($1::json) AS a(staff_id uuid, grid_id uuid, role text, role_group text)
         JOIN registry.grids g ON g.id = a.grid_id
         ON CONFLICT DO NOTHING`,
        [JSON.stringify(part.map((a) => ({ staff_id: a.personId, grid_id: a.gridId, role: a.role, role_group: a.group }))), DEMO_VALID_FROM],
      );
    }
    // "Lines into blocks": each link is a seconded post plus the link that names the department.
    await m.query(
      `WITH l AS (SELECT * FROM json_to_recordset($1::json) AS l(department_id uuid, grid_id uuid, staff_id uuid)),
       posted AS (
         INSERT INTO registry.staff_assignments (staff_id, grid_id, grid_path, role, role_group, department_id, valid_from)
         SELECT l.staff_id, l.grid_id, g.path, 'seconded_staff', 'seconded', l.department_id, $2 FROM l JOIN registry.grids g ON g.id = l.grid_id
         RETURNING id, staff_id, grid_id, grid_path, department_id)
       INSERT INTO registry.department_links (department_id, grid_id, grid_path, staff_id, assignment_id, valid_from)
       SELECT department_id, grid_id, grid_path, staff_id, id, $2 FROM posted`,
      [JSON.stringify(city.departmentLinks.map((l) => ({ department_id: l.departmentId, grid_id: l.gridId, staff_id: l.personId }))), DEMO_VALID_FROM],
    );
    await m.query(
      `INSERT INTO registry.party_orgs (id, grid_id, grid_path, kind, name, members, secretary_id)
       SELECT o.id, o.grid_id, g.path, o.kind, o.name, o.members, o.secretary_id
       FROM json_to_recordset($1::json) AS o(id uuid, grid_id uuid, kind text, name text, members int, secretary_id uuid)
       JOIN registry.grids g ON g.id = o.grid_id`,
      [JSON.stringify(city.partyOrgs.map((o) => ({ id: o.id, grid_id: o.gridId, kind: o.kind, name: o.name, members: o.members, secretary_id: o.secretaryId })))],
    );
    // 党员承诺: each community's organisation publishes the year's pledges of its secretary.
    await m.query(
      `INSERT INTO registry.party_commitments (party_org_id, grid_path, member_name, staff_id, content, year, state, pledged_at, fulfilled_at, fulfilment_note)
       SELECT o.id, o.grid_path, s.name, s.id, c.content, 2013, c.state, '2013-03-01T09:00:00+08:00',
              CASE WHEN c.state = 'fulfilled' THEN '2013-11-20T17:00:00+08:00'::timestamptz END,
              CASE WHEN c.state = 'fulfilled' THEN '已按期践诺，居民代表评议满意' END
       FROM registry.party_orgs o JOIN registry.staff s ON s.id = o.secretary_id
       CROSS JOIN (VALUES ('每月走访网格内困难党员和独居老人不少于一次', 'fulfilled'), ('牵头化解网格内邻里矛盾，做到小事不出网格', 'pledged')) AS c(content, state)
       WHERE o.kind <> 'branch'`,
    );
    const teamGrid = new Map(city.volunteerTeams.map((t) => [t.id, t.streetId]));
    await m.query(
      `INSERT INTO registry.volunteer_teams (id, code, name, special, grid_id, grid_path)
       SELECT t.id, t.code, t.name, t.special, t.grid_id, g.path FROM json_to_recordset($1::json) AS t(id uuid, code text, name text, special boolean, grid_id uuid)
       JOIN registry.grids g ON g.id = t.grid_id`,
      [JSON.stringify(city.volunteerTeams.map((t) => ({ id: t.id, code: t.code, name: t.name, special: t.special, grid_id: teamGrid.get(t.id) })))],
    );
    // A volunteer is registered on the grid of their first Y post (else their street).
    const firstPost = new Map<string, string>();
    for (const a of city.assignments) if (a.group === 'y' && !firstPost.has(a.personId)) firstPost.set(a.personId, a.gridId);
    const members = city.volunteerTeams.flatMap((t) => t.memberIds.map((p) => ({ team_id: t.id, staff_id: p, grid_id: firstPost.get(p) ?? t.streetId })));
    await m.query(
      `WITH x AS (SELECT * FROM json_to_recordset($1::json) AS x(team_id uuid, staff_id uuid, grid_id uuid))
       INSERT INTO registry.volunteers (staff_id, grid_id, grid_path, registered_at)
       SELECT DISTINCT ON (x.staff_id) x.staff_id, x.grid_id, g.path, $2::timestamptz FROM x JOIN registry.grids g ON g.id = x.grid_id
       ORDER BY x.staff_id`,
      [JSON.stringify(members), DEMO_VALID_FROM],
    );
    await m.query(
      `INSERT INTO registry.volunteer_team_members (team_id, volunteer_id)
       SELECT x.team_id, v.id FROM json_to_recordset($1::json) AS x(team_id uuid, staff_id uuid) JOIN registry.volunteers v ON v.staff_id = x.staff_id
       ON CONFLICT DO NOTHING`,
      [JSON.stringify(members)],
    );
    for (const part of chunks(city.buildings)) {
      await m.query(
        `INSERT INTO registry.buildings (id, grid_id, grid_path, name, kind, units, floors, households, point)
         SELECT b.id, b.grid_id, g.path, b.name, b.kind, b.units, b.floors, b.households, ST_SetSRID(ST_MakePoint(b.lng, b.lat), 4326)
         FROM json_to_recordset($1::json) AS b(id uuid, grid_id uuid, name text, kind text, units int, floors int, households int, lng float8, lat float8)
         JOIN registry.grids g ON g.id = b.grid_id`,
        [JSON.stringify(part.map((b) => ({ id: b.id, grid_id: b.gridId, name: b.name, kind: b.kind, units: b.units, floors: b.floors, households: b.households, lng: b.point.coordinates[0], lat: b.point.coordinates[1] })))],
      );
    }
    await m.query(
      `INSERT INTO registry.organisations (id, grid_id, grid_path, building_id, kind, name, point)
       SELECT o.id, o.grid_id, g.path, o.building_id, o.kind, o.name, ST_SetSRID(ST_MakePoint(o.lng, o.lat), 4326)
       FROM json_to_recordset($1::json) AS o(id uuid, grid_id uuid, building_id uuid, kind text, name text, lng float8, lat float8)
       JOIN registry.grids g ON g.id = o.grid_id`,
      [JSON.stringify(city.organisations.map((o) => ({ id: o.id, grid_id: o.gridId, building_id: o.buildingId, kind: o.kind, name: o.name, lng: o.point.coordinates[0], lat: o.point.coordinates[1] })))],
    );
  });
}

/** Grids (parents first) and their first version, in batches. Also used by the locate benchmark. */
export async function insertGrids(m: Pick<EntityManager, 'query'>, city: Pick<City, 'grids'>, validFrom = DEMO_VALID_FROM): Promise<void> {
  for (const part of chunks(city.grids, 1000)) {
    await m.query(
      `INSERT INTO registry.grids (id, code, name, level, path, parent_id, polygon, households, buildings, shopfronts, grid_class, grade, merge_reason, cluster_kind, valid_from)
       SELECT g.id, g.code, g.name, g.level, g.path::ltree, g.parent_id, ST_SetSRID(ST_GeomFromGeoJSON(g.polygon), 4326), g.households, g.buildings, g.shopfronts,
              g.grid_class, g.grade, g.merge_reason, g.cluster_kind, $2
       FROM json_to_recordset($1::json) AS g(id uuid, code text, name text, level text, path text, parent_id uuid, polygon text, households int, buildings int,
              shopfronts int, grid_class text, grade text, merge_reason text, cluster_kind text)`,
      [
        JSON.stringify(
          part.map((g) => ({
            id: g.id,
            code: g.code,
            name: g.name,
            level: g.level,
            path: g.path,
            parent_id: g.parentId,
            polygon: JSON.stringify(g.polygon),
            households: g.households,
            buildings: g.buildings,
            shopfronts: g.shopfronts,
            grid_class: g.gridClass,
            grade: g.grade,
            merge_reason: g.mergeReason,
            cluster_kind: g.clusterKind,
          })),
        ),
        validFrom,
      ],
    );
    await m.query(
      `INSERT INTO registry.grid_versions (grid_id, version, code, name, level, path, parent_id, polygon, change, valid_from)
       SELECT id, 1, code, name, level, path, parent_id, polygon, 'created', valid_from FROM registry.grids WHERE id = ANY($1::uuid[])`,
      [part.map((g) => g.id)],
    );
  }
}
