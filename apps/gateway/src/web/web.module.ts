import { Module, Provider, Type } from '@nestjs/common';
import { WebServer } from './web.server';

/** Serves the built command-hub web page (apps/hub-web/dist) at `/`. */
const controllers: Type[] = [];
const providers: Provider[] = [WebServer];

@Module({ controllers, providers, exports: providers as Type[] })
export class WebModule {}
