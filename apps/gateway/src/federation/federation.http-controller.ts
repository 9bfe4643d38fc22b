import { AcceptFederationEscalation, AnswerFederationEscalation, ListFederationEscalations, ListFederationStreets, ListFederationTasks, PushFederationTask, ReturnFederationEscalation, Role } from '@grid122/contracts';
import { ApiKeyAllowed } from '../auth/auth.decorators';
import { get, httpController, post, RouteOptions } from '../routing/routes';

/**
 * The district (or city) platform's view of the level below: routes only, the federation service
 * (apps/federation) holds the read model and hands tasks and decisions down (docs/federation.md).
 * Platforms call every route with an API key.
 */
const DISTRICT = [Role.Admin, Role.DistrictViewer, Role.Platform];
const platforms = { decorators: [ApiKeyAllowed()] };
/** A decision on an escalation: sent down to the street (202); a retry with the same Idempotency-Key is the same decision. */
const decision: RouteOptions<typeof AcceptFederationEscalation> = { ...platforms, status: 202, params: { id: { field: 'incidentId', uuid: true } }, headers: { 'idempotency-key': 'idempotencyKey' } };

export const FederationHttpController = httpController('FederationHttpController', { path: 'api/v1/federation', tag: 'federation' }, [
  /** 区级受理: the district takes the escalated case on; the street's clock stays suspended. */
  post('escalations/:id/accept', AcceptFederationEscalation, DISTRICT, 'accept', decision),
  /** 区级答复: the district answers; the case returns to the street's desk with the reply. */
  post('escalations/:id/answer', AnswerFederationEscalation, DISTRICT, 'answer', decision),
  /** 区级退回: the district returns the escalation; the street's clock runs again. */
  post('escalations/:id/return', ReturnFederationEscalation, DISTRICT, 'returnEscalation', decision),
  /** 上报区级: the escalations of every street in the caller's scope, newest first. */
  get('escalations', ListFederationEscalations, DISTRICT, 'escalations', platforms),
  /** Per-street figures of a month and the monthly ranking (月度排名), with each street's link state. */
  get('streets', ListFederationStreets, DISTRICT, 'streets', platforms),
  /** 下派: hand a task (a 12345 hotline ticket …) down to one street. */
  post('tasks', PushFederationTask, DISTRICT, 'pushTask', platforms),
  /** The tasks handed down and what became of them (the street's incident, as its events came back up). */
  get('tasks', ListFederationTasks, DISTRICT, 'tasks', platforms),
]);
