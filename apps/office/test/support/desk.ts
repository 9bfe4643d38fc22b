import { centroid, demoAccountsScope, demoStreet } from '@grid122/demo-street';
import { Actor, ERROR_HTTP_STATUS, GetIncident, IncidentView, ReportIncident, TransitionIncident } from '@grid122/contracts';
import { AppError } from '@grid122/messaging';
import { ServiceTest, TEST_ACTORS, TEST_STREET, TestActorName, TestRequest } from '@grid122/testing';

/**
 * The desk's day (issue 23) through the office's contracts, as the demo street's accounts do it:
 * the test actors with the demo worker's grid and the demo liaison's department (the registry
 * beside the office is the demo street: `officeBesideRegistry()`).
 */
export const scope = demoAccountsScope();
if (scope.streetPath !== TEST_STREET) throw new Error(`the demo street is ${scope.streetPath}, the test actors' ${TEST_STREET}`);
export const DESK_ACTORS: Record<TestActorName, Actor> = {
  ...TEST_ACTORS,
  worker: { ...TEST_ACTORS.worker, scope: scope.gridWorker.path },
  liaison: { ...TEST_ACTORS.liaison, departmentId: scope.liaison.departmentId },
};
export type DeskActor = TestActorName;

/** The HTTP status a refusal's code stands for. */
export const statusOf = (e: AppError) => ERROR_HTTP_STATUS[e.code as keyof typeof ERROR_HTTP_STATUS];

/** The first field a refusal names (a validation's fields, or the field of a code's details). */
export const fieldOf = (e: AppError) => {
  const d = e.details as { field?: string; fields?: { field: string }[] } | undefined;
  return d?.fields?.[0]?.field ?? d?.field;
};

/** The building clusters of the demo street (a report in its own cluster links to no other as "me too"). */
export const CLUSTERS = demoStreet().grids.filter((g) => g.level === 'building_cluster' && g.path.startsWith(`${scope.streetPath}.`));

/** The centre of a grid of the demo street (a point the registry locates to it). */
export const pointIn = (path: string) => {
  const g = demoStreet().grids.find((x) => x.path === path);
  if (!g) throw new Error(`no grid ${path}`);
  const [lng, lat] = centroid(g.polygon as never);
  return { lng, lat };
};

export interface Desk {
  report: (who: DeskActor, body: TestRequest<ReportIncident.Request>) => Promise<IncidentView>;
  act: (id: string, action: string, who: DeskActor, body?: TestRequest<TransitionIncident.Request>) => Promise<IncidentView>;
  /** The refusal of a transition. */
  refused: (id: string, action: string, who: DeskActor, body?: TestRequest<TransitionIncident.Request>) => Promise<AppError>;
  get: (id: string, who?: DeskActor) => Promise<IncidentView>;
}

export const deskOf = (svc: () => ServiceTest): Desk => ({
  report: (who, body) => svc().call(ReportIncident, body, DESK_ACTORS[who]),
  act: (incidentId, action, who, body = {}) => svc().call(TransitionIncident, { ...body, incidentId, action }, DESK_ACTORS[who]),
  refused: (incidentId, action, who, body = {}) => svc().refusal(TransitionIncident, { ...body, incidentId, action }, DESK_ACTORS[who]),
  get: (id, who = 'commander') => svc().call(GetIncident, { id }, DESK_ACTORS[who]),
});
