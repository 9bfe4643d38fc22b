import { Module, Provider, Type } from '@nestjs/common';
import { EnforcementClient } from './enforcement.client';
import { EnforcementHttpController, JointOperationHttpController } from './enforcement.http-controller';

/** Gateway routes for enforcement: controllers (adapters only) and the typed client. */
const controllers: Type[] = [EnforcementHttpController, JointOperationHttpController];
const providers: Provider[] = [EnforcementClient];

@Module({ controllers, providers, exports: providers as Type[] })
export class EnforcementModule {}
