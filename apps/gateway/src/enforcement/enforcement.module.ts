import { Module } from '@nestjs/common';
import { EnforcementHttpController, JointOperationHttpController } from './enforcement.http-controller';

/** Gateway routes for enforcement (综合执法队). */
@Module({ controllers: [EnforcementHttpController, JointOperationHttpController] })
export class EnforcementModule {}
