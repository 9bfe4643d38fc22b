import { Module, Provider, Type } from '@nestjs/common';
import {
  SocialCareRecipientsHttpController, SocialPointsHttpController, SocialServiceCircleHttpController, SocialServicePointsHttpController, SocialServiceRequestsHttpController,
  SocialSupermarketHttpController, SocialVisitsHttpController, SocialVolunteersHttpController, SocialVolunteerTeamsHttpController,
} from './social.http-controllers';
import { SocialClient } from './social.client';

/** Gateway routes for social-services: controllers (adapters only) and the typed client. */
const controllers: Type[] = [
  SocialCareRecipientsHttpController,
  SocialServiceRequestsHttpController,
  SocialVisitsHttpController,
  SocialVolunteersHttpController,
  SocialVolunteerTeamsHttpController,
  SocialPointsHttpController,
  SocialSupermarketHttpController,
  SocialServicePointsHttpController,
  SocialServiceCircleHttpController,
];
const providers: Provider[] = [SocialClient];

@Module({ controllers, providers, exports: providers as Type[] })
export class SocialModule {}
