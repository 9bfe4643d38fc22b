import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import { streetToday } from '@grid122/calendar';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor, Role } from '@grid122/contracts';
import { ApiKeyAllowed, Caller, Roles } from '../auth/auth.decorators';
import { AssignStaffDto, CreateGridDto, GapsQuery, GeoJsonQuery, ImportGridsDto, LedgerQuery, ListGridsQuery, LocateQuery, UpdateGridDto } from './grids.dto';
import { ledgerCsv, ledgerXlsx } from './grid-ledger.export';
import { RegistryClient } from './registry.client';

/** Everyone who works on grids reads them (within their scope; the registry enforces it). */
export const REGISTRY_READERS = [Role.StreetCommander, Role.DistrictViewer, Role.UnitMember, Role.DepartmentLiaison, Role.GridWorker, Role.CommunityStation];
/** Writes: the command centre and the organisation group (the registry checks the unit). */
export const REGISTRY_WRITERS = [Role.StreetCommander, Role.UnitMember];

const uuid = new ParseUUIDPipe();

/** 基层组织建设组: the grid tree's HTTP edge. Adapters only: the registry decides. */
@ApiTags('grids')
@ApiBearerAuth()
@Controller('api/v1')
export class GridsHttpController {
  constructor(private readonly registry: RegistryClient) {}

  @Get('grids')
  @Roles(...REGISTRY_READERS)
  @ApiOperation({ summary: 'Grids in your scope, by path; filters parent, root, level, class (jia/yi/bing or A/B/C), q' })
  list(@Caller() a: Actor, @Query() q: ListGridsQuery) {
    return this.registry.listGrids(a, q);
  }

  @Get('grids.geojson')
  @Roles(...REGISTRY_READERS)
  @ApiOperation({ summary: 'The subtree under root (default your scope) as a GeoJSON FeatureCollection' })
  async geojson(@Caller() a: Actor, @Query() q: GeoJsonQuery, @Res() reply: FastifyReply) {
    const fc = await this.registry.geojson(a, q);
    return reply.header('content-type', 'application/geo+json; charset=utf-8').send(JSON.stringify(fc));
  }

  @Get('grids/locate')
  @Roles(...REGISTRY_READERS, Role.Platform)
  @ApiKeyAllowed()
  @ApiOperation({ summary: 'The deepest grid containing a WGS-84 point (lng, lat), with its ancestors; `at` for a past time' })
  locate(@Caller() a: Actor, @Query() q: LocateQuery) {
    return this.registry.locate(a, q);
  }

  @Get('grids/gaps')
  @Roles(...REGISTRY_READERS)
  @ApiOperation({ summary: 'Level 1-3 grids without a current head (网格长空缺)' })
  gaps(@Caller() a: Actor, @Query() q: GapsQuery) {
    return this.registry.gaps(a, q);
  }

  @Get('grids/ledger.csv')
  @Roles(...REGISTRY_READERS)
  async ledgerCsv(@Caller() a: Actor, @Query() q: LedgerQuery, @Res() reply: FastifyReply) {
    const { rows } = await this.registry.ledger(a, q);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="grid-ledger-${streetToday()}.csv"`)
      .send(ledgerCsv(rows));
  }

  @Get('grids/ledger.xlsx')
  @Roles(...REGISTRY_READERS)
  async ledgerXlsx(@Caller() a: Actor, @Query() q: LedgerQuery, @Res() reply: FastifyReply) {
    const { rows } = await this.registry.ledger(a, q);
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="grid-ledger-${streetToday()}.xlsx"`)
      .send(await ledgerXlsx(rows));
  }

  @Post('grids/import')
  @HttpCode(200)
  @Roles(...REGISTRY_WRITERS)
  @ApiOperation({ summary: 'Import a GeoJSON FeatureCollection of grids (upsert by code); all or nothing' })
  import(@Caller() a: Actor, @Body() b: ImportGridsDto) {
    return this.registry.importGrids(a, b);
  }

  @Post('grids')
  @Roles(...REGISTRY_WRITERS)
  create(@Caller() a: Actor, @Body() b: CreateGridDto) {
    return this.registry.createGrid(a, b);
  }

  @Get('grids/:id')
  @Roles(...REGISTRY_READERS)
  get(@Caller() a: Actor, @Param('id', uuid) id: string) {
    return this.registry.getGrid(a, { id });
  }

  @Patch('grids/:id')
  @Roles(...REGISTRY_WRITERS)
  @ApiOperation({ summary: 'Rename, re-shape (polygon) or move (parentId): each opens a new version; counts, class, grade change in place' })
  update(@Caller() a: Actor, @Param('id', uuid) id: string, @Body() b: UpdateGridDto) {
    return this.registry.updateGrid(a, { ...b, id });
  }

  @Get('grids/:id/history')
  @Roles(...REGISTRY_READERS)
  history(@Caller() a: Actor, @Param('id', uuid) id: string) {
    return this.registry.gridHistory(a, { id });
  }

  @Get('grids/:id/staff')
  @Roles(...REGISTRY_READERS)
  staff(@Caller() a: Actor, @Param('id', uuid) id: string) {
    return this.registry.gridStaff(a, { id });
  }

  @Post('grids/:id/staff')
  @Roles(...REGISTRY_WRITERS)
  @ApiOperation({ summary: 'Post a person on the grid in a role (grid_head: replace=true hands the post over)' })
  assign(@Caller() a: Actor, @Param('id', uuid) id: string, @Body() b: AssignStaffDto) {
    return this.registry.assignStaff(a, { ...b, gridId: id });
  }

  @Get('grids/:id/departments')
  @Roles(...REGISTRY_READERS)
  departments(@Caller() a: Actor, @Param('id', uuid) id: string) {
    return this.registry.gridDepartments(a, { id });
  }

  @Get('grids/:id/responsibles')
  @Roles(...REGISTRY_READERS)
  responsibles(@Caller() a: Actor, @Param('id', uuid) id: string) {
    return this.registry.responsibles(a, { gridId: id });
  }
}
