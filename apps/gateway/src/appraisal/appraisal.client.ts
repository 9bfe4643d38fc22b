import { Injectable } from '@nestjs/common';
import {
  Actor,
  AnswerSurvey,
  CreatePlanVersion,
  GetNotice,
  GetPlanVersion,
  GetRanking,
  GetThreeRates,
  GetYearEnd,
  ListPlans,
  ListScores,
  ListSurveys,
  RecomputeScores,
  RecordDemocraticAppraisal,
  ScoreHistory,
  SetGridGrade,
} from '@grid122/contracts';
import { RpcClient } from '@grid122/messaging';
import { ServiceClient } from '../clients/service.client';

/** Typed client of the appraisal service (考核评价). */
@Injectable()
export class AppraisalClient extends ServiceClient {
  constructor(rpc: RpcClient) {
    super(rpc, 'appraisal');
  }

  listPlans(a: Actor, r: ListPlans.Request) { return this.call<ListPlans.Reply>(ListPlans.subject, r, a); }
  getPlan(a: Actor, r: GetPlanVersion.Request) { return this.call<GetPlanVersion.Reply>(GetPlanVersion.subject, r, a); }
  createPlan(a: Actor, r: CreatePlanVersion.Request) { return this.call<CreatePlanVersion.Reply>(CreatePlanVersion.subject, r, a); }
  setGridGrade(a: Actor, r: SetGridGrade.Request) { return this.call<SetGridGrade.Reply>(SetGridGrade.subject, r, a); }
  listScores(a: Actor, r: ListScores.Request) { return this.call<ListScores.Reply>(ListScores.subject, r, a); }
  scoreHistory(a: Actor, r: ScoreHistory.Request) { return this.call<ScoreHistory.Reply>(ScoreHistory.subject, r, a); }
  /** A month's close can take a while on a big street. */
  recompute(a: Actor, r: RecomputeScores.Request) { return this.call<RecomputeScores.Reply>(RecomputeScores.subject, r, a, 60_000); }
  ranking(a: Actor, r: GetRanking.Request) { return this.call<GetRanking.Reply>(GetRanking.subject, r, a); }
  notice(a: Actor, r: GetNotice.Request) { return this.call<GetNotice.Reply>(GetNotice.subject, r, a, 30_000); }
  threeRates(a: Actor, r: GetThreeRates.Request) { return this.call<GetThreeRates.Reply>(GetThreeRates.subject, r, a); }
  yearEnd(a: Actor, r: GetYearEnd.Request) { return this.call<GetYearEnd.Reply>(GetYearEnd.subject, r, a); }
  listSurveys(a: Actor, r: ListSurveys.Request) { return this.call<ListSurveys.Reply>(ListSurveys.subject, r, a); }
  answerSurvey(a: Actor, r: AnswerSurvey.Request) { return this.call<AnswerSurvey.Reply>(AnswerSurvey.subject, r, a); }
  democratic(a: Actor, r: RecordDemocraticAppraisal.Request) { return this.call<RecordDemocraticAppraisal.Reply>(RecordDemocraticAppraisal.subject, r, a); }
}
