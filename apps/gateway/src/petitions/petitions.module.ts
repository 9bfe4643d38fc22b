import { Module, Provider, Type } from '@nestjs/common';

/** Gateway routes for petitions: controllers (adapters only) and the typed client. */
const controllers: Type[] = [];
const providers: Provider[] = [];

@Module({ controllers, providers, exports: providers as Type[] })
export class PetitionsModule {}
