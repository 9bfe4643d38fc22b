import { Module, Provider, Type } from '@nestjs/common';
import { ImportHttpController, NdjsonBodyParser } from './import.http-controller';
import { DeskHttpController, IncidentsHttpController, RevealHttpController } from './incidents.http-controller';
import { PhotoBodyParser, PhotosHttpController } from './photos.http-controller';

/** Gateway routes for the office (一办): the ledger, the desk, photos, the reporter's audited reveal and the historical import. */
const controllers: Type[] = [DeskHttpController, ImportHttpController, IncidentsHttpController, PhotosHttpController, RevealHttpController];
const providers: Provider[] = [PhotoBodyParser, NdjsonBodyParser];

@Module({ controllers, providers })
export class IncidentsModule {}
