import { Module, Provider, Type } from '@nestjs/common';
import { DisputesHttpController } from './disputes.http-controller';
import { FloatingPopulationHttpController } from './floating-population.http-controller';
import { PetitionsClient } from './petitions.client';
import { PetitionsHttpController } from './petitions.http-controller';
import { ReceptionsHttpController } from './receptions.http-controller';
import { SpecialPopulationsHttpController } from './special-populations.http-controller';
import { StabilityMeetingsHttpController, StabilityWarningsHttpController } from './stability.http-controller';

/** Gateway routes for petitions: controllers (adapters only) and the typed client. */
const controllers: Type[] = [
  PetitionsHttpController,
  ReceptionsHttpController,
  DisputesHttpController,
  SpecialPopulationsHttpController,
  FloatingPopulationHttpController,
  StabilityWarningsHttpController,
  StabilityMeetingsHttpController,
];
const providers: Provider[] = [PetitionsClient];

@Module({ controllers, providers, exports: providers as Type[] })
export class PetitionsModule {}
