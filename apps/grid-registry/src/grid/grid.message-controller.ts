import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  Actor,
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
import { CurrentActor } from '@grid122/messaging';
import { ledgerCsv, ledgerXlsx } from './grid-ledger.file';
import { GridService } from './grid.service';

/** NATS adapters of the grid tree: one line per pattern. */
@Controller()
export class GridMessageController {
  constructor(private readonly grids: GridService) {}

  @MessagePattern(ListGrids.subject)
  list(@Payload() req: ListGrids.Request, @CurrentActor() actor: Actor) {
    return this.grids.list(actor, req);
  }

  @MessagePattern(GetGrid.subject)
  get(@Payload() req: GetGrid.Request, @CurrentActor() actor: Actor) {
    return this.grids.get(actor, req.id);
  }

  @MessagePattern(GridHistory.subject)
  history(@Payload() req: GridHistory.Request, @CurrentActor() actor: Actor) {
    return this.grids.history(actor, req.id);
  }

  @MessagePattern(CreateGrid.subject)
  create(@Payload() req: CreateGrid.Request, @CurrentActor() actor: Actor) {
    return this.grids.create(actor, req);
  }

  @MessagePattern(UpdateGrid.subject)
  update(@Payload() req: UpdateGrid.Request, @CurrentActor() actor: Actor) {
    return this.grids.update(actor, req);
  }

  @MessagePattern(LocateGrid.subject)
  locate(@Payload() req: LocateGrid.Request, @CurrentActor() actor: Actor) {
    return this.grids.locate(actor, req);
  }

  @MessagePattern(ListGridPolygons.subject)
  polygons(@Payload() req: ListGridPolygons.Request) {
    return this.grids.polygons(req);
  }

  @MessagePattern(GridNeighbours.subject)
  neighbours(@Payload() req: GridNeighbours.Request, @CurrentActor() actor: Actor) {
    return this.grids.neighbours(actor, req);
  }

  @MessagePattern(ExportGridsGeoJson.subject)
  geojson(@Payload() req: ExportGridsGeoJson.Request, @CurrentActor() actor: Actor) {
    return this.grids.geojson(actor, req);
  }

  @MessagePattern(ImportGrids.subject)
  import(@Payload() req: ImportGrids.Request, @CurrentActor() actor: Actor) {
    return this.grids.import(actor, req);
  }

  @MessagePattern(GridGaps.subject)
  gaps(@Payload() req: GridGaps.Request, @CurrentActor() actor: Actor) {
    return this.grids.gaps(actor, req);
  }

  @MessagePattern(GridLedger.subject)
  async ledger(@Payload() req: GridLedger.Request, @CurrentActor() actor: Actor): Promise<GridLedger.Reply> {
    const { generatedAt, rows } = await this.grids.ledger(actor, req);
    const file = req.format === 'csv' ? Buffer.from(ledgerCsv(rows), 'utf8') : await ledgerXlsx(rows);
    return { generatedAt, rows: rows.length, base64: file.toString('base64') };
  }
}
