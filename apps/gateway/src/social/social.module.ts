import { Module, Provider, Type } from '@nestjs/common';
import {
  CareRecipientsHttpController, PointsHttpController, ServiceCircleHttpController, ServicePointsHttpController, ServiceRequestsHttpController,
  SupermarketHttpController, VisitsHttpController, VolunteersHttpController, VolunteerTeamsHttpController,
} from './social.http-controllers';
import { SocialClient } from './social.client';

/** Gateway routes for social-services: controllers (adapters only) and the typed client. */
const controllers: Type[] = [
  CareRecipientsHttpController,
  ServiceRequestsHttpController,
  VisitsHttpController,
  VolunteersHttpController,
  VolunteerTeamsHttpController,
  PointsHttpController,
  SupermarketHttpController,
  ServicePointsHttpController,
  ServiceCircleHttpController,
];
const providers: Provider[] = [SocialClient];

@Module({ controllers, providers, exports: providers as Type[] })
export class SocialModule {}
