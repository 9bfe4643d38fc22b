import { ParseEnumPipe } from '@nestjs/common';
import { streetToday } from '@grid122/calendar';
import { ApiHeader, ApiOkResponse } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  AcknowledgeUrging, ExportIncidents, FileDiary, GetIncident, IncidentAction, KeyAreaStats, KeyAreaTrend, ListCategories, ListDiaries, ListDispatchRules, ListIncidents, MyQueue, OpenByGrid, RateIncident,
  ReclassifyIncident, ReportIncident, RevealIncidentReporter, Role, SetDispatchRule, SuggestDispatch, SuperviseSweep, TransitionIncident, UrgeIncident,
} from '@grid122/contracts';
import { ApiKeyAllowed } from '../auth/auth.decorators';
import { download, get, httpController, only, post, put, uuid, XLSX } from '../routing/routes';

const READERS = [Role.StreetCommander, Role.DistrictViewer, Role.UnitMember, Role.DepartmentLiaison, Role.GridWorker, Role.CommunityStation];
const REPORTERS = [Role.StreetCommander, Role.GridWorker, Role.UnitMember, Role.DepartmentLiaison, Role.Platform];
const ACTORS = [Role.StreetCommander, Role.UnitMember, Role.DepartmentLiaison, Role.GridWorker, Role.CommunityStation];
const ok = { status: 200 };
const incidentId = { field: 'incidentId', uuid: true } as const;

const idempotencyKey = { headers: { 'idempotency-key': 'idempotencyKey' } };
const IDEMPOTENCY_HEADER = ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Same key + same body returns the first result; another body is 422' });
/** The ledger's workbook (up to 20,000 rows, built by the office from its own list: longer than a lookup). */
const ledger = {
  timeoutMs: 60_000,
  produces: XLSX,
  send: (r: ExportIncidents.Reply, res: FastifyReply) => (res.header('x-ledger-rows', String(r.rows)).header('x-ledger-truncated', String(r.truncated)), download(res, XLSX, `ledger-${streetToday()}.xlsx`, r.base64)),
};

/** 一办: the ledger's HTTP edge. Routes only: the office decides. */
export const IncidentsHttpController = httpController('IncidentsHttpController', { path: 'api/v1', tag: 'incidents' }, [
  post('incidents', ReportIncident, REPORTERS, 'report', {
    ...idempotencyKey,
    // The source and sourceRef were already reported: the existing incident, 200 with existing: true.
    send: (view, res) => (view.existing && res.status(200), view),
    decorators: [ApiKeyAllowed(), IDEMPOTENCY_HEADER, ApiOkResponse({ description: 'The source and sourceRef were already reported: the existing incident, with existing: true' })],
  }),
  get('incidents.xlsx', ExportIncidents, READERS, 'exportXlsx', ledger),
  get('incidents/export.xlsx', ExportIncidents, READERS, 'exportXlsxAlias', ledger),
  post('diaries', FileDiary, [Role.GridWorker, Role.StreetCommander], 'fileDiary', idempotencyKey),
  get('incidents', ListIncidents, READERS, 'list'),
  get('incidents/:id', GetIncident, READERS, 'get', { params: { id: uuid } }),
  /** 办结满意度: the reporter's answer on a closed case; 不满意 reopens it as rework within the window. */
  post('incidents/:id/satisfaction', RateIncident, REPORTERS, 'rate', { ...ok, params: { id: incidentId }, decorators: [ApiKeyAllowed()] }),
  /** 催办: the command centre urges the responsible unit or department (the lead of a joint dispatch). */
  post('incidents/:id/urge', UrgeIncident, [Role.StreetCommander], 'urge', { ...ok, params: { id: incidentId } }),
  /** 催办签收: the urged unit or department acknowledges. */
  post('incidents/:id/urgings/:urgingId/acknowledge', AcknowledgeUrging, [Role.UnitMember, Role.DepartmentLiaison], 'acknowledgeUrging', { ...ok, params: { id: incidentId, urgingId: uuid } }),
  post('incidents/:id/:action', TransitionIncident, ACTORS, 'act', { ...ok, params: { id: incidentId, action: { pipe: new ParseEnumPipe(IncidentAction), type: IncidentAction } } }),
  get('categories', ListCategories, [...READERS, Role.Platform], 'categories', { decorators: [ApiKeyAllowed()] }),
  get('stats/key-areas', KeyAreaStats, READERS, 'keyAreaStats'),
  /** 发现 per day and key area (the wall's 30-day trend), at most 92 days. */
  get('stats/key-areas/daily', KeyAreaTrend, READERS, 'keyAreaTrend'),
  /** Open problems now per grid of a level, with red (overdue) and yellow lights: the wall's map. */
  get('stats/open-by-grid', OpenByGrid, READERS, 'openByGrid'),
  /** 督办: runs the overdue sweep now (it also runs every minute). */
  post('supervision/sweep', SuperviseSweep, [Role.StreetCommander], 'sweep', ok),
  get('diaries', ListDiaries, [Role.GridWorker, Role.StreetCommander, Role.DistrictViewer], 'listDiaries'),
]);

/** The command centre's desk (工作台): triage, dispatch rules and work queues. Routes only: the office decides. */
export const DeskHttpController = httpController('DeskHttpController', { path: 'api/v1', tag: 'desk' }, [
  /** 改类: correct key area and category after registration, with a reason (the counters move). */
  post('incidents/:id/reclassify', ReclassifyIncident, [Role.StreetCommander], 'reclassify', { ...ok, params: { id: incidentId } }),
  /** 派遣建议: the unit and departments the incident's category suggests, departments of its district. */
  get('incidents/:id/dispatch-suggestion', SuggestDispatch, [Role.StreetCommander, Role.DistrictViewer], 'suggestion', { params: { id: incidentId } }),
  /** 我的待办: what waits for the caller (their unit, department, grids, or the street), by deadline, with the light. */
  get('queue', MyQueue, [Role.UnitMember, Role.DepartmentLiaison, Role.GridWorker, Role.StreetCommander], 'queue'),
  get('dispatch-rules', ListDispatchRules, [Role.StreetCommander, Role.DistrictViewer, Role.UnitMember, Role.DepartmentLiaison, Role.GridWorker, Role.Admin], 'dispatchRules'),
  put('dispatch-rules/:category', SetDispatchRule, [Role.Admin, Role.StreetCommander], 'setDispatchRule'),
]);

/**
 * The reporter in full (lists show 138****5678), with a reason: written to the audit log as
 * `pii.reveal` before the answer leaves (privacy/reveal-audit.ts). The system admin,
 * the auditor and the security admin never pass (三员分立); the office checks again.
 */
export const RevealHttpController = httpController('RevealHttpController', { path: 'api/v1/incidents', tag: 'incidents' }, [
  post(':id/reveal-phone', RevealIncidentReporter, only(Role.StreetCommander, Role.UnitMember, Role.DepartmentLiaison), 'revealPhone', { ...ok, params: { id: uuid }, summary: "The reporter's name and phone in full (lists show 138****5678), with a reason; audited" }),
]);
