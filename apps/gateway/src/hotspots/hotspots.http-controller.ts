import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, AdoptTheme, AnalyseHotspots, ListRecurrences, ListSpikes, ListThemes, RecurrenceSummary, Role, ThemeCandidates } from '@grid122/contracts';
import { Caller, Roles } from '../auth/auth.decorators';
import { HotspotsClient } from './hotspots.client';

class RecurrenceSummaryQuery extends RecurrenceSummary.Request {}
class ListRecurrencesQuery extends ListRecurrences.Request {}
class AnalyseHotspotsQuery extends AnalyseHotspots.Request {}
class ListSpikesQuery extends ListSpikes.Request {}
class ThemeCandidatesQuery extends ThemeCandidates.Request {}
class ListThemesQuery extends ListThemes.Request {}
class AdoptThemeDto extends AdoptTheme.Request {}

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

  @Get('themes/candidates')
  @Roles(...READERS)
  @ApiOperation({ summary: '每月一题: the month’s candidate themes (recurring, widespread, rising) with their evidence' })
  themeCandidates(@Caller() a: Actor, @Query() q: ThemeCandidatesQuery) {
    return this.client.themeCandidates(a, q);
  }

  @Post('themes')
  @Roles(Role.StreetCommander)
  @ApiOperation({ summary: '每月一题: adopt a theme as a project (owner, units, departments, target, deadline); 409 when adopted already' })
  adoptTheme(@Caller() a: Actor, @Body() b: AdoptThemeDto) {
    return this.client.adoptTheme(a, b);
  }

  @Get('themes')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Adopted themes with their before/after figures (same places, category, season)' })
  themes(@Caller() a: Actor, @Query() q: ListThemesQuery) {
    return this.client.themes(a, q);
  }

  @Get('themes/:id')
  @Roles(...READERS)
  @ApiOperation({ summary: 'One theme: evidence, project, before/after per month (the chart)' })
  theme(@Caller() a: Actor, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.client.theme(a, { id });
  }
}
