import { Module } from '@nestjs/common';
import { GridModule } from '../grid/grid.module';
import { PlaceMessageController } from './place.message-controller';
import { PlaceRepository } from './place.repository';
import { PlaceService } from './place.service';

const controllers = [PlaceMessageController];
const services = [PlaceService];
const repositories = [PlaceRepository];

/** Base data (人、地、物、情、事、组织) on level-3 grids: buildings and organisations. */
@Module({ imports: [GridModule], controllers, providers: [...services, ...repositories] })
export class PlaceModule {}
