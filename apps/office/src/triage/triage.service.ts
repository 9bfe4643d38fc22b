import { Injectable, Logger } from '@nestjs/common';
import {
  Actor,
  DispatchRuleView,
  IncidentView,
  ListDepartments,
  ListDispatchRules,
  OfficeErrorCode,
  ReclassifyIncident,
  Role,
  SetDispatchRule,
  SuggestDispatch,
  SuggestedDepartment,
  SYSTEM_ACTOR,
  UNIT_LABELS,
} from '@grid122/contracts';
import { AppError, RpcClient } from '@grid122/messaging';
import { isWithinScope } from '@grid122/access';
import { transactionWithRetry } from '@grid122/persistence';
import { DataSource } from 'typeorm';
import { CategoryDefinition } from '../category/category.defaults';
import { OfficeEnv } from '../config/office.env';
import { IncidentClockService } from '../incident/incident-clock.service';
import { IncidentRepository } from '../incident/incident.repository';
import { IncidentQueryService } from '../incident/incident-query.service';
import { IncidentEventBuilder } from '../incident/incident-events';
import { doerOf, visibleOr404 } from '../incident/incident-access';
import { DispatchRuleRepository, DispatchRuleRow } from './dispatch-rule.repository';
import { KEY_AREA_UNIT } from './dispatch-rules.defaults';
import { Reclassifier } from './reclassifier';

const EDITORS: readonly Role[] = [Role.Admin, Role.StreetCommander];

/**
 * The centre's triage (筛选分类): later corrections of key area and category, and the dispatch
 * rules that suggest, per category, the unit and the departments to send.
 */
@Injectable()
export class TriageService {
  private readonly logger = new Logger(TriageService.name);

  constructor(
    private readonly ds: DataSource,
    private readonly repo: IncidentRepository,
    private readonly queries: IncidentQueryService,
    private readonly events: IncidentEventBuilder,
    private readonly reclassifier: Reclassifier,
    private readonly rules: DispatchRuleRepository,
    private readonly clock: IncidentClockService,
    private readonly rpc: RpcClient,
    private readonly env: OfficeEnv,
  ) {}

  /** 改类: the commander corrects an incident's key area and category, with a reason, in any state but a follower's. */
  async reclassify(actor: Actor, req: ReclassifyIncident.Request): Promise<IncidentView> {
    if (!EDITORS.includes(actor.role)) throw AppError.forbidden(`Role ${actor.role} may not reclassify incidents`);
    await transactionWithRetry(this.ds, async (m) => {
      const row = visibleOr404(actor, await this.repo.lock(m, req.incidentId), req.incidentId);
      const doer = doerOf(actor);
      await this.reclassifier.classifyIn(m, row, req, req.reason, doer, (u, extra) => this.events.eventData(u, row.state, doer, extra));
    });
    return this.queries.get(actor, { id: req.incidentId });
  }

  async list(): Promise<ListDispatchRules.Reply> {
    const [cats, rows] = await Promise.all([this.clock.categories(), this.rules.all()]);
    const byCategory = new Map(rows.map((r) => [r.category, r]));
    return { items: [...cats.values()].map((c) => this.view(c, byCategory.get(c.code))) };
  }

  async set(actor: Actor, req: SetDispatchRule.Request): Promise<DispatchRuleView> {
    if (!EDITORS.includes(actor.role)) throw AppError.forbidden(`Role ${actor.role} may not change dispatch rules`);
    const category = await this.clock.category(req.category);
    if (!category) throw new AppError(OfficeErrorCode.CategoryInvalid, `Unknown category "${req.category}" (see GET /api/v1/categories)`, { field: 'category' });
    const codes = [...new Set(req.departmentCodes)];
    const row = await this.rules.set(category.code, req.unit ?? null, codes, actor.displayName ?? actor.username);
    return this.view(category, row);
  }

  /** The rule of the incident's category, its departments resolved in the incident's district. */
  async suggest(actor: Actor, req: SuggestDispatch.Request): Promise<SuggestDispatch.Reply> {
    const incident = await this.queries.get(actor, { id: req.incidentId });
    const category = await this.clock.category(incident.category);
    const rule = this.view(category!, await this.rules.get(incident.category));
    return { ...rule, incidentId: incident.id, departments: await this.resolve(rule.departmentCodes, incident.gridPath) };
  }

  private view(c: CategoryDefinition, r: DispatchRuleRow | undefined): DispatchRuleView {
    const unit = r ? r.unit : KEY_AREA_UNIT[c.keyArea];
    return {
      category: c.code,
      categoryName: c.name,
      keyArea: c.keyArea,
      unit,
      unitLabel: unit ? UNIT_LABELS[unit] : null,
      departmentCodes: r?.department_codes ?? [],
      origin: r?.edited ? 'edited' : 'default',
      updatedAt: r?.edited ? new Date(r.updated_at).toISOString() : null,
      updatedBy: r?.edited ? r.updated_by : null,
    };
  }

  /** Department codes → the departments of the district the place belongs to (registry); ids null when it cannot say. */
  private async resolve(codes: string[], gridPath: string): Promise<SuggestedDepartment[]> {
    if (codes.length === 0) return [];
    try {
      const reply = await this.rpc.request<ListDepartments.Reply>('grid-registry', ListDepartments.subject, { limit: 500 }, { timeoutMs: this.env.OFFICE_LOCATE_TIMEOUT_MS, actor: SYSTEM_ACTOR });
      const mine = reply.items.filter((d) => isWithinScope(gridPath, d.districtPath));
      return codes.map((code) => {
        const d = mine.find((x) => x.code === code);
        return { code, id: d?.id ?? null, name: d?.name ?? null };
      });
    } catch (e) {
      this.logger.warn(`departments of ${gridPath} not resolved: ${(e as Error).message}`);
      return codes.map((code) => ({ code, id: null, name: null }));
    }
  }
}
