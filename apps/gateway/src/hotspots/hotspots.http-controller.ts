import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, AnalyseHotspots, ListRecurrences, ListSpikes, RecurrenceSummary, Role } from '@grid122/contracts';
import { Caller, Roles } from '../auth/auth.decorators';
import { HotspotsClient } from './hotspots.client';

class RecurrenceSummaryQuery extends RecurrenceSummary.Request {}
class ListRecurrencesQuery extends ListRecurrences.Request {}
class AnalyseHotspotsQuery extends AnalyseHotspots.Request {}
class ListSpikesQuery extends ListSpikes.Request {}

/** Who reads the ledger's figures: the commander and the district (scoped by their grid path). */
const READERS = [Role.StreetCommander, Role.DistrictViewer, Role.GridWorker];

/** 复发、热点、突增 (issue 26): adapters only, the office decides (docs/hotspots.md). */
@ApiTags('hotspots')
@ApiBearerAuth()
@Controller('api/v1')
export class HotspotsHttpController {
  constructor(private readonly client: HotspotsClient) {}

  @Get('recurrence')
  @Roles(...READERS)
  @ApiOperation({ summary: '复发: recurring problems per place and category, 30天复发率 beside 返工率' })
  recurrenceSummary(@Caller() a: Actor, @Query() q: RecurrenceSummaryQuery) {
    return this.client.recurrenceSummary(a, q);
  }

  @Get('recurrence/incidents')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Recurring problems, newest first, each with its predecessors at the place' })
  recurrences(@Caller() a: Actor, @Query() q: ListRecurrencesQuery) {
    return this.client.recurrences(a, q);
  }

  @Get('hotspots')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Emerging hot and cold spots: Gi* per week or month over grid neighbours, Mann-Kendall trends, ArcGIS classes' })
  analyse(@Caller() a: Actor, @Query() q: AnalyseHotspotsQuery) {
    return this.client.analyse(a, q);
  }

  @Get('spikes')
  @Roles(...READERS)
  @ApiOperation({ summary: '突增: categories above their usual level in a grid or community (Poisson baseline per weekday)' })
  spikes(@Caller() a: Actor, @Query() q: ListSpikesQuery) {
    return this.client.spikes(a, q);
  }
}
