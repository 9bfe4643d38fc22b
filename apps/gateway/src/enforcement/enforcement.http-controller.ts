import {
  AcknowledgeJointOperation, AddEnforcementEvidence, EnforcementCategory, CloseEnforcementCase, CorrectEnforcementCaseLog, CreateJointOperation, DecideEnforcementCase, ExportEnforcementCases, GetEnforcementCase,
  GetEnforcementCaseLog, GetEnforcementEvidence, GetEnforcementFigures, GetJointOperation, IssueRectificationNotice, ListEnforcementCases, ListEnforcementCategories, ListEnforcementInspections,
  ListJointOperations, ListRectificationNotices, PERSONAL_DATA_HEADER, OpenEnforcementCase, RecordEnforcementInspection, RecordJointOperationResult, RecordReinspection, ReturnEnforcementCase, Role,
  UpdateEnforcementCategory, VerifyEnforcementCaseLog,
} from '@grid122/contracts';
import type { FastifyReply } from 'fastify';
import { download, get, httpController, post, put, uuid, XLSX } from '../routing/routes';

const READERS = [Role.StreetCommander, Role.DistrictViewer, Role.UnitMember, Role.DepartmentLiaison];
const WRITERS = [Role.StreetCommander, Role.UnitMember];
const ok = { status: 200 };
const caseId = { params: { id: { field: 'caseId', uuid: true } } } as const;

/** 综合执法队: cases, inspections, notices, evidence, the action log, figures. Routes only. */
export const EnforcementHttpController = httpController('EnforcementHttpController', { path: 'api/v1/enforcement', tag: 'enforcement' }, [
  get('categories', ListEnforcementCategories, READERS, 'categories'),
  put('categories/:code', UpdateEnforcementCategory, [Role.StreetCommander], 'updateCategory', { params: { code: { type: EnforcementCategory } } }),
  post('cases', OpenEnforcementCase, WRITERS, 'open', { summary: 'Open a case from the team’s own patrol finding (also creates the office incident, by event)' }),
  get('cases', ListEnforcementCases, READERS, 'list'),
  get('cases/export.xlsx', ExportEnforcementCases, READERS, 'export', { timeoutMs: 30_000, produces: XLSX, send: (r, res) => download(r.personalData.length ? res.header(PERSONAL_DATA_HEADER, r.personalData.join(',')) : res, XLSX, 'enforcement-cases.xlsx', r.base64) }),
  get('cases/:id', GetEnforcementCase, READERS, 'get', { params: { id: uuid } }),
  post('cases/:id/inspections', RecordEnforcementInspection, WRITERS, 'inspect', caseId),
  post('cases/:id/notices', IssueRectificationNotice, WRITERS, 'issueNotice', caseId),
  post('cases/:id/decisions', DecideEnforcementCase, WRITERS, 'decide', caseId),
  post('cases/:id/close', CloseEnforcementCase, WRITERS, 'close', { ...caseId, ...ok }),
  post('cases/:id/return', ReturnEnforcementCase, WRITERS, 'returnCase', { ...caseId, ...ok }),
  post('cases/:id/evidence', AddEnforcementEvidence, WRITERS, 'addEvidence', caseId),
  get('cases/:id/evidence/:sha256', GetEnforcementEvidence, READERS, 'evidence', { ...caseId, input: 'none', send: evidenceFile }),
  get('cases/:id/log', GetEnforcementCaseLog, READERS, 'log', { ...caseId, input: 'none' }),
  get('cases/:id/log/verify', VerifyEnforcementCaseLog, [...READERS, Role.Auditor], 'verify', { ...caseId, input: 'none' }),
  post('cases/:id/log/corrections', CorrectEnforcementCaseLog, WRITERS, 'correct', caseId),
  get('inspections', ListEnforcementInspections, READERS, 'inspections'),
  get('notices', ListRectificationNotices, READERS, 'notices'),
  post('notices/:id/reinspections', RecordReinspection, WRITERS, 'reinspect', { params: { id: { field: 'noticeId', uuid: true } } }),
  get('figures', GetEnforcementFigures, READERS, 'figures'),
]);

/** 联合执法: joint operations. */
export const JointOperationHttpController = httpController('JointOperationHttpController', { path: 'api/v1/enforcement/operations', tag: 'enforcement' }, [
  post('', CreateJointOperation, WRITERS, 'create'),
  get('', ListJointOperations, READERS, 'list'),
  get(':id', GetJointOperation, READERS, 'get', { params: { id: uuid } }),
  post(':id/acknowledgements', AcknowledgeJointOperation, [...WRITERS, Role.DepartmentLiaison], 'acknowledge', { ...ok, params: { id: { field: 'operationId', uuid: true } } }),
  post(':id/targets/:targetId/result', RecordJointOperationResult, WRITERS, 'recordResult', { ...ok, params: { id: { field: 'operationId', uuid: true }, targetId: uuid } }),
]);

function evidenceFile(e: GetEnforcementEvidence.Reply, res: FastifyReply): Buffer {
  res.header('content-type', e.mediaType).header('etag', `"${e.sha256}"`).header('cache-control', 'private, max-age=31536000, immutable');
  return Buffer.from(e.contentBase64, 'base64');
}
