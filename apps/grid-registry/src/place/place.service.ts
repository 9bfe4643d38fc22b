import { Injectable } from '@nestjs/common';
import {
  Actor,
  BuildingView,
  ClusterKind,
  CreateBuilding,
  CreateOrganisation,
  GridLevel,
  ListBuildings,
  ListOrganisations,
  ORGANISATION_KIND_LABELS,
  OrganisationKind,
  OrganisationView,
  RegistryErrorCode,
} from '@grid122/contracts';
import { rowPoint } from '@grid122/persistence';
import { AppError } from '@grid122/messaging';
import { DataSource, EntityManager } from 'typeorm';
import { GridRepository } from '../grid/grid.repository';
import { assertCanWrite, foundGrid, scopeParam } from '../shared/access';
import { BuildingRow, OrganisationRow, PlaceRepository } from './place.repository';

const buildingView = (r: BuildingRow): BuildingView => ({
  id: r.id,
  gridId: r.grid_id,
  gridPath: r.grid_path,
  name: r.name,
  kind: r.kind as ClusterKind,
  units: r.units,
  floors: r.floors,
  households: r.households,
  point: rowPoint(r.lng, r.lat),
});
const organisationView = (r: OrganisationRow): OrganisationView => ({
  id: r.id,
  gridId: r.grid_id,
  gridPath: r.grid_path,
  buildingId: r.building_id,
  kind: r.kind as OrganisationKind,
  kindLabel: ORGANISATION_KIND_LABELS[r.kind as OrganisationKind],
  name: r.name,
  point: rowPoint(r.lng, r.lat),
});

/** Base data on level-3 grids: buildings (楼栋) and organisations (shops, enterprises, schools), each a point inside its grid. */
@Injectable()
export class PlaceService {
  constructor(
    private readonly ds: DataSource,
    private readonly places: PlaceRepository,
    private readonly grids: GridRepository,
  ) {}

  async buildings(actor: Actor, req: ListBuildings.Request): Promise<ListBuildings.Reply> {
    return { items: (await this.places.buildings(scopeParam(actor), { gridId: req.gridId, limit: req.limit ?? 200 })).map(buildingView) };
  }

  async organisations(actor: Actor, req: ListOrganisations.Request): Promise<ListOrganisations.Reply> {
    return { items: (await this.places.organisations(scopeParam(actor), { gridId: req.gridId, kind: req.kind, limit: req.limit ?? 200 })).map(organisationView) };
  }

  async createBuilding(actor: Actor, req: CreateBuilding.Request): Promise<BuildingView> {
    assertCanWrite(actor);
    const id = await this.ds.transaction(async (m) => {
      const grid = await this.levelThreeGrid(m, actor, req.gridId, req.point);
      return this.places.insertBuilding(m, { gridId: grid.id, gridPath: grid.path, name: req.name, kind: req.kind, units: req.units, floors: req.floors, households: req.households, lng: req.point.lng, lat: req.point.lat });
    });
    return buildingView((await this.places.buildings('', { id, limit: 1 }))[0]);
  }

  async createOrganisation(actor: Actor, req: CreateOrganisation.Request): Promise<OrganisationView> {
    assertCanWrite(actor);
    const id = await this.ds.transaction(async (m) => {
      const grid = await this.levelThreeGrid(m, actor, req.gridId, req.point);
      if (req.buildingId && !(await this.places.buildingOnGrid(m, req.buildingId, grid.id))) {
        throw AppError.validation([{ field: 'buildingId', messages: ['the building is not on this grid'] }]);
      }
      return this.places.insertOrganisation(m, { gridId: grid.id, gridPath: grid.path, buildingId: req.buildingId ?? null, kind: req.kind, name: req.name, lng: req.point.lng, lat: req.point.lat });
    });
    return organisationView((await this.places.organisations('', { id, limit: 1 }))[0]);
  }

  private async levelThreeGrid(m: EntityManager, actor: Actor, gridId: string, point: { lng: number; lat: number }) {
    const grid = foundGrid(await this.grids.lockInScope(m, gridId, scopeParam(actor)), gridId);
    if (grid.level !== GridLevel.BuildingCluster) {
      throw new AppError(RegistryErrorCode.WrongGridLevel, `Buildings and organisations are recorded on level-3 grids, not on a ${grid.level}`, { field: 'gridId' });
    }
    if (!(await this.places.pointInGrid(m, point.lng, point.lat, grid.id))) {
      throw new AppError(RegistryErrorCode.PointOutsideGrid, `The point (${point.lng}, ${point.lat}) is outside grid ${grid.code.trim()} (${grid.name})`, { field: 'point' });
    }
    return grid;
  }
}
