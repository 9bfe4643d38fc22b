import { Global, Module, Provider, Type } from '@nestjs/common';
import { IdentityMessageController } from './identity.message-controller';
import { IdentityRepository } from './identity.repository';
import { IdentityService } from './identity.service';

const controllers: Type[] = [IdentityMessageController];
const services: Provider[] = [IdentityService];
const repositories: Provider[] = [IdentityRepository];

/** Identity protection and its audit, used by every register of the service. */
@Global()
@Module({ controllers, providers: [...services, ...repositories], exports: [IdentityService] })
export class IdentityModule {}
