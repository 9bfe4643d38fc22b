import { Module, Provider, Type } from '@nestjs/common';
import { AppraisalClient } from './appraisal.client';
import {
  AppraisalPlansHttpController,
  AppraisalReportsHttpController,
  AppraisalScoresHttpController,
  AppraisalSurveysHttpController,
} from './appraisal.http-controller';

/** Gateway routes for appraisal: controllers (adapters only) and the typed client. */
const controllers: Type[] = [AppraisalPlansHttpController, AppraisalScoresHttpController, AppraisalReportsHttpController, AppraisalSurveysHttpController];
const providers: Provider[] = [AppraisalClient];

@Module({ controllers, providers, exports: providers as Type[] })
export class AppraisalModule {}
