import {
  AnswerSurvey, CreatePlanVersion, GetNotice, GetPlanVersion, GetRanking, GetThreeRates, GetYearEnd, ListPlans, ListScores, ListSurveys, RecomputeScores, RecordDemocraticAppraisal, Role, ScoreHistory, SetGridGrade,
} from '@grid122/contracts';
import type { FastifyReply } from 'fastify';
import { BUSINESS_ROLES } from '../auth/auth.decorators';
import { download, get, httpController, post, put } from '../routing/routes';

/** Who reads reports: the centre, the units, departments (their seconded staff), the district. */
// Scores and rankings name grid workers: business data, not the auditor's (三员分立).
const READERS = [Role.StreetCommander, Role.UnitMember, Role.DepartmentLiaison, Role.DistrictViewer];
// BUSINESS_ROLES where each worker sees their own; the service scopes the rest.
const TAG = 'appraisal 考核评价';

export const AppraisalPlansHttpController = httpController('AppraisalPlansHttpController', { path: 'api/v1/appraisal/plans', tag: TAG }, [
  get('', ListPlans, BUSINESS_ROLES, 'list'),
  get(':grade', GetPlanVersion, BUSINESS_ROLES, 'get'),
  post('', CreatePlanVersion, [Role.StreetCommander], 'create'),
  put('grid-grades', SetGridGrade, [Role.StreetCommander], 'setGrade'),
]);

export const AppraisalScoresHttpController = httpController('AppraisalScoresHttpController', { path: 'api/v1/appraisal/scores', tag: TAG }, [
  get('', ListScores, BUSINESS_ROLES, 'list'),
  get('persons/:personId', ScoreHistory, BUSINESS_ROLES, 'person', { params: { personId: 'subject' }, fixed: { kind: 'person' } }),
  get('grids/:gridPath', ScoreHistory, BUSINESS_ROLES, 'grid', { params: { gridPath: 'subject' }, fixed: { kind: 'grid' } }),
  /** A month's close can take a while on a big street. */
  post('recompute', RecomputeScores, [Role.Admin], 'recompute', { input: 'query', status: 200, timeoutMs: 60_000 }),
]);

export const AppraisalReportsHttpController = httpController('AppraisalReportsHttpController', { path: 'api/v1/appraisal', tag: TAG }, [
  get('rankings', GetRanking, READERS, 'rankings'),
  /** JSON by default; `format=html|xlsx` downloads the document. */
  get('notices', GetNotice, READERS, 'notice', { timeoutMs: 30_000, send: sendDocument }),
  get('three-rates', GetThreeRates, READERS, 'threeRates'),
  get('year-end', GetYearEnd, BUSINESS_ROLES, 'yearEnd'),
]);

export const AppraisalSurveysHttpController = httpController('AppraisalSurveysHttpController', { path: 'api/v1/appraisal/surveys', tag: TAG }, [
  get('', ListSurveys, BUSINESS_ROLES, 'list'),
  post(':id/answer', AnswerSurvey, BUSINESS_ROLES, 'answer', { status: 200 }),
  post('democratic', RecordDemocraticAppraisal, [Role.StreetCommander, Role.UnitMember], 'democratic'),
]);

/** A notice with a rendered document goes out as the file; otherwise as JSON. */
function sendDocument(n: GetNotice.Reply, res: FastifyReply): GetNotice.Reply | Buffer {
  return n.document ? download(res, n.document.contentType, n.document.filename, n.document.base64) : n;
}
