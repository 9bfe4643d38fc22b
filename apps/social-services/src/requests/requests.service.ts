import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { addMonths } from '@grid122/calendar';
import {
  Actor, AssignServiceRequest, AssigneeKind, CancelServiceRequest, ConfirmServiceRequest, DeliverServiceRequest, DomainEvent, IncidentEventData,
  ListServiceRequests, OfficeEvents, OpenServiceRequest, REQUEST_SOURCE_LABELS, REQUEST_STATE_LABELS, RequestSource, RequestState, ReturnServiceRequest,
  SERVICE_REQUEST_CASE_TYPE, SERVICE_TYPE_LABELS, SERVICE_TYPE_POINTS, ServiceDeliveredData, ServiceRequestFigures, ServiceRequestView, ServiceType,
  SocialErrorCode, SocialEvents, SYSTEM_ACTOR, Unit, UnitCaseEventData,
  labelOr,
} from '@grid122/contracts';
import { AppError, EventConsumers, NewEvent, OutboxWriter } from '@grid122/messaging';
import { isWithinScope } from '@grid122/access';
import { decodeCursor, keysetPage, rowPoint } from '@grid122/persistence';
import { maskName } from '@grid122/privacy';
import { EntityManager } from 'typeorm';
import { RecipientsService } from '../recipients/recipients.service';
import { iso, monthRange, numOrNull } from '../shared/rows';
import { requireFieldWork, requireInScope, requireManage, requireRead, SocialPolicy } from '../shared/social-policy';
import { VolunteersService } from '../volunteers/volunteers.service';
import { RequestRow, RequestsRepository } from './requests.repository';

type Action = 'assign' | 'deliver' | 'confirm' | 'cancel' | 'return';

/** The state machine of a service request: which actions each state allows. */
export const REQUEST_TRANSITIONS: Record<Action, RequestState[]> = {
  assign: [RequestState.Opened, RequestState.Assigned],
  deliver: [RequestState.Assigned],
  confirm: [RequestState.Delivered],
  cancel: [RequestState.Opened, RequestState.Assigned],
  return: [RequestState.Opened, RequestState.Assigned],
};

export function allowedActions(state: string, source: string): Action[] {
  return (Object.keys(REQUEST_TRANSITIONS) as Action[]).filter((a) => {
    if (!REQUEST_TRANSITIONS[a].includes(state as RequestState)) return false;
    // An office dispatch is sent back to the office, never silently cancelled; only it can be returned.
    if (a === 'cancel') return source !== RequestSource.OfficeDispatch;
    if (a === 'return') return source === RequestSource.OfficeDispatch;
    return true;
  });
}

/** Service requests (服务需求): opened, assigned, delivered, confirmed by the resident. */
@Injectable()
export class RequestsService implements OnModuleInit {
  private readonly logger = new Logger(RequestsService.name);

  constructor(
    private readonly repo: RequestsRepository,
    private readonly recipients: RecipientsService,
    private readonly volunteers: VolunteersService,
    private readonly outbox: OutboxWriter,
    private readonly consumers: EventConsumers,
  ) {}

  onModuleInit(): void {
    // Every dispatch comes here; the others' (`when`) are acknowledged without a transaction.
    this.consumers.consumer('social-services').on(OfficeEvents.IncidentDispatched, (_data, m, event) => this.onIncidentDispatched(event, m), { when: dispatchedToSocial });
  }

  toView(r: RequestRow, actor: Actor): ServiceRequestView {
    const names = SocialPolicy.seesNames(actor);
    return {
      id: r.id,
      code: r.code,
      serviceType: r.service_type as ServiceType,
      serviceTypeLabel: labelOr(SERVICE_TYPE_LABELS, r.service_type),
      source: r.source as RequestSource,
      sourceLabel: REQUEST_SOURCE_LABELS[r.source as RequestSource],
      state: r.state as RequestState,
      stateLabel: REQUEST_STATE_LABELS[r.state as RequestState],
      incidentId: r.incident_id,
      incidentCode: r.incident_code,
      recipient: r.recipient_id ? { id: r.recipient_id, name: names ? (r.recipient_name ?? '') : (maskName(r.recipient_name) ?? '') } : null,
      title: r.title,
      description: r.description,
      gridId: r.grid_id,
      gridPath: r.grid_path,
      buildingId: r.building_id,
      address: names ? r.address : null,
      location: rowPoint(r.lng, r.lat),
      scheduledFor: iso(r.scheduled_for),
      assignee: r.assignee_kind
        ? { kind: r.assignee_kind as AssigneeKind, volunteerId: r.assignee_volunteer_id, staffId: r.assignee_staff_id, name: r.assignee_name ?? '' }
        : null,
      hours: numOrNull(r.hours),
      voucherCents: Number(r.voucher_cents),
      deliveryNote: r.delivery_note,
      satisfaction: r.satisfaction,
      pointsAwarded: Number(r.points_awarded),
      reason: r.reason,
      requestedBy: { id: r.requested_by_id, name: r.requested_by_name },
      deliveredById: r.delivered_by_id,
      createdAt: iso(r.created_at)!,
      assignedAt: iso(r.assigned_at),
      deliveredAt: iso(r.delivered_at),
      confirmedAt: iso(r.confirmed_at),
      closedAt: iso(r.closed_at),
      allowedActions: allowedActions(r.state, r.source),
    };
  }

  private async visible(id: string, actor: Actor, m?: EntityManager, lock = false): Promise<RequestRow> {
    const r = lock && m ? await this.repo.lock(m, id) : await this.repo.find(id, m);
    if (!r || !isWithinScope(r.grid_path, actor.scope) || (r.recipient_sensitive && !SocialPolicy.seesSensitive(actor))) {
      throw new AppError(SocialErrorCode.RequestNotFound, `Service request ${id} not found`, { id });
    }
    return r;
  }

  private check(r: RequestRow, action: Action): void {
    if (!allowedActions(r.state, r.source).includes(action)) throw AppError.illegalTransition('service request', r.state, action);
  }

  private caseEvent(r: RequestRow, actor: Actor, extra: Partial<UnitCaseEventData> = {}): UnitCaseEventData {
    return {
      unit: Unit.Social,
      incidentId: r.incident_id,
      caseId: r.id,
      caseType: SERVICE_REQUEST_CASE_TYPE,
      caseRef: r.code,
      byId: actor.id === SYSTEM_ACTOR.id ? null : actor.id,
      ...extra,
    };
  }

  private async reload(m: EntityManager, id: string): Promise<RequestRow> {
    return (await this.repo.find(id, m))!;
  }

  /**
   * One action on a request in one transaction: the row locked and visible to the caller, the
   * action allowed in its state, `work` (the action's own checks and writes) giving the columns to
   * set, then the row as written, its events and its view.
   */
  private act(actor: Actor, id: string, action: Action, work: (m: EntityManager, r: RequestRow) => Promise<Record<string, unknown>>, events: (row: RequestRow) => NewEvent[]): Promise<ServiceRequestView> {
    return this.repo.ds.transaction(async (m) => {
      const r = await this.visible(id, actor, m, true);
      this.check(r, action);
      await this.repo.update(m, r.id, await work(m, r));
      const row = await this.reload(m, r.id);
      await this.outbox.add(m, ...events(row));
      return this.toView(row, actor);
    });
  }

  async open(actor: Actor, req: OpenServiceRequest.Request): Promise<ServiceRequestView> {
    requireFieldWork(actor);
    const id = await this.repo.ds.transaction(async (m) => {
      let gridPath = req.gridPath;
      let gridId = req.gridId ?? null;
      let buildingId = req.buildingId ?? null;
      if (req.recipientId) {
        const rec = await this.recipients.visible(req.recipientId, actor, m);
        gridPath = gridPath ?? rec.grid_path;
        gridId = gridId ?? rec.grid_id;
        buildingId = buildingId ?? rec.building_id;
      }
      if (!gridPath) throw AppError.validation([{ field: 'gridPath', messages: ['gridPath is required when no recipientId is given'] }]);
      requireInScope(actor, gridPath);
      const newId = (await this.repo.insert(m, {
        ...req, gridPath, gridId, buildingId, lng: req.location?.lng, lat: req.location?.lat, requestedById: actor.id, requestedByName: actor.displayName ?? actor.username,
      }))!;
      const row = await this.reload(m, newId);
      await this.outbox.add(m, { type: SocialEvents.RequestOpened, gridPath, data: this.caseEvent(row, actor) });
      return newId;
    });
    return this.get(actor, id);
  }

  /**
   * `office.incident.dispatched` to the social unit opens a request (idempotent per incident: the
   * inbox stops a redelivery, the unique incident id a second dispatch). A request the team had
   * returned is reopened when the office dispatches it to us again.
   */
  async onIncidentDispatched(event: DomainEvent<IncidentEventData>, m: EntityManager): Promise<void> {
    const d = event.data;
    if (!dispatchedToSocial(d)) return;
    const title = (d.title ?? '').slice(0, 200) || d.code;
    const id = await this.repo.insert(m, {
      serviceType: Object.values(ServiceType).includes(d.category as ServiceType) ? d.category : ServiceType.Other,
      source: RequestSource.OfficeDispatch,
      incidentId: d.incidentId,
      incidentCode: d.code,
      title: title.length >= 2 ? title : `${title} (${d.code})`,
      description: d.note ?? null,
      gridPath: d.gridPath,
      gridId: d.gridId,
      address: d.address,
      lng: d.location?.lng,
      lat: d.location?.lat,
      requestedById: d.byId ?? null,
      requestedByName: 'office',
    });
    let row: RequestRow;
    if (id) {
      row = await this.reload(m, id);
    } else {
      row = (await this.repo.findByIncident(m, d.incidentId))!;
      if (row.state !== RequestState.Returned) return; // already ours and open: nothing to do
      await this.repo.update(m, row.id, { state: RequestState.Opened, reason: null, closed_at: null, assignee_kind: null, assignee_volunteer_id: null, assignee_staff_id: null, assignee_name: null });
      row = await this.reload(m, row.id);
    }
    this.logger.log(`incident ${d.code} dispatched to social services: request ${row.code}`);
    await this.outbox.add(m, { type: SocialEvents.RequestOpened, gridPath: row.grid_path, data: this.caseEvent(row, SYSTEM_ACTOR) });
  }

  async list(actor: Actor, req: ListServiceRequests.Request) {
    requireRead(actor);
    const limit = req.limit ?? 50;
    const rows = await this.repo.list(actor, req, SocialPolicy.seesSensitive(actor), req.cursor ? decodeCursor(req.cursor, ['time', 'uuid']) : null, limit + 1);
    return keysetPage(rows, limit, (r) => this.toView(r, actor), (r) => [r.ck, r.id]);
  }

  async get(actor: Actor, id: string): Promise<ServiceRequestView> {
    requireRead(actor);
    return this.toView(await this.visible(id, actor), actor);
  }

  async assign(actor: Actor, req: AssignServiceRequest.Request): Promise<ServiceRequestView> {
    requireManage(actor);
    if (!!req.volunteerId === !!req.staffId) {
      throw AppError.validation([{ field: 'volunteerId', messages: ['give exactly one of volunteerId or staffId'] }]);
    }
    if (req.staffId && !req.staffName) throw AppError.validation([{ field: 'staffName', messages: ['staffName is required with staffId'] }]);
    return this.act(actor, req.id, 'assign', async (m) => {
      let set: Record<string, unknown>;
      if (req.volunteerId) {
        const v = await this.volunteers.visible(req.volunteerId, actor, m);
        if (!v.active) throw AppError.validation([{ field: 'volunteerId', messages: ['the volunteer is not active'] }]);
        set = { assignee_kind: AssigneeKind.Volunteer, assignee_volunteer_id: v.id, assignee_staff_id: null, assignee_name: v.name };
      } else {
        set = { assignee_kind: AssigneeKind.Staff, assignee_volunteer_id: null, assignee_staff_id: req.staffId, assignee_name: req.staffName };
      }
      return { ...set, state: RequestState.Assigned, assigned_at: 'now()' };
    }, (row) => [{ type: SocialEvents.RequestAssigned, gridPath: row.grid_path, data: this.caseEvent(row, actor, { note: req.note ?? null }) }]);
  }

  async deliver(actor: Actor, req: DeliverServiceRequest.Request): Promise<ServiceRequestView> {
    requireFieldWork(actor);
    return this.act(actor, req.id, 'deliver', async (m, r) => {
      if (req.voucherCents) {
        if (!r.recipient_id) throw AppError.validation([{ field: 'voucherCents', messages: ['vouchers need a request for a care recipient'] }]);
        await this.recipients.redeemIn(m, r.recipient_id, req.voucherCents, r.id, `${r.code} ${r.title}`.slice(0, 200), actor);
      }
      return { state: RequestState.Delivered, delivered_at: 'now()', delivered_by_id: actor.id, delivery_note: req.note, hours: req.hours ?? null, voucher_cents: req.voucherCents ?? 0 };
    }, (row) => {
      const delivered: ServiceDeliveredData = {
        requestId: row.id, code: row.code, serviceType: row.service_type, gridPath: row.grid_path, recipientId: row.recipient_id, incidentId: row.incident_id,
        assigneeKind: row.assignee_kind, assigneeVolunteerId: row.assignee_volunteer_id, assigneeStaffId: row.assignee_staff_id, hours: numOrNull(row.hours),
        deliveredById: actor.id, deliveredAt: iso(row.delivered_at)!,
      };
      return [
        { type: SocialEvents.RequestDelivered, gridPath: row.grid_path, data: delivered },
        { type: SocialEvents.RequestHandled, gridPath: row.grid_path, data: this.caseEvent(row, actor, { note: req.note }) },
      ];
    });
  }

  /** The resident's confirmation closes the request; the volunteer earns points and hours now, once. */
  async confirm(actor: Actor, req: ConfirmServiceRequest.Request): Promise<ServiceRequestView> {
    requireFieldWork(actor);
    return this.act(actor, req.id, 'confirm', async (m, r) => {
      if (r.delivered_by_id === actor.id && actor.role !== 'admin') {
        throw new AppError(SocialErrorCode.SelfConfirmation, 'The delivery must be confirmed by someone other than whoever recorded it', { deliveredById: r.delivered_by_id });
      }
      let points = 0;
      if (r.assignee_volunteer_id) {
        points = SERVICE_TYPE_POINTS[r.service_type as ServiceType] ?? SERVICE_TYPE_POINTS[ServiceType.Other];
        await this.volunteers.earnIn(m, { volunteerId: r.assignee_volunteer_id, points, reason: 'service_confirmed', serviceRequestId: r.id, note: r.code, gridPath: r.grid_path }, actor);
        if (r.hours) {
          await this.volunteers.repo.insertActivity(m, {
            volunteerId: r.assignee_volunteer_id, teamId: null, serviceRequestId: r.id, title: `${labelOr(SERVICE_TYPE_LABELS, r.service_type).zh} ${r.code}`,
            activityDate: iso(r.delivered_at)!.slice(0, 10), hours: Number(r.hours), gridPath: r.grid_path, createdBy: actor.id,
          });
        }
      }
      return { state: RequestState.Confirmed, confirmed_at: 'now()', closed_at: 'now()', satisfaction: req.satisfaction, points_awarded: points, reason: req.note ?? null };
    }, (row) => [{ type: SocialEvents.RequestClosed, gridPath: row.grid_path, data: this.caseEvent(row, actor, { closureType: 'fixed', note: req.note ?? row.delivery_note }) }]);
  }

  async cancel(actor: Actor, req: CancelServiceRequest.Request): Promise<ServiceRequestView> {
    requireFieldWork(actor);
    return this.act(actor, req.id, 'cancel', async () => ({ state: RequestState.Cancelled, closed_at: 'now()', reason: req.reason }), (row) => [
      { type: SocialEvents.RequestCancelled, gridPath: row.grid_path, data: this.caseEvent(row, actor, { note: req.reason }) },
    ]);
  }

  async return(actor: Actor, req: ReturnServiceRequest.Request): Promise<ServiceRequestView> {
    requireManage(actor);
    return this.act(actor, req.id, 'return', async () => ({ state: RequestState.Returned, closed_at: 'now()', reason: req.reason }), (row) => [
      { type: SocialEvents.RequestReturned, gridPath: row.grid_path, data: this.caseEvent(row, actor, { note: req.reason }) },
    ]);
  }

  async figures(actor: Actor, req: ServiceRequestFigures.Request): Promise<ServiceRequestFigures.Reply> {
    requireRead(actor);
    const range = monthRange(req.from, req.to);
    const f = await this.repo.figures(actor, req.gridPath, range.startAt, range.endAt);
    const months: ServiceRequestFigures.Reply['months'] = [];
    for (let month = range.from; month <= range.to; month = addMonths(month, 1)) {
      months.push({ month, opened: 0, delivered: 0, confirmed: 0, byType: {}, vouchersIssuedCents: 0, vouchersRedeemedCents: 0, averageSatisfaction: null });
    }
    const at = new Map(months.map((x) => [x.month, x]));
    for (const o of f.opened) if (at.has(o.month)) at.get(o.month)!.opened = o.n;
    for (const d of f.delivered) {
      const x = at.get(d.month);
      if (!x) continue;
      x.delivered += d.n;
      x.byType[d.service_type] = d.n;
    }
    for (const c of f.confirmed) {
      const x = at.get(c.month);
      if (x) {
        x.confirmed = c.n;
        x.averageSatisfaction = c.sat === null ? null : Math.round(c.sat * 100) / 100;
      }
    }
    for (const v of f.vouchers) {
      const x = at.get(v.month);
      if (x) {
        x.vouchersIssuedCents = v.issued;
        x.vouchersRedeemedCents = v.redeemed;
      }
    }
    const sum = (k: 'opened' | 'delivered' | 'confirmed' | 'vouchersIssuedCents' | 'vouchersRedeemedCents') => months.reduce((s, x) => s + x[k], 0);
    const byType = (t: ServiceType) => months.reduce((s, x) => s + (x.byType[t] ?? 0), 0);
    return {
      from: range.from,
      to: range.to,
      months,
      totals: {
        opened: sum('opened'), delivered: sum('delivered'), confirmed: sum('confirmed'), vouchersIssuedCents: sum('vouchersIssuedCents'), vouchersRedeemedCents: sum('vouchersRedeemedCents'),
        alarmDevicesInstalled: byType(ServiceType.AlarmDeviceInstall), mealsDelivered: byType(ServiceType.MealDelivery),
      },
      byState: Object.fromEntries(f.states.map((s: { state: string; n: number }) => [s.state, s.n])),
    };
  }
}

/** An incident dispatched to the social services team (社会服务队): the others are none of its business. */
export function dispatchedToSocial(d: IncidentEventData | undefined): boolean {
  return d?.unit === Unit.Social;
}
