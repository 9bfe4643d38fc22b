import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  Actor,
  CommonErrorCode,
  DomainEvent,
  EVENT_STREAM,
  IncidentEventData,
  IncidentSource,
  IncidentState,
  IncidentView,
  INCIDENT_STATE_LABELS,
  ListCategories,
} from '@grid122/contracts';
import { AppError, NatsHolder } from '@grid122/messaging';
import { isWithinScope } from '@grid122/persistence';
import { DeliverPolicy, JSONCodec } from 'nats';
import { Open311OfficeClient } from './open311.client';

/** An incident is "closed" to Open311 once it left the workflow; every other state is "open". */
const CLOSED_STATES: readonly IncidentState[] = [IncidentState.Closed, IncidentState.Rejected, IncidentState.Duplicate];
export const open311Status = (s: IncidentState): 'open' | 'closed' => (CLOSED_STATES.includes(s) ? 'closed' : 'open');

/** The spec's defaults: the last 90 days, at most 1000 requests / updates per answer. */
const DEFAULT_WINDOW_DAYS = 90;
const MAX_RESULTS = 1000;
const codec = JSONCodec<DomainEvent>();

export interface Open311Service {
  service_code: string;
  service_name: string;
  description: string;
  metadata: boolean;
  type: 'realtime' | 'batch' | 'blackbox';
  keywords: string;
  group: string;
}

export interface Open311Request {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string | null;
  service_name: string;
  service_code: string;
  description: string | null;
  agency_responsible: string | null;
  service_notice: string | null;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string | null;
  address: string | null;
  address_id: string | null;
  zipcode: string | null;
  lat: number | null;
  long: number | null;
  media_url: string | null;
}

export interface Open311Update {
  update_id: string;
  service_request_id: string;
  status: 'open' | 'closed';
  updated_datetime: string;
  description: string;
  media_url: string;
  external_status_code: string;
}

/** Why a parameter was refused, in the spec's words (400). */
export const badParam = (field: string, message: string) =>
  new AppError(CommonErrorCode.ValidationFailed, `${field}: ${message}`, { fields: [{ field, messages: [message] }] });

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : undefined);

function dateParam(q: Record<string, unknown>, field: string): Date | undefined {
  const v = str(q[field]);
  if (v === undefined || v === '') return undefined;
  const d = new Date(v);
  if (!/^\d{4}-\d{2}-\d{2}/.test(v) || Number.isNaN(d.getTime())) throw badParam(field, 'must be a W3C date-time, e.g. 2026-11-01T00:00:00+08:00');
  return d;
}

function numberParam(q: Record<string, unknown>, field: string, min: number, max: number): number | undefined {
  const v = str(q[field]);
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || n > max) throw badParam(field, `must be a number between ${min} and ${max}`);
  return n;
}

/**
 * Open311 GeoReport v2 on top of the office: services = the office's categories, a request = an
 * incident (service_request_id = the incident id), POST = intake with source `open311`, and the
 * `servicerequestupdates` extension read from the incident events kept in JetStream.
 */
@Injectable()
export class Open311ServiceImpl {
  private categories?: { at: number; items: ListCategories.Category[] };

  constructor(
    private readonly office: Open311OfficeClient,
    private readonly nats: NatsHolder,
  ) {}

  private async categoryList(actor: Actor): Promise<ListCategories.Category[]> {
    // The category table changes rarely: a minute of cache keeps `services` off the office.
    if (!this.categories || Date.now() - this.categories.at > 60_000) this.categories = { at: Date.now(), items: (await this.office.categories(actor)).items };
    return this.categories.items;
  }

  async services(actor: Actor): Promise<Open311Service[]> {
    return (await this.categoryList(actor)).map((c) => ({
      service_code: c.code,
      service_name: c.name,
      description: `${c.keyAreaLabel.zh} / ${c.keyAreaLabel.en}: ${c.name}（处置时限 ${c.limits.dispose.label}）`,
      metadata: false,
      type: 'realtime',
      keywords: c.keyArea,
      group: c.keyAreaLabel.zh,
    }));
  }

  async create(actor: Actor, b: Record<string, unknown>): Promise<{ service_request_id: string; token: string; service_notice: string; account_id: string | null }[]> {
    const code = str(b.service_code);
    if (!code) throw badParam('service_code', 'is required');
    const category = (await this.categoryList(actor)).find((c) => c.code === code);
    if (!category) throw badParam('service_code', `${code} is not a service of this jurisdiction`);
    const lat = numberParam(b, 'lat', -90, 90);
    const lng = numberParam(b, 'long', -180, 180);
    const address = str(b.address_string)?.trim();
    if ((lat === undefined) !== (lng === undefined)) throw badParam(lat === undefined ? 'lat' : 'long', 'lat and long come together');
    if (lat === undefined && !address && !str(b.address_id)) throw badParam('lat', 'a location is required: lat & long, address_string or address_id');
    const description = str(b.description)?.trim() ?? '';
    if (description.length > 4000) throw badParam('description', 'must be at most 4000 characters');
    const name = [str(b.first_name), str(b.last_name)].filter(Boolean).join(' ').trim();
    const phone = str(b.phone)?.trim();
    const title = (description.split(/\r?\n/)[0] || category.name).slice(0, 60);
    const token = randomUUID();
    const incident = await this.office.report(actor, {
      source: IncidentSource.Open311,
      sourceRef: str(b.device_id) ? `${token}:${str(b.device_id)!.slice(0, 50)}` : token,
      title: title.length >= 2 ? title : category.name,
      description: description || undefined,
      keyArea: category.keyArea,
      category: category.code,
      location: lat !== undefined ? { lat, lng: lng! } : undefined,
      address: (address ?? str(b.address_id))?.slice(0, 300),
      // The registry places a lat/long on its L3 grid; without one (or with the registry down) the
      // request is filed at the platform's own area, for the command centre to place.
      gridPath: actor.scope || undefined,
      reporter: name ? { name: name.slice(0, 50), ...(phone && /^\+?[0-9 -]{5,20}$/.test(phone) ? { phone } : {}) } : undefined,
    });
    return [{ service_request_id: incident.id, token: incident.id, service_notice: `已受理，编号 ${incident.code} / Received as ${incident.code}`, account_id: str(b.account_id) ?? null }];
  }

  async list(actor: Actor, q: Record<string, unknown>): Promise<Open311Request[]> {
    const ids = str(q.service_request_id);
    if (ids) return this.byIds(actor, ids.split(',').map((s) => s.trim()).filter(Boolean));
    const status = str(q.status);
    const statuses = status ? status.split(',').map((s) => s.trim()) : [];
    for (const s of statuses) if (s !== 'open' && s !== 'closed') throw badParam('status', 'must be open or closed');
    const codes = (str(q.service_code) ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    const end = dateParam(q, 'end_date') ?? new Date();
    const start = dateParam(q, 'start_date') ?? new Date(end.getTime() - DEFAULT_WINDOW_DAYS * 86_400_000);
    if (start > end) throw badParam('start_date', 'must not be after end_date');
    const names = new Map((await this.categoryList(actor)).map((c) => [c.code, c.name]));
    const out: Open311Request[] = [];
    for (const category of codes.length ? codes : [undefined]) {
      let cursor: string | undefined;
      do {
        const page = await this.office.list(actor, { category, from: start.toISOString(), to: end.toISOString(), limit: 500, cursor });
        for (const i of page.items) {
          if (i.state === IncidentState.Duplicate) continue;
          if (statuses.length && !statuses.includes(open311Status(i.state))) continue;
          out.push(toRequest(i, names.get(i.category) ?? i.categoryName));
        }
        cursor = page.nextCursor ?? undefined;
      } while (cursor && out.length < MAX_RESULTS);
    }
    return out.sort((a, b) => b.requested_datetime.localeCompare(a.requested_datetime)).slice(0, MAX_RESULTS);
  }

  async byIds(actor: Actor, ids: string[]): Promise<Open311Request[]> {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
    for (const id of ids) if (!uuid.test(id)) throw new AppError(CommonErrorCode.NotFound, `Service request ${id} not found`);
    const names = new Map((await this.categoryList(actor)).map((c) => [c.code, c.name]));
    const found = await Promise.all(ids.slice(0, 100).map((id) => this.office.get(actor, id)));
    return found.map((i) => toRequest(i, names.get(i.category) ?? i.categoryName));
  }

  /** Intake is synchronous here, so a token is the request id itself (the spec allows either). */
  async token(actor: Actor, token: string): Promise<{ service_request_id: string; token: string }[]> {
    const [r] = await this.byIds(actor, [token]);
    return [{ service_request_id: r.service_request_id, token }];
  }

  /**
   * `servicerequestupdates` (the FixMyStreet extension): every incident event between start_date and
   * end_date in the caller's scope, read from JetStream by a short-lived ordered consumer started at
   * start_date (the stream keeps the office's history of events), at most 1000.
   */
  async updates(actor: Actor, q: Record<string, unknown>): Promise<Open311Update[]> {
    const end = dateParam(q, 'end_date') ?? new Date();
    const start = dateParam(q, 'start_date') ?? new Date(end.getTime() - 86_400_000);
    if (start > end) throw badParam('start_date', 'must not be after end_date');
    const nc = this.nats.get();
    const info = await (await nc.jetstreamManager()).streams.info(EVENT_STREAM);
    if (info.state.messages === 0) return [];
    const consumer = await nc.jetstream().consumers.get(EVENT_STREAM, {
      filterSubjects: 'evt.office.incident.>',
      deliver_policy: DeliverPolicy.StartTime,
      opt_start_time: start.toISOString(),
    });
    const out: Open311Update[] = [];
    const iter = await consumer.consume({ max_messages: 500, expires: 2000 });
    const stop = setTimeout(() => iter.stop(), 5000);
    try {
      for await (const msg of iter) {
        const event = codec.decode(msg.data);
        if (new Date(event.occurredAt) > end) break;
        const d = event.data as IncidentEventData;
        if (isWithinScope(event.gridPath ?? '', actor.scope) && event.type !== 'office.incident.duplicate_linked') out.push(toUpdate(event, d));
        if (out.length >= MAX_RESULTS || msg.info.pending === 0) break;
      }
    } finally {
      clearTimeout(stop);
      iter.stop();
    }
    return out;
  }
}

function toRequest(i: IncidentView, serviceName: string): Open311Request {
  const last = i.history?.at(-1);
  return {
    service_request_id: i.id,
    status: open311Status(i.state),
    status_notes: i.result ?? last?.note ?? `${i.stateLabel.zh} / ${i.stateLabel.en}`,
    service_name: serviceName,
    service_code: i.category,
    description: i.description,
    agency_responsible: i.unit ?? (i.departmentId ? `department:${i.departmentId}` : '街道指挥中心'),
    service_notice: i.code,
    requested_datetime: i.reportedAt,
    updated_datetime: i.updatedAt,
    expected_datetime: i.deadline,
    address: i.address,
    address_id: null,
    zipcode: null,
    lat: i.location?.lat ?? null,
    long: i.location?.lng ?? null,
    media_url: null,
  };
}

function toUpdate(e: DomainEvent, d: IncidentEventData): Open311Update {
  const label = INCIDENT_STATE_LABELS[d.state];
  return {
    update_id: e.id,
    service_request_id: d.incidentId,
    status: open311Status(d.state),
    updated_datetime: e.occurredAt,
    description: d.note ?? `${label.zh} / ${label.en}`,
    media_url: '',
    external_status_code: d.state,
  };
}
