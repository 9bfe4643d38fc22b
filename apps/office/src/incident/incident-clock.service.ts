import { Injectable, Logger } from '@nestjs/common';
import { IncidentState, KEY_AREA_LABELS, KeyArea, ListCategories, TRAFFIC_LIGHT_LABELS, TrafficLight } from '@grid122/contracts';
import { DataSource } from 'typeorm';
import { CategoryDefinition } from '../category/category.defaults';
import { categoryTableProblems } from '../category/category-table';
import { IncidentClock, IncidentClockInput, IncidentClockReading } from '../clock/incident-clock';
import { closedOnTime } from '../clock/on-time';
import { formatTimeLimit, TimeLimit } from '../clock/time-limit';
import { WorkCalendar } from '../clock/work-calendar';
import { OfficeEnv } from '../config/office.env';
import { ACTIVE_STATES } from './incident-state-machine';
import { IncidentRow } from './incident.row';

const CACHE_MS = 30_000;

/**
 * The category table (from office.categories, seeded from the defaults and editable in SQL) and
 * the incident clock over the configured work calendar.
 */
@Injectable()
export class IncidentClockService {
  readonly calendar: WorkCalendar;
  private readonly clock: IncidentClock;
  private readonly logger = new Logger(IncidentClockService.name);
  /** Years already warned about (once per year and process, not once per deadline). */
  private readonly warnedYears = new Set<string>();
  private cache?: { at: number; byCode: Map<string, CategoryDefinition> };

  constructor(
    private readonly ds: DataSource,
    env: OfficeEnv,
  ) {
    this.calendar = env.workCalendar();
    this.clock = new IncidentClock(this.calendar);
    // This year and the next are the ones deadlines fall in: say loudly when their holidays are unknown.
    const now = new Date();
    this.checkCoverage(now);
    this.checkCoverage(new Date(now.getTime() + 366 * 86_400_000));
  }

  /**
   * Warns (once per year) when a deadline or a boot date falls in a year whose holidays are not
   * loaded (deadlines then ignore 春节 and 国庆) or are only provisional.
   */
  checkCoverage(at: Date): void {
    const coverage = this.calendar.coverage(at);
    if (coverage === 'published') return;
    const year = this.calendar.localDate(at).slice(0, 4);
    if (this.warnedYears.has(year)) return;
    this.warnedYears.add(year);
    if (coverage === 'missing') {
      this.logger.warn(
        `WORK CALENDAR: the holidays of ${year} are NOT loaded; deadlines in ${year} count 春节, 国庆 and other holidays as working days and will be wrong. Add ${year} to apps/office/src/clock/china-holidays.ts or OFFICE_WORK_CALENDAR.`,
      );
    } else {
      this.logger.warn(`WORK CALENDAR: the holidays of ${year} are provisional (derived from the rules, not the State Council notice); check apps/office/src/clock/china-holidays.ts against the notice.`);
    }
  }

  async categories(): Promise<Map<string, CategoryDefinition>> {
    if (this.cache && Date.now() - this.cache.at < CACHE_MS) return this.cache.byCode;
    const rows: { code: string; name: string; key_area: KeyArea; register_dispatch_limit: TimeLimit; dispose_limit: TimeLimit; stages: CategoryDefinition['stages'] | null }[] =
      await this.ds.query(`SELECT code, name, key_area, register_dispatch_limit, dispose_limit, stages FROM office.categories WHERE active ORDER BY sort, code`);
    const defs: CategoryDefinition[] = rows.map((r) => ({
      code: r.code,
      name: r.name,
      keyArea: r.key_area,
      limits: { registerDispatch: r.register_dispatch_limit, dispose: r.dispose_limit },
      ...(r.stages ? { stages: r.stages } : {}),
    }));
    const problems = categoryTableProblems(defs);
    if (problems.length > 0) throw new Error(`office.categories is invalid: ${problems.join('; ')}`);
    this.cache = { at: Date.now(), byCode: new Map(defs.map((d) => [d.code, d])) };
    return this.cache.byCode;
  }

  async category(code: string): Promise<CategoryDefinition | undefined> {
    return (await this.categories()).get(code);
  }

  async listCategories(): Promise<ListCategories.Reply> {
    const limit = (l: TimeLimit): ListCategories.Limit => ({ value: l.value, unit: l.unit, label: formatTimeLimit(l) });
    return {
      items: [...(await this.categories()).values()].map((c) => ({
        code: c.code,
        name: c.name,
        keyArea: c.keyArea,
        keyAreaLabel: KEY_AREA_LABELS[c.keyArea],
        limits: { registerDispatch: limit(c.limits.registerDispatch), dispose: limit(c.limits.dispose) },
        stages: c.stages ? c.stages.map((s) => ({ code: s.code, name: s.name, limit: limit(s.limit) })) : null,
      })),
    };
  }

  /**
   * The clock of an incident: before its first dispatch the register+dispatch limit from the
   * report; from then on the disposal limit from the first dispatch. It stops when the result is
   * fed back (处置反馈) or at closure; suspensions stop it; extensions add to it.
   */
  input(row: Pick<IncidentRow, 'state' | 'reported_at' | 'dispatched_at' | 'handled_at' | 'closed_at' | 'suspensions' | 'extensions'>, category: CategoryDefinition): {
    phase: 'register_dispatch' | 'dispose';
    limit: TimeLimit;
    input: IncidentClockInput;
  } | null {
    if (row.state === IncidentState.Rejected || row.state === IncidentState.Duplicate) return null;
    const phase = row.dispatched_at ? 'dispose' : 'register_dispatch';
    const limit = phase === 'dispose' ? category.limits.dispose : category.limits.registerDispatch;
    const startedAt = new Date(row.dispatched_at ?? row.reported_at);
    const stop =
      row.state === IncidentState.Handled || row.state === IncidentState.Verified
        ? row.handled_at
        : row.state === IncidentState.Closed
          ? (row.handled_at ?? row.closed_at)
          : null;
    return {
      phase,
      limit,
      input: {
        startedAt,
        limit,
        suspensions: row.suspensions.map((s) => ({ from: new Date(s.from), to: s.to ? new Date(s.to) : null })),
        extensions: row.extensions.filter((e) => e.phase === phase).map((e) => ({ value: e.value, unit: e.unit, approvedAt: new Date(e.approvedAt) })),
        closedAt: stop ? new Date(Math.max(new Date(stop).getTime(), startedAt.getTime())) : null,
      },
    };
  }

  /** 按期结案, by the one rule (closedOnTime, docs/metrics.md); null for rejected and duplicate cases. */
  onTime(row: Parameters<IncidentClockService['input']>[0], category: CategoryDefinition, closedAt: Date): boolean | null {
    if (row.state === IncidentState.Rejected || row.state === IncidentState.Duplicate) return null;
    return closedOnTime(this.clock, {
      reportedAt: new Date(row.reported_at),
      dispatchedAt: row.dispatched_at ? new Date(row.dispatched_at) : null,
      handledAt: row.handled_at ? new Date(row.handled_at) : null,
      closedAt,
      limits: category.limits,
      suspensions: row.suspensions.map((s) => ({ from: new Date(s.from), to: s.to ? new Date(s.to) : null })),
      extensions: row.extensions.map((e) => ({ value: e.value, unit: e.unit, approvedAt: new Date(e.approvedAt), phase: e.phase })),
    });
  }

  read(input: IncidentClockInput, now: Date): IncidentClockReading {
    return this.clock.read(input, now);
  }

  /**
   * The deadline and the moment the light turns yellow, stored on the row so the overdue list,
   * the light filter and the sweep are index lookups. Null while suspended (the clock stands).
   */
  columns(row: Parameters<IncidentClockService['input']>[0], category: CategoryDefinition, now: Date): { deadline: Date | null; yellow_at: Date | null } {
    const c = this.input(row, category);
    if (!c || row.state === IncidentState.Suspended) return { deadline: null, yellow_at: null };
    const r = this.clock.read(c.input, now);
    // Held by the district: the street's clock stands. A case that was already late when it went up
    // keeps its (past) deadline, so it stays in the overdue list and red light it shows; one that
    // was not late has none (its projected deadline would move with the clock standing).
    if (row.state === IncidentState.Escalated) return { deadline: r.overdue ? r.deadline : null, yellow_at: null };
    if (r.deadline) this.checkCoverage(r.deadline);
    if (!ACTIVE_STATES.includes(row.state)) return { deadline: r.deadline, yellow_at: null };
    const untilYellow = r.remainingMinutes - 0.2 * r.limitMinutes;
    const yellowAt =
      untilYellow <= 0 ? now : r.scale === 'working' ? this.calendar.addWorkingTime(now, untilYellow) : new Date(now.getTime() + untilYellow * 60_000);
    return { deadline: r.deadline, yellow_at: yellowAt };
  }

  static lightLabel(light: TrafficLight) {
    return TRAFFIC_LIGHT_LABELS[light];
  }
}
