import { Module } from '@nestjs/common';
import { ResidentPointsModule } from '../resident-points/resident-points.module';
import { VolunteersModule } from '../volunteers/volunteers.module';
import { SupermarketMessageController } from './supermarket.message-controller';
import { SupermarketRepository } from './supermarket.repository';
import { SupermarketService } from './supermarket.service';

const controllers = [SupermarketMessageController];
const services = [SupermarketService];
const repositories = [SupermarketRepository];

/** The love supermarket (爱心超市). */
@Module({ imports: [VolunteersModule, ResidentPointsModule], controllers, providers: [...services, ...repositories] })
export class SupermarketModule {}
