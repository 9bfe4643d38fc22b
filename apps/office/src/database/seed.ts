import { ClosureType, IncidentSource, IncidentState, KeyArea, ResolutionLevel, Unit } from '@grid122/contracts';
import { createRng, demoStreet, pickKeyArea, pointInGrid, Rng } from '@grid122/demo-street';
import { DataSource } from 'typeorm';
import { DEFAULT_CATEGORIES } from '../category/category.defaults';
import { closedOnTime } from '../clock/on-time';
import { IncidentClock } from '../clock/incident-clock';
import { WorkCalendar } from '../clock/work-calendar';
import { formatIncidentCode, streetPathOf } from '../incident/incident-code';
import { plantHotspotHistory, rebuildHotspotCounters, SeedIncidentRow } from '../hotspot/hotspot-seed';
import { StatsRepository } from '../stats/stats.repository';

const DAYS = 120;
const INCIDENTS = 3200;
const DIARY_SHARE = 0.3;
const UNITS = Object.values(Unit);

/**
 * Demo data of the office service for the demo street (DEMO_MODE only). Idempotent: skips when the
 * ledger has rows. A few thousand incidents over the last four months in the Qinling Road key-area
 * proportions, located in the demo street's L3 grids, across every state, with histories, some
 * overdue, some reworked, resolution levels near 80-85% community / 10-15% street / <=5% district,
 * and the patrol diaries they came from. Inserted in bulk; the counters are rebuilt from the rows.
 */
export async function seedDemo(ds: DataSource, now = new Date()): Promise<void> {
  const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM office.incidents`);
  if (n > 0) return;
  const rng = createRng('office-demo');
  const city = demoStreet();
  const l3 = city.grids.filter((g) => g.level === 'building_cluster');
  // 民情日志: a diary is its grid head's (the registry's person), so the supervision (督查) finds its author.
  const headOf = new Map(city.assignments.filter((a) => a.role === 'grid_head').map((a) => [a.gridId, city.people.find((p) => p.id === a.personId)!]));
  const departments = city.departments;
  const calendar = new WorkCalendar();
  const clock = new IncidentClock(calendar);
  const byArea = new Map<KeyArea, typeof DEFAULT_CATEGORIES[number][]>();
  for (const c of DEFAULT_CATEGORIES) byArea.set(c.keyArea, [...(byArea.get(c.keyArea) ?? []), c]);

  const incidents: (SeedIncidentRow & Record<string, unknown>)[] = [];
  const history: Record<string, unknown>[] = [];
  const diaries: Record<string, unknown>[] = [];
  const seqs = new Map<string, number>();
  const times = Array.from({ length: INCIDENTS }, () => now.getTime() - rng.float(0, DAYS) * 86_400_000).sort((a, b) => a - b);

  /** A step of a demo life, never later than a minute ago (no demo record in the future). */
  const past = (ms: number): Date => new Date(Math.min(ms, now.getTime() - 60_000));
  for (const [idx, t] of times.entries()) {
    const grid = rng.pick(l3);
    const keyArea = pickKeyArea(rng) as KeyArea;
    const category = rng.pick(byArea.get(keyArea)!);
    const reportedAt = new Date(t);
    const id = uuidFrom(rng);
    const streetPath = streetPathOf(grid.path, 3);
    const day = calendar.localDate(reportedAt);
    const seqKey = `${streetPath}|${day}`;
    const seq = (seqs.get(seqKey) ?? 0) + 1;
    seqs.set(seqKey, seq);
    const [lng, lat] = pointInGrid(grid, rng);
    const ageDays = (now.getTime() - t) / 86_400_000;
    const fromDiary = rng.chance(DIARY_SHARE);
    const source = fromDiary ? IncidentSource.PatrolDiary : pickSource(rng);
    const plan = planLife(rng, ageDays);
    const hist: [string, IncidentState | null, IncidentState, number][] = [['report', null, IncidentState.Reported, 0]];
    let at = 0;
    const step = (action: string, from: IncidentState, to: IncidentState, hours: number) => {
      at += hours;
      hist.push([action, from, to, at]);
      return to;
    };
    const unit = rng.chance(0.45) ? rng.pick(UNITS) : null;
    const department = unit ? null : rng.pick(departments);
    let state: IncidentState = IncidentState.Reported;
    let registeredAt: Date | null = null;
    let dispatchedAt: Date | null = null;
    let handledAt: Date | null = null;
    let closedAt: Date | null = null;
    let reworks = 0;
    let handledEver = false;
    let escalated = false;
    const hoursLeft = ageDays * 24;
    const h = (base: number) => Math.min(base * rng.float(0.3, 1.5), Math.max(0.05, (hoursLeft - at) / 8));
    if (plan.stage >= 1) {
      if (plan.rejected) state = step('reject', state, IncidentState.Rejected, h(1));
      else {
        state = step('register', state, IncidentState.Registered, h(0.5));
        registeredAt = past(t + at * 3600_000);
      }
    }
    let escalatedAt: Date | null = null;
    if (!plan.rejected && plan.escalate && plan.stage >= 2) {
      state = step('escalate', state, IncidentState.Escalated, h(4));
      escalated = true;
      escalatedAt = past(t + at * 3600_000);
    } else if (!plan.rejected && plan.stage >= 2) {
      state = step('dispatch', state, IncidentState.Dispatched, h(0.5));
      dispatchedAt = past(t + at * 3600_000);
      if (plan.stage >= 3) state = step('accept', state, IncidentState.Accepted, h(1));
      if (plan.suspended && plan.stage === 3) state = step('suspend', state, IncidentState.Suspended, h(2));
      if (plan.stage >= 4) {
        state = step('handle', state, IncidentState.Handled, h(20));
        handledEver = true;
        for (let r = 0; r < plan.reworks; r++) {
          state = step('rework', state, IncidentState.InProgress, h(4));
          reworks++;
          state = step('handle', state, IncidentState.Handled, h(10));
        }
        handledAt = past(t + at * 3600_000);
      }
      if (plan.stage >= 5) state = step('verify', state, IncidentState.Verified, h(4));
    }
    let closure: ClosureType | null = null;
    let level: ResolutionLevel | null = null;
    let onTime: boolean | null = null;
    if (plan.stage >= 6 && !plan.rejected) {
      closure = escalated ? ClosureType.Fixed : plan.closure;
      state = step('close', state, IncidentState.Closed, h(2));
      closedAt = past(t + at * 3600_000);
      // A resolution level only for a solved case (docs/metrics.md).
      level = closure !== ClosureType.Fixed ? null : escalated ? ResolutionLevel.District : plan.level;
    }
    const started = dispatchedAt ?? reportedAt;
    const limit = dispatchedAt ? category.limits.dispose : category.limits.registerDispatch;
    // Held by the district: the street's clock stands from the escalation (docs/office.md, the loop upward).
    const held = state === IncidentState.Escalated && escalatedAt ? [{ from: escalatedAt.toISOString(), to: null }] : [];
    const reading = clock.read({ startedAt: started, limit, closedAt: handledAt ?? closedAt, suspensions: held.map((s) => ({ from: new Date(s.from), to: null })) }, handledAt ?? closedAt ?? now);
    if (closedAt) {
      onTime = closedOnTime(clock, { reportedAt, dispatchedAt, handledAt, closedAt, limits: category.limits, suspensions: [], extensions: [] });
    }
    const active = [IncidentState.Reported, IncidentState.Registered, IncidentState.Dispatched, IncidentState.Accepted, IncidentState.InProgress].includes(state);
    incidents.push({
      id,
      code: formatIncidentCode(streetPath, day, seq),
      title: `${category.name}（${grid.name}）`,
      description: `${grid.name}发现${category.name}问题`,
      key_area: keyArea,
      category: category.code,
      state,
      suspended_from: state === IncidentState.Suspended ? IncidentState.Accepted : null,
      source,
      source_ref: fromDiary ? null : `demo:${idx + 1}`,
      grid_id: grid.id,
      grid_path: grid.path,
      lng,
      lat,
      unit: state === IncidentState.Reported || state === IncidentState.Registered || escalated || plan.rejected ? null : unit,
      department_id: state === IncidentState.Reported || state === IncidentState.Registered || escalated || plan.rejected || unit ? null : department!.id,
      lead_unit: plan.stage >= 3 && !escalated && !plan.rejected ? unit : null,
      lead_department_id: plan.stage >= 3 && !escalated && !plan.rejected && !unit ? department!.id : null,
      rework_count: reworks,
      closure_type: closure,
      responsible_party: closure === ClosureType.NotResponsible ? '供电公司' : null,
      resolution_level: level,
      on_time: onTime,
      result: handledEver ? '已处置完毕' : null,
      escalated_ever: escalated,
      handled_ever: handledEver,
      suspensions: state === IncidentState.Suspended ? [{ from: past(t + at * 3600_000).toISOString(), to: null }] : held,
      stats_day: day,
      reported_at: reportedAt.toISOString(),
      registered_at: registeredAt?.toISOString() ?? null,
      dispatched_at: dispatchedAt?.toISOString() ?? null,
      handled_at: handledAt?.toISOString() ?? null,
      closed_at: closedAt?.toISOString() ?? null,
      supervised_at: active && reading.overdue ? now.toISOString() : null,
      deadline: state === IncidentState.Suspended || (held.length > 0 && !reading.overdue) ? null : reading.deadline.toISOString(),
      yellow_at: active ? new Date(reading.deadline.getTime() - (reading.deadline.getTime() - started.getTime()) * 0.2).toISOString() : null,
      diary_id: null as string | null,
      reporter_name: fromDiary ? grid.name + '网格员' : null,
    });
    hist.forEach(([action, from, to, hours], seqNo) =>
      history.push({ incident_id: id, seq: seqNo + 1, action, from_state: from, to_state: to, by_role: roleFor(action), at: past(t + hours * 3600_000).toISOString(), note: null }),
    );
    if (fromDiary) {
      const diaryId = uuidFrom(rng);
      incidents[incidents.length - 1].diary_id = diaryId;
      const head = headOf.get(grid.id);
      diaries.push({ id: diaryId, author_id: head?.id ?? grid.id, author_name: head ? `${head.name}（${grid.name}网格长）` : `${grid.name}网格长`, grid_id: grid.id, grid_path: grid.path, date: day, route: `${rng.int(1, 5)}-${rng.int(6, 12)}号楼`, households_visited: rng.int(3, 20), incident_ids: [id] });
    }
  }
  // Recurring places and a seasonal rise, as real streets have (issue 26; its own random stream).
  const hotspotRng = createRng('office-demo-hotspots');
  plantHotspotHistory(incidents, l3, { now, categories: DEFAULT_CATEGORIES, pointIn: (g) => pointInGrid(g, hotspotRng), random: () => hotspotRng.next() });

  await ds.transaction(async (m) => {
    for (const chunk of chunks(incidents, 500)) {
      await m.query(
        `INSERT INTO office.incidents (id, code, title, description, key_area, category, state, suspended_from, source, source_ref, grid_id, grid_path, location,
           unit, department_id, lead_unit, lead_department_id, rework_count, closure_type, responsible_party, resolution_level, on_time, result,
           escalated_ever, handled_ever, suspensions, stats_day, reported_at, registered_at, dispatched_at, handled_at, closed_at, supervised_at,
           deadline, yellow_at, diary_id, reporter_name)
         SELECT r.id, r.code, r.title, r.description, r.key_area, r.category, r.state, r.suspended_from, r.source, r.source_ref, r.grid_id, r.grid_path::ltree,
           ST_SetSRID(ST_MakePoint(r.lng, r.lat), 4326)::geography, r.unit, r.department_id, r.lead_unit, r.lead_department_id, r.rework_count,
           r.closure_type, r.responsible_party, r.resolution_level, r.on_time, r.result, r.escalated_ever, r.handled_ever, r.suspensions,
           r.stats_day, r.reported_at, r.registered_at, r.dispatched_at, r.handled_at, r.closed_at, r.supervised_at, r.deadline, r.yellow_at,
           r.diary_id, r.reporter_name
         FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, code text, title text, description text, key_area text, category text, state text,
           suspended_from text, source text, source_ref text, grid_id uuid, grid_path text, lng float8, lat float8, unit text, department_id uuid,
           lead_unit text, lead_department_id uuid, rework_count int, closure_type text, responsible_party text, resolution_level text, on_time boolean,
           result text, escalated_ever boolean, handled_ever boolean, suspensions jsonb, stats_day date, reported_at timestamptz,
           registered_at timestamptz, dispatched_at timestamptz, handled_at timestamptz, closed_at timestamptz, supervised_at timestamptz,
           deadline timestamptz, yellow_at timestamptz, diary_id uuid, reporter_name text)`,
        [JSON.stringify(chunk)],
      );
    }
    for (const chunk of chunks(history, 2000)) {
      await m.query(
        `INSERT INTO office.incident_history (incident_id, seq, action, from_state, to_state, by_role, at, note)
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(incident_id uuid, seq int, action text, from_state text, to_state text, by_role text, at timestamptz, note text)`,
        [JSON.stringify(chunk)],
      );
    }
    for (const chunk of chunks(diaries, 1000)) {
      await m.query(
        `INSERT INTO office.diaries (id, author_id, author_name, grid_id, grid_path, community_path, street_path, date, route, households_visited, incident_ids)
         SELECT r.id, r.author_id, r.author_name, r.grid_id, r.grid_path::ltree, subpath(r.grid_path::ltree, 0, 4), subpath(r.grid_path::ltree, 0, 3), r.date, r.route, r.households_visited, r.incident_ids
         FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, author_id text, author_name text, grid_id uuid, grid_path text, date date, route text, households_visited int, incident_ids uuid[])`,
        [JSON.stringify(chunk)],
      );
    }
    // Live intake continues each street-day's sequence after the seeded codes.
    for (const [k, last] of seqs) {
      const [streetPath, day] = k.split('|');
      await m.query(`INSERT INTO office.incident_code_seq (street_path, day, last) VALUES (subpath($1::ltree, nlevel($1::ltree) - 1), $2, $3) ON CONFLICT (street_path, day) DO UPDATE SET last = GREATEST(office.incident_code_seq.last, EXCLUDED.last)`, [streetPath, day, last]);
    }
    await new StatsRepository(ds).recount(m);
    await rebuildHotspotCounters(m);
  });
}

interface Life {
  /** 0 reported, 1 registered/rejected, 2 dispatched/escalated, 3 accepted, 4 handled, 5 verified, 6 closed */
  stage: number;
  rejected: boolean;
  escalate: boolean;
  suspended: boolean;
  reworks: number;
  closure: ClosureType;
  level: ResolutionLevel;
}

/** Older incidents are mostly closed (~98% as in the Qinling Road ledger); recent ones spread across the workflow. */
function planLife(rng: Rng, ageDays: number): Life {
  const closedShare = ageDays > 14 ? 0.975 : ageDays > 3 ? 0.75 : 0.3;
  const stage = rng.chance(closedShare) ? 6 : rng.weightedPick([0, 1, 2, 3, 4, 5], [1, 1, 2, 3, 2, 1]);
  return {
    stage,
    rejected: rng.chance(0.02),
    escalate: rng.chance(0.035),
    suspended: rng.chance(0.2),
    reworks: rng.chance(0.06) ? rng.int(1, 2) : 0,
    closure: rng.weightedPick([ClosureType.Fixed, ClosureType.ClosedNotFixed, ClosureType.NotResponsible, ClosureType.Referred], [96, 1.5, 1.5, 1]),
    level: rng.weightedPick([ResolutionLevel.Grid, ResolutionLevel.Community, ResolutionLevel.Street], [4, 82, 14]),
  };
}

function pickSource(rng: Rng): IncidentSource {
  return rng.weightedPick(
    [IncidentSource.GridPatrol, IncidentSource.Volunteer, IncidentSource.Camera, IncidentSource.Hotline12345, IncidentSource.CityManagementHotline, IncidentSource.MayorHotline, IncidentSource.DistrictPlatform],
    [50, 10, 8, 18, 6, 3, 5],
  );
}

function roleFor(action: string): string {
  if (action === 'report') return 'grid_worker';
  if (['accept', 'handle'].includes(action)) return 'unit_member';
  if (['verify', 'rework'].includes(action)) return 'grid_worker';
  return 'street_commander';
}

function uuidFrom(rng: Rng): string {
  const hex = Array.from({ length: 32 }, () => rng.int(0, 15).toString(16));
  hex[12] = '4';
  hex[16] = ((rng.int(0, 15) & 0x3) | 0x8).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

function* chunks<T>(items: T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
