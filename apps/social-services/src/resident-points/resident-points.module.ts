import { Module } from '@nestjs/common';
import { ResidentPointsMessageController } from './resident-points.message-controller';
import { ResidentPointsRepository } from './resident-points.repository';
import { ResidentPointsService } from './resident-points.service';

/** Residents' points (居民积分): community awards for participation, spent at the love supermarket. */
@Module({ controllers: [ResidentPointsMessageController], providers: [ResidentPointsService, ResidentPointsRepository], exports: [ResidentPointsService] })
export class ResidentPointsModule {}
