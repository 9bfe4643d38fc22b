import { Module } from '@nestjs/common';
import { HotspotsHttpController } from './hotspots.http-controller';

/** Gateway routes for recurrence, hotspots, spikes (and themes). */
@Module({ controllers: [HotspotsHttpController] })
export class HotspotsModule {}
