import { Module, Provider, Type } from '@nestjs/common';
import {
  SocialCareRecipientsHttpController, SocialPointsHttpController, SocialResidentPointsHttpController, SocialServiceCircleHttpController, SocialServicePointsHttpController, SocialServiceRequestsHttpController,
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
  SocialResidentPointsHttpController,
  SocialSupermarketHttpController,
  SocialServicePointsHttpController,
  SocialServiceCircleHttpController,
];
const providers: Provider[] = [SocialClient];

@Module({ controllers, providers, exports: providers as Type[] })
export class SocialModule {}
