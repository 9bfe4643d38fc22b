import { Module } from '@nestjs/common';
import { HealthHttpController } from './health.http-controller';
import { ShutdownGate } from './shutdown-gate';

@Module({ controllers: [HealthHttpController], providers: [ShutdownGate], exports: [ShutdownGate] })
export class HealthModule {}
