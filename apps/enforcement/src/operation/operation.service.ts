import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import {
  AcknowledgeJointOperation,
  Actor,
  CreateJointOperation,
  ENFORCEMENT_CATEGORY_LABELS,
  EnforcementErrorCode,
  EnforcementEvents,
  GetJointOperation,
  JOINT_OPERATION_STATUS_LABELS,
  JointOperationDetail,
  JointOperationRollup,
  JointOperationStatus,
  JointOperationView,
  ListJointOperations,
  OperationUnacknowledgedData,
  RecordJointOperationResult,
  Role,
} from '@grid122/contracts';
import { rowIso, rowPoint } from '@grid122/persistence';
import { AppError, OutboxWriter } from '@grid122/messaging';
import { isWithinScope } from '@grid122/access';
import { DataSource, EntityManager } from 'typeorm';
import { CaseRepository } from '../case/case.repository';
import { CaseIntakeService } from '../case/case-intake.service';
import { EnforcementEnv } from '../config/enforcement.env';
import { assertRead, assertWrite, liaisonDepartment, scopeFor } from '../shared/access';
import { requireTwoOfficers } from '../shared/officers';
import { OperationDepartmentRow, OperationRepository, OperationRow, OperationTargetRow, RecordedTarget } from './operation.repository';

const EMPTY_ROLLUP: JointOperationRollup = { targets: 0, placesInspected: 0, violationsFound: 0, noticesIssued: 0, penalties: 0, penaltyAmount: 0, areaDemolishedM2: 0 };

export function operationStatus(o: { starts_at: Date; ends_at: Date }, now: Date): JointOperationStatus {
  if (now < new Date(o.starts_at)) return JointOperationStatus.Planned;
  if (now > new Date(o.ends_at)) return JointOperationStatus.Finished;
  return JointOperationStatus.Active;
}

/** A department that had not acknowledged the call-up by the operation's start (调令未确认). */
export function unacknowledgedAtStart(d: { acknowledged_at: Date | null }, startsAt: Date, now: Date): boolean {
  if (now < new Date(startsAt)) return false;
  return d.acknowledged_at === null || new Date(d.acknowledged_at) > new Date(startsAt);
}

/**
 * Joint operations (联合执法): a campaign with a lead unit, member departments and their people,
 * targets and a time window; members acknowledge the call-up; results per target roll up. A
 * sweeper flags each started operation with unacknowledged departments to the commander once
 * (event `enforcement.operation.unacknowledged`, for the live feed).
 */
@Injectable()
export class OperationService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OperationService.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly ds: DataSource,
    private readonly ops: OperationRepository,
    private readonly cases: CaseRepository,
    private readonly caseIntake: CaseIntakeService,
    private readonly outbox: OutboxWriter,
    private readonly env: EnforcementEnv,
  ) {}

  onApplicationBootstrap(): void {
    const every = this.env.ENFORCEMENT_UNACK_SWEEP_MS;
    if (every > 0) {
      this.timer = setInterval(() => void this.flagUnacknowledged().catch((e) => this.logger.warn(`unacknowledged sweep failed: ${(e as Error).message}`)), every);
      this.timer.unref();
    }
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async create(actor: Actor, req: CreateJointOperation.Request): Promise<JointOperationDetail> {
    assertWrite(actor);
    const startsAt = new Date(req.startsAt);
    const endsAt = new Date(req.endsAt);
    if (!(endsAt > startsAt)) throw new AppError(EnforcementErrorCode.InvalidDate, 'endsAt must be after startsAt', { field: 'endsAt' });
    const gridPath = req.gridPath ?? actor.scope;
    if (!gridPath) throw new AppError(EnforcementErrorCode.GridPathRequired, 'Give the gridPath the operation covers', { field: 'gridPath' });
    if (!isWithinScope(gridPath, actor.scope ?? '')) throw AppError.forbidden(`Grid ${gridPath} is outside your scope ${actor.scope}`);
    const ids = new Set<string>();
    for (const [i, d] of req.departments.entries()) {
      if (ids.has(d.departmentId)) throw AppError.validation([{ field: `departments.${i}.departmentId`, messages: ['a department is listed twice'] }]);
      ids.add(d.departmentId);
    }
    for (const [i, t] of req.targets.entries()) {
      if (!t.caseId && !t.placeName) throw AppError.validation([{ field: `targets.${i}`, messages: ['a target is a caseId or a placeName'] }]);
    }
    const id = await this.ds.transaction(async (m) => {
      const ref = await this.ops.nextRef(m);
      const opId = await this.ops.insert(m, { ref, name: req.name, description: req.description ?? null, leadUnit: req.leadUnit, commanderId: actor.id, commanderName: actor.displayName ?? actor.username, gridPath, startsAt, endsAt });
      for (const d of req.departments) await this.ops.insertDepartment(m, opId, { departmentId: d.departmentId, code: d.code, name: d.name, people: d.people.map((p) => ({ name: p.name, badgeNo: p.badgeNo ?? null, departmentId: d.departmentId })) });
      for (const [i, t] of req.targets.entries()) {
        let targetPath = t.gridPath ?? null;
        if (t.caseId) {
          const c = await this.cases.findVisible(m, t.caseId, scopeFor(actor), null);
          if (!c) throw new AppError(EnforcementErrorCode.CaseNotFound, `Enforcement case ${t.caseId} not found`, { field: `targets.${i}.caseId` });
          targetPath = targetPath ?? c.grid_path;
        }
        if (targetPath && !isWithinScope(targetPath, gridPath)) throw AppError.validation([{ field: `targets.${i}.gridPath`, messages: [`target is outside the operation's area ${gridPath}`] }]);
        await this.ops.insertTarget(m, opId, i, { caseId: t.caseId ?? null, placeName: t.placeName ?? null, address: t.address ?? null, gridPath: targetPath, location: t.location ?? null });
      }
      await this.outbox.add(m, {
        type: EnforcementEvents.OperationCreated,
        gridPath,
        actorId: actor.id,
        data: { operationId: opId, ref, name: req.name, startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString(), departments: req.departments.map((d) => ({ departmentId: d.departmentId, name: d.name })) },
      });
      return opId;
    });
    return this.detail(actor, id);
  }

  async get(actor: Actor, req: GetJointOperation.Request): Promise<JointOperationDetail> {
    assertRead(actor);
    return this.detail(actor, req.id);
  }

  async list(actor: Actor, req: ListJointOperations.Request): Promise<{ items: JointOperationView[] }> {
    assertRead(actor);
    const now = new Date();
    const rows = await this.ops.list({ scope: scopeFor(actor), liaisonDepartment: liaisonDepartment(actor), status: req.status, now, limit: req.limit ?? 50 });
    return { items: await this.views(rows, now) };
  }

  /** Operations overlapping a period, with their roll-ups (for the figures). */
  async rollupsFor(actor: Actor, scope: string, from?: string, to?: string) {
    const rows = await this.ops.list({ scope, liaisonDepartment: liaisonDepartment(actor), now: new Date(), limit: 200, from, to });
    const rollups = await this.ops.rollups(this.ds, rows.map((r) => r.id));
    return rows.map((o) => ({ id: o.id, ref: o.ref, name: o.name, startsAt: rowIso(o.starts_at)!, endsAt: rowIso(o.ends_at)!, rollup: rollups.get(o.id) ?? EMPTY_ROLLUP }));
  }

  async acknowledge(actor: Actor, req: AcknowledgeJointOperation.Request): Promise<JointOperationDetail> {
    const isLiaison = actor.role === Role.DepartmentLiaison;
    if (!isLiaison) assertWrite(actor);
    const departmentId = isLiaison ? actor.departmentId : req.departmentId;
    if (!departmentId) throw AppError.validation([{ field: 'departmentId', messages: ['departmentId is required unless you are the department liaison'] }]);
    if (isLiaison && req.departmentId && req.departmentId !== actor.departmentId) throw AppError.forbidden('A liaison acknowledges for their own department only');
    await this.ds.transaction(async (m) => {
      const op = await this.ops.findVisible(m, req.operationId, scopeFor(actor), liaisonDepartment(actor), true);
      if (!op) throw new AppError(EnforcementErrorCode.OperationNotFound, `Joint operation ${req.operationId} not found`, { id: req.operationId });
      if (!(await this.ops.isParticipant(m, op.id, departmentId))) throw new AppError(EnforcementErrorCode.NotAParticipant, `Department ${departmentId} is not called up to this operation`, { field: 'departmentId' });
      await this.ops.acknowledge(m, op.id, departmentId, actor.id, actor.displayName ?? actor.username);
    });
    return this.detail(actor, req.operationId);
  }

  async recordResult(actor: Actor, req: RecordJointOperationResult.Request): Promise<JointOperationDetail> {
    assertWrite(actor);
    const officers = requireTwoOfficers(req.officers, 'operation result');
    await this.ds.transaction(async (m) => {
      const op = await this.ops.findVisible(m, req.operationId, scopeFor(actor), null, true);
      if (!op) throw new AppError(EnforcementErrorCode.OperationNotFound, `Joint operation ${req.operationId} not found`, { id: req.operationId });
      if (new Date() < new Date(op.starts_at)) throw AppError.illegalTransition('joint operation', JointOperationStatus.Planned, 'record a result');
      const target = await this.ops.recordResult(m, op.id, req.targetId, {
        inspected: req.inspected,
        violationFound: req.violationFound,
        noticesIssued: req.noticesIssued ?? 0,
        penaltyAmount: req.penaltyAmount ?? 0,
        demolishedAreaM2: req.demolishedAreaM2 ?? 0,
        note: req.note ?? null,
        officers,
        byId: actor.id,
      });
      if (!target) throw new AppError(EnforcementErrorCode.TargetNotFound, `Target ${req.targetId} is not on this operation`, { field: 'targetId' });
      let foundCaseId = target.found_case_id;
      if (req.violationFound && !target.case_id && !foundCaseId) foundCaseId = await this.openFoundCase(m, actor, op, target, req);
      await this.outbox.add(m, {
        type: EnforcementEvents.OperationResultRecorded,
        gridPath: op.grid_path,
        actorId: actor.id,
        data: { operationId: op.id, targetId: req.targetId, inspected: req.inspected, violationFound: req.violationFound, noticesIssued: req.noticesIssued ?? 0, penaltyAmount: req.penaltyAmount ?? 0, demolishedAreaM2: req.demolishedAreaM2 ?? 0, caseId: target.case_id ?? foundCaseId },
      });
    });
    return this.detail(actor, req.operationId);
  }

  /**
   * A violation found at a place (not an existing case) is a new problem: the team opens a case for
   * it (origin 'operation', 联合执法发现) in the result's transaction, and that case reaches the
   * office's key-area ledger by the finding event, once (one case per target), linked to the case.
   */
  private async openFoundCase(m: EntityManager, actor: Actor, op: OperationRow, t: RecordedTarget, req: RecordJointOperationResult.Request): Promise<string> {
    if (!req.category) throw AppError.validation([{ field: 'category', messages: ['category (one of the 13 enforcement categories) is required when a violation is found at a place target: it opens a case'] }]);
    const place = t.place_name ?? t.address ?? op.name;
    const { caseId } = await this.caseIntake.openIn(m, actor, {
      origin: 'operation',
      title: req.title ?? `${place}：${ENFORCEMENT_CATEGORY_LABELS[req.category].zh}`,
      description: req.note ? `${op.name}（${op.ref}）联合检查发现：${req.note}` : `${op.name}（${op.ref}）联合检查发现${ENFORCEMENT_CATEGORY_LABELS[req.category].zh}`,
      category: req.category,
      gridPath: t.grid_path ?? op.grid_path,
      gridId: null,
      address: t.address ?? t.place_name,
      location: rowPoint(t.lng, t.lat),
      subject: null,
      foundAt: new Date(),
      operation: { id: op.id, ref: op.ref, name: op.name, targetId: t.id },
    });
    await this.ops.setFoundCase(m, t.id, caseId);
    return caseId;
  }

  /** Flags each started operation once, emitting the unacknowledged departments to the commander. */
  async flagUnacknowledged(now = new Date()): Promise<number> {
    return this.ds.transaction(async (m) => {
      const started = await this.ops.claimStartedUnflagged(m, now);
      let flagged = 0;
      const deps = await this.ops.departments(m, started.map((o) => o.id));
      for (const o of started) {
        const missing = deps.filter((d) => d.operation_id === o.id && unacknowledgedAtStart(d, o.starts_at, now));
        if (missing.length) {
          const data: OperationUnacknowledgedData = {
            operationId: o.id,
            operationRef: o.ref,
            name: o.name,
            startsAt: rowIso(o.starts_at)!,
            commanderId: o.commander_id,
            departments: missing.map((d) => ({ departmentId: d.department_id, departmentName: d.department_name })),
          };
          await this.outbox.add(m, { type: EnforcementEvents.OperationUnacknowledged, gridPath: o.grid_path, data });
          flagged++;
        }
        await this.ops.markFlagged(m, o.id);
      }
      return flagged;
    });
  }

  private async detail(actor: Actor, id: string): Promise<JointOperationDetail> {
    const op = await this.ops.findVisible(this.ds, id, scopeFor(actor), liaisonDepartment(actor));
    if (!op) throw new AppError(EnforcementErrorCode.OperationNotFound, `Joint operation ${id} not found`, { id });
    const now = new Date();
    const [view] = await this.views([op], now);
    const [deps, targets] = await Promise.all([this.ops.departments(this.ds, [id]), this.ops.targets(this.ds, id)]);
    return { ...view, departments: deps.map((d) => this.departmentView(d, op, now)), targets: targets.map(toTargetView) };
  }

  private async views(rows: OperationRow[], now: Date): Promise<JointOperationView[]> {
    const ids = rows.map((r) => r.id);
    const [rollups, deps] = await Promise.all([this.ops.rollups(this.ds, ids), this.ops.departments(this.ds, ids)]);
    return rows.map((o) => {
      const status = operationStatus(o, now);
      return {
        id: o.id,
        ref: o.ref,
        name: o.name,
        description: o.description,
        leadUnit: o.lead_unit,
        commanderId: o.commander_id,
        commanderName: o.commander_name,
        gridPath: o.grid_path,
        startsAt: rowIso(o.starts_at)!,
        endsAt: rowIso(o.ends_at)!,
        status,
        statusLabel: JOINT_OPERATION_STATUS_LABELS[status],
        unacknowledgedDepartments: deps.filter((d) => d.operation_id === o.id && unacknowledgedAtStart(d, o.starts_at, now)).map((d) => ({ departmentId: d.department_id, name: d.department_name })),
        rollup: rollups.get(o.id) ?? EMPTY_ROLLUP,
      };
    });
  }

  private departmentView(d: OperationDepartmentRow, o: OperationRow, now: Date) {
    return {
      departmentId: d.department_id,
      code: d.department_code,
      name: d.department_name,
      people: d.people,
      acknowledgedAt: rowIso(d.acknowledged_at),
      acknowledgedByName: d.acknowledged_by_name,
      unacknowledgedAtStart: unacknowledgedAtStart(d, o.starts_at, now),
    };
  }
}

function toTargetView(t: OperationTargetRow) {
  return {
    id: t.id,
    caseId: t.case_id,
    caseRef: t.case_ref,
    placeName: t.place_name,
    address: t.address,
    gridPath: t.grid_path,
    location: rowPoint(t.lng, t.lat),
    result: t.recorded_at
      ? {
          inspected: !!t.inspected,
          violationFound: !!t.violation_found,
          noticesIssued: t.notices_issued,
          penaltyAmount: Number(t.penalty_amount),
          penalties: Number(t.penalty_amount) > 0 ? 1 : 0,
          demolishedAreaM2: Number(t.demolished_area_m2),
          note: t.result_note,
          officers: t.result_officers ?? [],
          recordedAt: rowIso(t.recorded_at)!,
        }
      : null,
    foundCaseId: t.found_case_id,
    foundCaseRef: t.found_case_ref,
  };
}
