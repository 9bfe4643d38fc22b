import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HubStreetHeadline, OrganisationHubFigures, STREET_PATH_DEPTH } from '@grid122/contracts';

/** Same size rule as the party capability (>=100 members a committee, >=50 a general branch). */
const EXPECTED_KIND = `CASE WHEN o.members >= 100 THEN 'committee' WHEN o.members >= 50 THEN 'general_branch' ELSE 'branch' END`;
const HEADLESS = `g.level IN ('community', 'compound', 'building_cluster')
  AND NOT EXISTS (SELECT 1 FROM registry.staff_assignments a WHERE a.grid_id = g.id AND a.role = 'grid_head' AND a.valid_to IS NULL)`;

/** The organisation group's hub figures: state "now", the period does not apply to them. */
@Injectable()
export class RegistryHubRepository {
  constructor(private readonly ds: DataSource) {}

  async figures(scope: string): Promise<Omit<OrganisationHubFigures, 'meetings'>> {
    const [r]: { headless: number; mismatches: number; open_tasks: number }[] = await this.ds.query(
      `SELECT (SELECT count(*) FROM registry.grids g WHERE g.path <@ $1::ltree AND ${HEADLESS})::int AS headless,
              (SELECT count(*) FROM registry.party_orgs o WHERE o.grid_path <@ $1::ltree AND o.kind <> ${EXPECTED_KIND})::int AS mismatches,
              (SELECT count(*) FROM registry.organisation_tasks t WHERE t.grid_path <@ $1::ltree AND t.state = 'open')::int AS open_tasks`,
      [scope],
    );
    return { gridsWithoutHead: r.headless, partyOrgMismatches: r.mismatches, openTasks: r.open_tasks };
  }

  /** Every street under the scope with its name (the registry is the only one who knows names). */
  async streets(scope: string): Promise<HubStreetHeadline[]> {
    const rows: { path: string; name: string; headless: number; open_tasks: number }[] = await this.ds.query(
      `SELECT s.path::text AS path, s.name,
              (SELECT count(*) FROM registry.grids g WHERE g.path <@ s.path AND ${HEADLESS})::int AS headless,
              (SELECT count(*) FROM registry.organisation_tasks t WHERE t.grid_path <@ s.path AND t.state = 'open')::int AS open_tasks
         FROM registry.grids s
        WHERE s.path <@ $1::ltree AND s.level = 'street' AND nlevel(s.path) = ${STREET_PATH_DEPTH}
        ORDER BY s.path`,
      [scope],
    );
    return rows.map((r) => ({ path: r.path, name: r.name, figures: { gridsWithoutHead: r.headless, openTasks: r.open_tasks } }));
  }
}
