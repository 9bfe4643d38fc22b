import { Module, Provider, Type } from '@nestjs/common';
import { IncidentsHttpController } from './incidents.http-controller';
import { OfficeClient } from './office.client';
import { PhotoBodyParser, PhotosHttpController } from './photos.http-controller';

/** Gateway routes for office: controllers (adapters only) and the typed client. */
const controllers: Type[] = [IncidentsHttpController, PhotosHttpController];
const providers: Provider[] = [OfficeClient, PhotoBodyParser];

@Module({ controllers, providers, exports: [OfficeClient] })
export class IncidentsModule {}
