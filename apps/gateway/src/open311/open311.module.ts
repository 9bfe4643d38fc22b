import { Module, Provider, Type } from '@nestjs/common';
import { FormBodyParser, Open311HttpController } from './open311.http-controller';

/** Open311 GeoReport v2 at /open311/v2/ for district/city platforms and civic apps. */
const controllers: Type[] = [Open311HttpController];
const providers: Provider[] = [FormBodyParser];

@Module({ controllers, providers, exports: providers as Type[] })
export class Open311Module {}
