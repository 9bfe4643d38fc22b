import { streetToday } from '@grid122/calendar';
import {
  AssignStaff, CloseOrganisationTask, CreateBuilding, CreateCommitment, CreateDepartment, CreateGrid, CreateOrganisation, CreatePartyOrg, CreateStaff, CreateVolunteerTeam, EndAssignment, ExportGridsGeoJson,
  FulfilCommitment, GetGrid, GetOrganisationTask, GetStaff, GridDepartments, GridGaps, GridHistory, GridLedger, GridResponsibles, GridStaff, HandleOrganisationTask, ImportGrids, JoinVolunteerTeam,
  LinkDepartment, ListBuildings, ListCommitments, ListDepartments, ListGrids, ListOrganisations, ListOrganisationTasks, ListPartyOrgs, ListStaff, ListVolunteers, ListVolunteerTeams, LocateGrid,
  RegisterVolunteer, ReturnOrganisationTask, RevealStaffPhone, Role, SearchAddresses, UnlinkDepartment, UpdateGrid, UpdatePartyOrg, UpdateStaff,
} from '@grid122/contracts';
import { ApiKeyAllowed } from '../auth/auth.decorators';
import { commands, del, download, get, httpController, only, patch, post, uuid, XLSX } from '../routing/routes';

/** Everyone who works on grids reads them (within their scope; the registry enforces it). */
export const REGISTRY_READERS = [Role.StreetCommander, Role.DistrictViewer, Role.UnitMember, Role.DepartmentLiaison, Role.GridWorker, Role.CommunityStation];
/** Writes: the command centre and the organisation group (the registry checks the unit). */
export const REGISTRY_WRITERS = [Role.StreetCommander, Role.UnitMember];
const READ = REGISTRY_READERS;
const WRITE = REGISTRY_WRITERS;
const ok = { status: 200 };
const id = { params: { id: uuid } };
const as = (field: string) => ({ params: { id: { field, uuid: true as const } } });
/** Imports and exports run longer than a lookup. */
const BULK = 30_000;

/** 基层组织建设组: the grid tree's HTTP edge. Routes only: the registry decides. */
export const GridsHttpController = httpController('GridsHttpController', { path: 'api/v1', tag: 'grids' }, [
  get('grids', ListGrids, READ, 'list', { summary: 'Grids in your scope, by path; filters parent, root, level, class (jia/yi/bing or A/B/C), q' }),
  get('grids.geojson', ExportGridsGeoJson, READ, 'geojson', { timeoutMs: BULK, summary: 'The subtree under root (default your scope) as a GeoJSON FeatureCollection', send: (fc, res) => (res.header('content-type', 'application/geo+json; charset=utf-8'), JSON.stringify(fc)) }),
  get('grids/locate', LocateGrid, [...READ, Role.Platform], 'locate', { decorators: [ApiKeyAllowed()], summary: 'The deepest grid containing a WGS-84 point (lng, lat), with its ancestors; `at` for a past time' }),
  get('grids/gaps', GridGaps, READ, 'gaps', { summary: 'Level 1-3 grids without a current head (网格长空缺)' }),
  get('grids/ledger.csv', GridLedger, READ, 'ledgerCsv', { timeoutMs: BULK, fixed: { format: 'csv' }, send: (f, res) => download(res, 'text/csv; charset=utf-8', ledgerName('csv'), f.base64) }),
  get('grids/ledger.xlsx', GridLedger, READ, 'ledgerXlsx', { timeoutMs: BULK, fixed: { format: 'xlsx' }, send: (f, res) => download(res, XLSX, ledgerName('xlsx'), f.base64) }),
  post('grids/import', ImportGrids, WRITE, 'import', { ...ok, timeoutMs: BULK, summary: 'Import a GeoJSON FeatureCollection of grids (upsert by code); all or nothing' }),
  post('grids', CreateGrid, WRITE, 'create'),
  get('grids/:id', GetGrid, READ, 'get', id),
  patch('grids/:id', UpdateGrid, WRITE, 'update', { ...id, summary: 'Rename, re-shape (polygon) or move (parentId): each opens a new version; counts, class, grade change in place' }),
  get('grids/:id/history', GridHistory, READ, 'history', id),
  get('grids/:id/staff', GridStaff, READ, 'staff', id),
  post('grids/:id/staff', AssignStaff, WRITE, 'assign', { ...as('gridId'), summary: 'Post a person on the grid in a role (grid_head: replace=true hands the post over)' }),
  get('grids/:id/departments', GridDepartments, READ, 'departments', id),
  get('grids/:id/responsibles', GridResponsibles, READ, 'responsibles', as('gridId')),
]);

/** The registry's ledger file (网格台账) is named by the street's day. */
const ledgerName = (ext: string) => `grid-ledger-${streetToday()}.${ext}`;

/** People on grids (1+X+Y, seven forces): phones masked for every role; the full number only by the audited reveal. */
export const StaffHttpController = httpController('StaffHttpController', { path: 'api/v1', tag: 'grid staff' }, [
  get('staff', ListStaff, READ, 'list'),
  post('staff', CreateStaff, WRITE, 'create'),
  get('staff/:id', GetStaff, READ, 'get', id),
  patch('staff/:id', UpdateStaff, WRITE, 'update', id),
  // 三员分立: never the admin, the auditor or the security admin; the registry lets the organisation group's members only; audited (REVEAL_ROUTES)
  post('staff/:id/reveal-phone', RevealStaffPhone, only(Role.StreetCommander, Role.UnitMember), 'revealPhone', { ...id, ...ok, summary: "A staff member's phone in full (lists and views show 139****5678), with a reason; audited" }),
  del('staff-assignments/:id', EndAssignment, WRITE, 'endAssignment', as('assignmentId')),
]);

/** Functional departments (职能部门) and their seconded staff on level-2 grids. */
export const DepartmentsHttpController = httpController('DepartmentsHttpController', { path: 'api/v1', tag: 'departments' }, [
  get('departments', ListDepartments, READ, 'list'),
  post('departments', CreateDepartment, WRITE, 'create'),
  post('departments/:id/links', LinkDepartment, WRITE, 'link', as('departmentId')),
  del('department-links/:id', UnlinkDepartment, WRITE, 'unlink', as('linkId')),
]);

/** Party organisations on grids (网格党组织), the size rule's mismatches, members' commitments (党员承诺). */
export const PartyOrganisationsHttpController = httpController('PartyOrganisationsHttpController', { path: 'api/v1', tag: 'party organisations' }, [
  get('party-organisations', ListPartyOrgs, READ, 'list'),
  get('party-organisations/mismatches', ListPartyOrgs, READ, 'mismatches', { fixed: { mismatch: true }, input: 'none' }),
  post('party-organisations', CreatePartyOrg, WRITE, 'create'),
  patch('party-organisations/:id', UpdatePartyOrg, WRITE, 'update', id),
  get('party-organisations/:id/commitments', ListCommitments, READ, 'commitments', as('partyOrgId')),
  post('party-organisations/:id/commitments', CreateCommitment, WRITE, 'pledge', as('partyOrgId')),
  post('party-commitments/:id/fulfil', FulfilCommitment, WRITE, 'fulfil', { ...id, ...ok }),
]);

/** Volunteers (Y members) on grids and their teams. */
export const VolunteersHttpController = httpController('VolunteersHttpController', { path: 'api/v1', tag: 'volunteers' }, [
  get('grid-volunteers', ListVolunteers, READ, 'list'),
  post('grid-volunteers', RegisterVolunteer, WRITE, 'register'),
  get('grid-volunteer-teams', ListVolunteerTeams, READ, 'teams'),
  post('grid-volunteer-teams', CreateVolunteerTeam, WRITE, 'createTeam'),
  post('grid-volunteer-teams/:id/members', JoinVolunteerTeam, WRITE, 'join', { ...as('teamId'), ...ok }),
]);

/** Base data on level-3 grids: buildings (楼栋) and organisations (shops, enterprises, schools). */
export const PlacesHttpController = httpController('PlacesHttpController', { path: 'api/v1', tag: 'base data' }, [
  get('buildings', ListBuildings, READ, 'buildings'),
  post('buildings', CreateBuilding, WRITE, 'createBuilding'),
  get('organisations', ListOrganisations, READ, 'organisations'),
  post('organisations', CreateOrganisation, WRITE, 'createOrganisation'),
]);

/** Organisation tasks (基层组织建设组任务) from the office's dispatches: the group feeds back. */
const TASK_READERS = [Role.StreetCommander, Role.DistrictViewer, Role.UnitMember];
export const OrganisationTasksHttpController = httpController('OrganisationTasksHttpController', { path: 'api/v1/organisation-tasks', tag: 'organisation tasks' }, [
  get('', ListOrganisationTasks, TASK_READERS, 'list'),
  get(':id', GetOrganisationTask, TASK_READERS, 'get', id),
  ...commands([Role.UnitMember], { handle: HandleOrganisationTask, close: CloseOrganisationTask, return: ReturnOrganisationTask }, id),
]);

/** 按地址定位: the desk looks an address up (a 12345 call gives one, not a point). */
export const AddressesHttpController = httpController('AddressesHttpController', { path: 'api/v1', tag: 'grids' }, [
  get('addresses', SearchAddresses, [Role.StreetCommander, Role.DistrictViewer, Role.GridWorker, Role.UnitMember, Role.DepartmentLiaison, Role.Admin], 'search'),
]);
