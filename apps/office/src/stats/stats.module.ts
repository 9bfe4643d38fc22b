import { Module } from '@nestjs/common';
import { StatsMessageController } from './stats.message-controller';
import { StatsRepository } from './stats.repository';
import { StatsService } from './stats.service';

/**
 * The ledger's figures: the pre-aggregated counters (StatsRepository, bumped inside the ledger's
 * own transactions, so IncidentModule imports this module) and the dashboard reads over them.
 */
@Module({ controllers: [StatsMessageController], providers: [StatsService, StatsRepository], exports: [StatsRepository] })
export class StatsModule {}
