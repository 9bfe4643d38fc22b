import { Injectable, OnModuleInit } from '@nestjs/common';
import { Actor, AppraisalErrorCode, CommonErrorCode, CreatePlanVersion, GetPlanVersion, ListPlans, PlanVersionView, Role, SetGridGrade } from '@grid122/contracts';
import { AppError } from '@grid122/messaging';
import { isWithinScope } from '@grid122/access';
import { DataSource } from 'typeorm';
import { AppraisalEnv } from '../config/appraisal.env';
import { currentMonth } from '../common/month';
import { DEFAULT_PLANS, DEFAULT_VALID_FROM, SUPERVISION_PLANS } from './default-plans';
import { PlanRepository, PlanRow } from './plan.repository';
import { activityPoints, validatePlan } from './rule-engine';

/** Score plans: versioned, append-only, refused when they reward activity over outcomes. */
@Injectable()
export class PlanService implements OnModuleInit {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: PlanRepository,
    private readonly env: AppraisalEnv,
  ) {}

  /** The default plans A/B/C exist in every database (version 1, valid since 2020-01). */
  async onModuleInit(): Promise<void> {
    await this.ensureDefaults();
  }

  async ensureDefaults(): Promise<void> {
    const fresh = (await this.repo.countAll()) === 0;
    await this.ds.transaction(async (m) => {
      if (fresh) for (const p of DEFAULT_PLANS) if (!(await this.repo.existsFrom(m, p.grade, p.validFrom))) await this.repo.insertVersion(m, p, 'system');
      // Version 2 (督查, issue 25) joins every database that has the default grade's version 1 and no version of its own from that month.
      for (const p of SUPERVISION_PLANS) {
        if ((await this.repo.existsFrom(m, p.grade, DEFAULT_VALID_FROM)) && !(await this.repo.existsFrom(m, p.grade, p.validFrom))) await this.repo.insertVersion(m, p, 'system');
      }
    });
  }

  async create(actor: Actor, req: CreatePlanVersion.Request): Promise<CreatePlanVersion.Reply> {
    if (actor.role !== Role.Admin && actor.role !== Role.StreetCommander) throw AppError.forbidden('Only the street command centre or an admin sets score plans');
    validatePlan(req, this.env.APPRAISAL_ACTIVITY_CAP);
    const now = currentMonth();
    if (req.validFrom < now) {
      throw new AppError(AppraisalErrorCode.PlanRetroactive, `validFrom ${req.validFrom} is in the past: a plan version applies from the current month (${now}) on, so scored months keep their rules`, { validFrom: req.validFrom, earliest: now });
    }
    const id = await this.ds.transaction(async (m) => {
      if (await this.repo.existsFrom(m, req.grade, req.validFrom)) {
        throw new AppError(CommonErrorCode.Conflict, `Grade ${req.grade} already has a plan version from ${req.validFrom}; choose another month`, { grade: req.grade, validFrom: req.validFrom });
      }
      return this.repo.insertVersion(m, req, actor.username);
    });
    return toView((await this.repo.byId(id))!);
  }

  async list(req: ListPlans.Request): Promise<ListPlans.Reply> {
    const rows = await this.repo.all(req.grade);
    const now = currentMonth();
    const grades = [...new Set(rows.map((r) => r.grade))];
    return {
      activityCap: this.env.APPRAISAL_ACTIVITY_CAP,
      plans: grades.map((grade) => {
        const versions = rows.filter((r) => r.grade === grade).map(toView);
        const current = versions.find((v) => v.validFrom <= now && (v.validUntil === null || v.validUntil > now)) ?? null;
        return { grade, current, versions };
      }),
    };
  }

  async get(req: GetPlanVersion.Request): Promise<GetPlanVersion.Reply> {
    const rows = await this.repo.all(req.grade);
    const month = req.month ?? currentMonth();
    const row = req.version !== undefined ? rows.find((r) => r.version === req.version) : rows.find((r) => r.validFrom <= month && (r.validUntil === null || r.validUntil > month));
    if (!row) throw new AppError(AppraisalErrorCode.PlanNotFound, `No plan for grade ${req.grade}${req.version ? ` version ${req.version}` : ` in force in ${month}`}`, { grade: req.grade });
    return toView(row);
  }

  async setGridGrade(actor: Actor, req: SetGridGrade.Request): Promise<SetGridGrade.Reply> {
    if (actor.role !== Role.Admin && actor.role !== Role.StreetCommander) throw AppError.forbidden();
    if (!isWithinScope(req.gridPath, actor.scope ?? '')) throw AppError.forbidden(`Grid ${req.gridPath} is outside your scope`);
    return this.repo.setGridGrade(req.gridPath, req.grade, req.name ?? null);
  }
}

export function toView(r: PlanRow): PlanVersionView {
  return {
    id: r.id,
    grade: r.grade,
    version: r.version,
    validFrom: r.validFrom,
    validUntil: r.validUntil,
    name: r.name,
    note: r.note,
    rules: r.rules,
    satisfaction: r.satisfaction,
    tiers: r.tiers,
    excellentMin: r.excellentMin,
    activityPoints: activityPoints(r.rules),
    createdAt: r.createdAt,
    createdBy: r.createdBy,
  };
}
