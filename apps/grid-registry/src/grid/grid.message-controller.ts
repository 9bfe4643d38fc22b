import {
  CreateGrid,
  ExportGridsGeoJson,
  GetGrid,
  GridGaps,
  GridHistory,
  GridLedger,
  GridNeighbours,
  ImportGrids,
  ListGrids,
  ListGridPolygons,
  LocateGrid,
  UpdateGrid,
} from '@grid122/contracts';
import { messageController } from '@grid122/messaging';
import { ledgerFile } from './grid-ledger.file';
import { GridService } from './grid.service';

/** NATS adapters of the grid tree: one line per pattern. */
export const GridMessageController = messageController('GridMessageController', { grids: GridService }, (on) => [
  on(ListGrids, (s, req, a) => s.grids.list(a, req)),
  on(GetGrid, (s, req, a) => s.grids.get(a, req.id)),
  on(GridHistory, (s, req, a) => s.grids.history(a, req.id)),
  on(CreateGrid, (s, req, a) => s.grids.create(a, req)),
  on(UpdateGrid, (s, req, a) => s.grids.update(a, req)),
  on(LocateGrid, (s, req, a) => s.grids.locate(a, req)),
  on(ListGridPolygons, (s, req) => s.grids.polygons(req), { actorOptional: true }),
  on(GridNeighbours, (s, req, a) => s.grids.neighbours(a, req)),
  on(ExportGridsGeoJson, (s, req, a) => s.grids.geojson(a, req)),
  on(ImportGrids, (s, req, a) => s.grids.import(a, req)),
  on(GridGaps, (s, req, a) => s.grids.gaps(a, req)),
  on(GridLedger, (s, req, a) => s.grids.ledger(a, req).then((l) => ledgerFile(l, req.format))),
]);
