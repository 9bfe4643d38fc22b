import { Module, Provider, Type } from '@nestjs/common';
import { DeskClient, DeskHttpController } from './desk.http-controller';
import { ImportClient, ImportHttpController, NdjsonBodyParser } from './import.http-controller';
import { IncidentsHttpController } from './incidents.http-controller';
import { OfficeClient } from './office.client';
import { PhotoBodyParser, PhotosHttpController } from './photos.http-controller';

/** Gateway routes for office: controllers (adapters only) and the typed client. */
const controllers: Type[] = [DeskHttpController, ImportHttpController, IncidentsHttpController, PhotosHttpController];
const providers: Provider[] = [DeskClient, OfficeClient, PhotoBodyParser, ImportClient, NdjsonBodyParser];

@Module({ controllers, providers, exports: [OfficeClient] })
export class IncidentsModule {}
