// A street's detail: the district's departments, and the street's buildings, organisations,
// people (七种力量 on every grid), party organisations and volunteer teams.
import { DEPARTMENT_SPECS, SECONDED_STAFF_PER_STREET, VOLUNTEER_TEAM_SPECS } from './catalogue';
import { districtCode } from './codes';
import { geoPoint, pointInGrid } from './geometry';
import { demoId, gridId } from './ids';
import { expectedPartyOrgKind, PARTY_ORG_KIND_LABELS, PartyOrgKind, PERSON_ROLE_GROUP, PersonRole } from './labels';
import { clinicName, enterpriseName, Gender, personName, phoneNumber, randomSurname, restaurantName, schoolName, shopName } from './names';
import { hashSeed, Rng } from './rng';
import type { Building, Department, DepartmentLink, Grid, GridAssignment, Organisation, PartyOrg, Person, StreetData, VolunteerTeam } from './types';
import { DistrictInfo, PERSONS_PER_STREET_MAX, streetRng } from './city-layout';
import { ClusterRef, CompoundRef, StreetCtx, StreetGrids } from './street-grids';

// ---- departments ------------------------------------------------------------------------------

export function buildDepartments(district: DistrictInfo): Department[] {
  return DEPARTMENT_SPECS.map((spec) => ({
    id: demoId('department', `${district.adminCode}:${spec.code}`),
    code: spec.code,
    name: spec.name,
    fullName: spec.fullName.replace('{d}', district.name).replace('{s}', district.short),
    districtCode: district.adminCode,
    districtGridId: district.id,
    keyAreas: [...spec.keyAreas],
  }));
}

// ---- detail: buildings, organisations, people, party, volunteers ----------------------------

const X_ROLE_LIST: readonly PersonRole[] = ['assistant', 'patrol', 'mass_work', 'office_staff'];
const X_ROLE_W = [0.45, 0.25, 0.2, 0.1];
const Y_ROLE_LIST: readonly PersonRole[] = ['building_head', 'security_guard', 'property_staff', 'party_volunteer', 'active_retiree'];
const Y_ROLE_W_RES = [0.3, 0.15, 0.15, 0.2, 0.2];
const Y_ROLE_W_SHOP = [0, 0.3, 0.3, 0.2, 0.2]; // no building heads on a row of shops

export function buildDetail(ctx: StreetCtx, sg: StreetGrids, departments: Department[]): Omit<StreetData, 'districtIndex' | 'streetIndex' | 'street' | 'grids' | 'departments'> {
  const rng = streetRng(ctx.seed, ctx.d, ctx.s, 'detail');
  const street9 = ctx.code.slice(0, 9);
  const phoneSalt = hashSeed(ctx.seed, 'phone');
  const streetOrdinal = ctx.d * 1000 + ctx.s;

  const buildings: Building[] = [];
  const organisations: Organisation[] = [];
  const people: Person[] = [];
  const assignments: GridAssignment[] = [];
  const departmentLinks: DepartmentLink[] = [];
  const partyOrgs: PartyOrg[] = [];
  const heads = new Map<string, string>(); // gridId -> head personId
  const yVolunteers: string[] = [];

  let seq = 0;
  const newPerson = (partyP: number, departmentId: string | null = null, r: Rng = rng): Person => {
    if (seq >= PERSONS_PER_STREET_MAX) throw new RangeError('too many people in one street');
    const gender: Gender = r.chance(0.5) ? 'male' : 'female';
    const p: Person = {
      id: demoId('person', `${street9}:${seq}`),
      name: personName(r, gender),
      gender,
      phone: phoneNumber(streetOrdinal * PERSONS_PER_STREET_MAX + seq, phoneSalt),
      partyMember: r.chance(partyP),
      streetId: sg.street.id,
      departmentId,
    };
    seq++;
    people.push(p);
    return p;
  };
  const assign = (gridId: string, personId: string, role: PersonRole, departmentId: string | null = null): GridAssignment => {
    const a: GridAssignment = { gridId, personId, role, group: PERSON_ROLE_GROUP[role], departmentId };
    assignments.push(a);
    return a;
  };
  const head = (grid: Grid): void => {
    const p = newPerson(0.8);
    assign(grid.id, p.id, 'grid_head');
    heads.set(grid.id, p.id);
  };
  let orgSeq = 0;
  const newOrg = (grid: Grid, kind: Organisation['kind'], name: string, point: Building['point'], buildingId: string | null = null): void => {
    organisations.push({ id: demoId('org', `${street9}:${orgSeq++}`), gridId: grid.id, buildingId, kind, name, point });
  };

  for (const c of sg.communities) {
    head(c.grid);
    const communityClusters: ClusterRef[] = [];
    const xHere: { a: GridAssignment; cluster: number }[] = [];
    for (const k of c.compounds) {
      head(k.grid);
      for (const j of k.clusters) {
        communityClusters.push(j);
        head(j.grid);
        // Buildings / shopfronts (楼栋 / 门面房).
        j.shape.buildings.forEach((b, bi) => {
          const n = j.firstNumber + bi;
          const shop = j.shape.kind === 'shopfront';
          const building: Building = {
            id: demoId('building', `${j.grid.code}:${bi + 1}`),
            gridId: j.grid.id,
            name: shop ? `${k.grid.name}沿街商铺${n}号` : `${k.grid.name}${n}栋`,
            kind: j.shape.kind,
            point: geoPoint(pointInGrid(j.grid, rng)),
            units: b.units,
            floors: b.floors,
            households: b.households,
          };
          buildings.push(building);
          if (shop) {
            const surname = randomSurname(rng);
            if (rng.chance(0.6)) newOrg(j.grid, 'shop', shopName(rng, surname), building.point, building.id);
            else newOrg(j.grid, 'restaurant', restaurantName(rng, surname), building.point, building.id);
          }
        });
        // X: assistants and staff (1-3); Y: the six members (2-4).
        const nx = rng.weightedPick([1, 2, 3], [0.3, 0.5, 0.2]);
        for (let i = 0; i < nx; i++) {
          const role = rng.weightedPick(X_ROLE_LIST, X_ROLE_W);
          xHere.push({ a: assign(j.grid.id, newPerson(0.4).id, role), cluster: communityClusters.length - 1 });
        }
        const ny = rng.int(2, 4);
        for (let i = 0; i < ny; i++) {
          const role = i === 0 && j.shape.kind === 'residential' ? 'building_head' : rng.weightedPick(Y_ROLE_LIST, j.shape.kind === 'residential' ? Y_ROLE_W_RES : Y_ROLE_W_SHOP);
          const p = newPerson(role === 'party_volunteer' ? 1 : 0.15);
          assign(j.grid.id, p.id, role);
          if (role === 'party_volunteer' || role === 'active_retiree' || rng.chance(0.3)) yVolunteers.push(p.id);
        }
      }
      // Some compounds host an enterprise (驻区单位).
      if (!k.shape.small && rng.chance(0.2)) {
        const j = rng.pick(k.clusters);
        newOrg(j.grid, 'enterprise', enterpriseName(rng), geoPoint(pointInGrid(j.grid, rng)));
      }
    }
    // About 10% of X members also serve the next cluster of their community (一人多格).
    for (const { a, cluster } of xHere) {
      if (!rng.chance(0.1)) continue;
      const other = communityClusters[(cluster + 1) % communityClusters.length];
      assign(other.grid.id, a.personId, a.role);
    }
    // A health station in every community, schools and private clinics in some.
    const spot = (): ClusterRef => rng.pick(communityClusters);
    let j = spot();
    newOrg(j.grid, 'clinic', `${c.grid.name}卫生服务站`, geoPoint(pointInGrid(j.grid, rng)));
    if (rng.chance(0.3)) {
      j = spot();
      newOrg(j.grid, 'clinic', clinicName(rng, randomSurname(rng)), geoPoint(pointInGrid(j.grid, rng)));
    }
    if (rng.chance(0.6)) {
      j = spot();
      newOrg(j.grid, 'school', schoolName(rng, c.stem), geoPoint(pointInGrid(j.grid, rng)));
    }
  }

  // Seconded staff (下沉人员): 66 per street, two from each department and one from the last four;
  // each is linked to one or two level-2 grids so every compound has at least one department.
  const compounds = sg.communities.flatMap((c) => c.compounds);
  const staff: { person: Person; department: Department }[] = [];
  departments.forEach((dep, i) => {
    const n = i < SECONDED_STAFF_PER_STREET - departments.length ? 2 : 1;
    for (let k = 0; k < n; k++) staff.push({ person: newPerson(0.7, dep.id), department: dep });
  });
  const order = rng.shuffle(compounds.slice());
  const link = (st: { person: Person; department: Department }, k: CompoundRef): void => {
    assign(k.grid.id, st.person.id, 'seconded_staff', st.department.id);
    departmentLinks.push({ departmentId: st.department.id, gridId: k.grid.id, personId: st.person.id });
  };
  order.forEach((k, i) => link(staff[i % staff.length], k));
  staff.forEach((st, i) => {
    // A quarter also cover a neighbouring compound of the same community.
    if (i < order.length - staff.length || !rng.chance(0.25)) return; // the first ones already have two
    const first = order[i];
    const siblings = first.community.compounds.filter((k) => k !== first);
    link(st, rng.pick(siblings));
  });

  // Party organisations: a branch per compound, a committee / general branch per community.
  // Exactly two break the size rule on purpose, for the demo's mismatch report.
  const branchMembers = compounds.map(() => rng.int(12, 45));
  const oddBranch = rng.int(0, compounds.length - 1);
  branchMembers[oddBranch] = rng.int(52, 68); // big enough for a general branch, still a branch
  let bi = 0;
  const communityMembers = sg.communities.map((c) => {
    let m = rng.int(5, 30); // members attached directly to the community organisation
    for (let i = 0; i < c.compounds.length; i++) m += branchMembers[bi++];
    return m;
  });
  const oddCommunity = rng.int(0, sg.communities.length - 1);
  const partyOrg = (grid: Grid, kind: PartyOrgKind, members: number): PartyOrg => ({
    id: demoId('party_org', grid.code),
    gridId: grid.id,
    kind,
    name: grid.name + PARTY_ORG_KIND_LABELS[kind],
    members,
    secretaryId: heads.get(grid.id) as string,
  });
  bi = 0;
  sg.communities.forEach((c, ci) => {
    const members = communityMembers[ci];
    let kind = expectedPartyOrgKind(members);
    if (ci === oddCommunity) kind = kind === 'committee' ? 'general_branch' : 'committee';
    partyOrgs.push(partyOrg(c.grid, kind, members));
    for (const k of c.compounds) partyOrgs.push(partyOrg(k.grid, 'branch', branchMembers[bi++]));
  });

  // Volunteer teams (志愿者队伍): 13 per street; every team gets at least three Y members.
  const volunteerTeams: VolunteerTeam[] = VOLUNTEER_TEAM_SPECS.map((t) => ({
    id: demoId('volunteer_team', `${street9}:${t.code}`),
    streetId: sg.street.id,
    code: t.code,
    name: t.name,
    special: t.special,
    memberIds: [],
  }));
  const teamWeights = volunteerTeams.map((t) => (t.special ? 2 : 1));
  rng.shuffle(yVolunteers).forEach((pid, i) => {
    if (i < volunteerTeams.length * 3) {
      volunteerTeams[i % volunteerTeams.length].memberIds.push(pid);
      return;
    }
    const first = rng.weightedPick(volunteerTeams, teamWeights);
    first.memberIds.push(pid);
    if (rng.chance(0.2)) {
      const second = rng.weightedPick(volunteerTeams, teamWeights);
      if (second !== first) second.memberIds.push(pid);
    }
  });

  // Issue 25: full teams on level-1 and level-2 grids, drawn last from their own random stream so
  // every earlier person, post and id stays as it was. Each community gets Beijing's seven forces
  // (七种力量): the party-branch secretary is its head (一肩挑), the six others are people of
  // their own; each compound gets an assistant (X, 网格助理).
  const teams = streetRng(ctx.seed, ctx.d, ctx.s, 'teams');
  for (const c of sg.communities) {
    assign(c.grid.id, heads.get(c.grid.id) as string, 'party_secretary');
    for (const role of SIX_FORCES) assign(c.grid.id, newPerson(role === 'grid_supervisor' ? 0.9 : 0.5, null, teams).id, role);
    for (const k of c.compounds) assign(k.grid.id, newPerson(0.4, null, teams).id, 'assistant');
  }

  return { buildings, organisations, people, assignments, departmentLinks, partyOrgs, volunteerTeams };
}

/** The seven forces (七种力量) but the party-branch secretary, who is the community's head. */
const SIX_FORCES: readonly PersonRole[] = ['grid_manager', 'grid_assistant', 'grid_supervisor', 'police_officer', 'judicial_worker', 'firefighter'];
