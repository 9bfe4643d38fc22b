import { Module } from '@nestjs/common';
import { AppraisalPlansHttpController, AppraisalReportsHttpController, AppraisalScoresHttpController, AppraisalSurveysHttpController } from './appraisal.http-controller';

/** Gateway routes for appraisal (考核评价). */
@Module({ controllers: [AppraisalPlansHttpController, AppraisalScoresHttpController, AppraisalReportsHttpController, AppraisalSurveysHttpController] })
export class AppraisalModule {}
