// Plain data shapes produced by the generator. Every field is always present (null rather than
// absent) so rows map 1:1 onto table columns and objects keep one hidden class in V8.
import type { GeoPoint, GeoPolygon } from './geometry';
import type { Gender } from './names';
import type { GridLevelNo } from '@grid122/contracts';
import type {
  ClusterKind,
  GridClass,
  GridGrade,
  GridLevel,
  KeyAreaCode,
  OrganisationKind,
  PartyOrgKind,
  PersonRole,
  RoleGroup,
} from './labels';

export interface Grid {
  /** uuid v5 of `code` (see gridId). */
  id: string;
  /** 15 digits: district admin code (6) + street (3) + community (3) + grid (3); see codes.ts. */
  code: string;
  name: string;
  level: GridLevel;
  /** 1/2/3 for 一级/二级/三级网格, null for city/district/street. */
  levelNo: GridLevelNo | null;
  /** ltree path, labels [a-z0-9_]: nj.gulou.btq.c01.g2_03.g3_02 */
  path: string;
  parentId: string | null;
  /** WGS-84 [lng, lat], closed counter-clockwise ring, 7 decimals; siblings tile their parent exactly. */
  polygon: GeoPolygon;
  households: number;
  /** Residential buildings plus shopfronts in the grid. */
  buildings: number;
  shopfronts: number;
  /** Level-1 only: 甲/乙/丙 class (as API code jia/yi/bing). */
  gridClass: GridClass | null;
  /** Level-2 only: A/B/C grade. */
  grade: GridGrade | null;
  /** Level-2 only: why this grid is a merger of small compounds; set whenever households < 300. */
  mergeReason: string | null;
  /** Level-3 only: residential buildings or shopfronts. */
  clusterKind: ClusterKind | null;
}

/** A residential building (楼栋) or a shopfront (门面房) in a level-3 grid. */
export interface Building {
  id: string;
  /** The level-3 grid. */
  gridId: string;
  name: string;
  kind: ClusterKind;
  point: GeoPoint;
  units: number;
  floors: number;
  households: number;
}

export interface Organisation {
  id: string;
  /** The level-3 grid it stands in. */
  gridId: string;
  /** The shopfront it occupies, for shops and restaurants. */
  buildingId: string | null;
  kind: OrganisationKind;
  name: string;
  point: GeoPoint;
}

export interface Person {
  id: string;
  name: string;
  gender: Gender;
  /** Synthetic 11-digit mobile number, unique across the generated city. */
  phone: string;
  partyMember: boolean;
  /** The street grid the person works in. */
  streetId: string;
  /** Seconded staff (下沉人员) only: their home department. */
  departmentId: string | null;
}

/** One person's post on one grid (1+X+Y, or seconded). A person may hold posts on several grids. */
export interface GridAssignment {
  gridId: string;
  personId: string;
  role: PersonRole;
  group: RoleGroup;
  departmentId: string | null;
}

/** A district functional department (职能部门, a "line" 条). */
export interface Department {
  id: string;
  code: string;
  name: string;
  fullName: string;
  /** 6-digit admin code of its district. */
  districtCode: string;
  districtGridId: string;
  keyAreas: KeyAreaCode[];
}

/** "Lines into blocks" (条块): a department linked to a level-2 grid through one seconded person. */
export interface DepartmentLink {
  departmentId: string;
  gridId: string;
  personId: string;
}

/** Party organisation on a grid: per community a committee or general branch, per level-2 grid a branch. */
export interface PartyOrg {
  id: string;
  gridId: string;
  kind: PartyOrgKind;
  name: string;
  members: number;
  /** The grid head doubles as secretary (网格长兼书记). */
  secretaryId: string;
}

export interface VolunteerTeam {
  id: string;
  streetId: string;
  code: string;
  name: string;
  special: boolean;
  /** Y members who volunteer in this team. */
  memberIds: string[];
}

export interface CityOptions {
  /** Districts, default 1 (鼓楼区 first, then Nanjing's other districts, then synthetic ones). Max 92. */
  districts?: number;
  /** Streets per district, default 1 (宝塔桥街道 first in 鼓楼区). Max 998. */
  streetsPerDistrict?: number;
  /** PRNG seed, default 122. Changes names, counts per community, households, layout; never grid codes' scheme. */
  seed?: number;
  /**
   * Also build buildings, organisations, people, assignments, department links, party
   * organisations and volunteer teams (default true). With false only grids and departments.
   */
  detail?: boolean;
}

/** The registry's rows a generated street or city holds; grids list every parent before its children. */
export interface RegistryRows {
  grids: Grid[];
  buildings: Building[];
  organisations: Organisation[];
  people: Person[];
  assignments: GridAssignment[];
  departments: Department[];
  departmentLinks: DepartmentLink[];
  partyOrgs: PartyOrg[];
  volunteerTeams: VolunteerTeam[];
}

/**
 * Everything generated for one street: its grids are the street, communities, compounds and
 * building clusters; its departments the district's 35 (same values for every street of a district).
 */
export interface StreetData extends RegistryRows {
  districtIndex: number;
  streetIndex: number;
  street: Grid;
}

/** A generated city: its grids are the city, then each district followed by its streets' grids; 35 departments per district. */
export interface City extends RegistryRows {
  options: Required<CityOptions>;
}

/** What the demo accounts are scoped to. */
export interface DemoAccountsScope {
  cityPath: string;
  districtPath: string;
  /** Street command centre account (街道指挥中心). */
  streetPath: string;
  streetId: string;
  /** Community account: the first community. */
  communityPath: string;
  /** 宝塔桥东街社区: the community workstation demo account (issue 25) */
  communityName: string;
  /** Grid worker account (网格员): a residential level-3 grid and its head. */
  gridWorker: { path: string; gridId: string; code: string; personId: string; personName: string };
  /** Department liaison account (职能部门联络员): the department and one of its seconded staff in the street. */
  liaison: {
    departmentCode: string;
    departmentId: string;
    departmentName: string;
    personId: string;
    personName: string;
    /** Level-2 grids this person is seconded to. */
    gridPaths: string[];
  };
}
