import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { HealthHttpController } from './health.http-controller';
import { ShutdownGate } from './shutdown-gate';

@Module({ imports: [EventsModule], controllers: [HealthHttpController], providers: [ShutdownGate], exports: [ShutdownGate] })
export class HealthModule {}
