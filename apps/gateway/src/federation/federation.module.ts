import { Module } from '@nestjs/common';
import { FederationHttpController } from './federation.http-controller';

/** Street → district → city (issue 12): the district's routes; the federation service answers them. */
@Module({ controllers: [FederationHttpController] })
export class FederationModule {}
