import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  Actor,
  CommentOnIncident,
  CommonErrorCode,
  IncidentSource,
  IncidentState,
  IncidentUpdate,
  IncidentView,
  ListCategories,
  ListIncidentUpdates,
  ListOpen311Requests,
  Open311Incident,
  parseSatisfaction,
  ReportIncident,
  Role,
  Satisfaction,
  UNIT_LABELS,
} from '@grid122/contracts';
import { AppError, RpcClient } from '@grid122/messaging';
import { maskContactsInText } from '@grid122/privacy';
import { GatewayEnv } from '../config/gateway.env';
import { extendedStatus, ExtendedStatus, plainStatus, PlainStatus, statusNote } from './open311.status';

/** The spec's defaults: the last 90 days, at most 1000 requests per answer. */
const DEFAULT_WINDOW_DAYS = 90;
const MAX_RESULTS = 1000;

/**
 * The reader of keyless Open311 reads and of `services` (the category table holds no personal
 * data). The office still wants a caller: a platform actor whose scope the controller sets
 * (OPEN311_PUBLIC_SCOPE). What it reads is public: contacts written into free text are masked.
 */
export const PUBLIC_READER: Actor = { id: '00000000-0000-0000-0000-000000000311', username: 'open311-public', role: Role.Platform, scope: 'open311_public' };
const isPublic = (a: Actor) => a.id === PUBLIC_READER.id;

/** Which status vocabulary an answer speaks: GeoReport's open/closed, or FixMyStreet's extended statuses. */
export type StatusVocabulary = 'plain' | 'extended';

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
  status: PlainStatus | ExtendedStatus;
  status_notes: string;
  service_name: string;
  service_code: string;
  description: string | null;
  agency_responsible: string;
  service_notice: string;
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
  status: PlainStatus | ExtendedStatus;
  updated_datetime: string;
  description: string;
  media_url: string;
  external_status_code: string;
}

/** Why a parameter was refused, in the spec's words (400). */
export const badParam = (field: string, message: string) =>
  new AppError(CommonErrorCode.ValidationFailed, `${field}: ${message}`, { fields: [{ field, messages: [message] }] });

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : undefined);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function dateParam(q: Record<string, unknown>, field: string): Date | undefined {
  const v = str(q[field]);
  if (v === undefined || v === '') return undefined;
  const d = new Date(v);
  if (!/^\d{4}-\d{2}-\d{2}/.test(v) || Number.isNaN(d.getTime())) throw badParam(field, 'must be a W3C date-time, e.g. 2026-11-01T00:00:00+08:00');
  return d;
}

function integerParam(q: Record<string, unknown>, field: string, min: number, max: number): number | undefined {
  const n = numberParam(q, field, min, max);
  if (n !== undefined && !Number.isInteger(n)) throw badParam(field, `must be a whole number between ${min} and ${max}`);
  return n;
}

function numberParam(q: Record<string, unknown>, field: string, min: number, max: number): number | undefined {
  const v = str(q[field]);
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || n > max) throw badParam(field, `must be a number between ${min} and ${max}`);
  return n;
}

/** W3C date-time to the second, as FixMyStreet's DateTime::Format::W3CDTF writes its own window bounds. */
const w3c = (iso: string): string => new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * Open311 GeoReport v2 on top of the office: services = the office's categories, a request = an
 * incident (service_request_id = the incident id), POST = intake with source `open311`,
 * `servicerequestupdates` = the office's public history (a query to the office, paged to the end)
 * and a resident's comment posted to it = a comment entry in that history.
 */
@Injectable()
export class Open311ServiceImpl {
  private categories?: { at: number; items: ListCategories.Category[] };

  constructor(
    private readonly rpc: RpcClient,
    private readonly env: GatewayEnv,
  ) {}

  private async categoryList(actor: Actor): Promise<ListCategories.Category[]> {
    // The category table changes rarely: a minute of cache keeps `services` off the office.
    if (!this.categories || Date.now() - this.categories.at > 60_000) this.categories = { at: Date.now(), items: (await this.rpc.call(ListCategories, {}, actor)).items };
    return this.categories.items;
  }

  async services(actor: Actor): Promise<Open311Service[]> {
    return (await this.categoryList(actor)).map((c) => ({
      service_code: c.code,
      service_name: c.name,
      description: `${c.keyAreaLabel.zh} / ${c.keyAreaLabel.en}: ${c.name}（处置时限 ${c.limits.dispose.label}）`,
      // No category asks a reporter for more than the standard fields; one that does gets `true`
      // here and its attributes in `definition`.
      metadata: false,
      type: 'realtime',
      keywords: c.keyArea,
      group: c.keyAreaLabel.zh,
    }));
  }

  /** `services/{code}`: the service definition (the attributes a reporter is asked beyond the standard fields). */
  async definition(actor: Actor, code: string): Promise<{ service_code: string; attributes: unknown[] }> {
    const category = (await this.categoryList(actor)).find((c) => c.code === code);
    if (!category) throw new AppError(CommonErrorCode.NotFound, `Service ${code} not found: see services.xml`);
    return { service_code: category.code, attributes: [] };
  }

  /**
   * Files a request. A client that names its own reference (an `Idempotency-Key` header, or the
   * `attribute[fixmystreet_id]` that FixMyStreet's cobrands send) makes the POST idempotent: the
   * same reference from the same client answers the incident the first POST made (`existing`),
   * so a platform that retries after a timeout never files a second incident.
   */
  async create(actor: Actor, b: Record<string, unknown>, idempotencyKey?: string): Promise<{ rows: { service_request_id: string; service_notice: string; account_id: string | null }[]; existing: boolean }> {
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
    const incident = await this.rpc.call(ReportIncident, {
      source: IncidentSource.Open311,
      sourceRef: open311SourceRef(actor, clientReference(b, idempotencyKey), str(b.device_id)),
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
    }, actor);
    // Intake is synchronous: the answer names the request, never a token too (the spec: one or the other).
    const notice = incident.existing ? `已受理（重复提交），编号 ${incident.code} / Already received as ${incident.code}` : `已受理，编号 ${incident.code} / Received as ${incident.code}`;
    return { rows: [{ service_request_id: incident.id, service_notice: notice, account_id: str(b.account_id) ?? null }], existing: incident.existing === true };
  }

  /**
   * `GET requests`: one office statement (`office.open311.requests`), newest first. The spec's
   * window (the last 90 days) and at most 1000 requests; `page_size` (1–1000) and `page` (from 1)
   * page through a longer answer, as Chicago's and other Open311 servers do.
   */
  async list(actor: Actor, q: Record<string, unknown>, vocabulary: StatusVocabulary): Promise<Open311Request[]> {
    const ids = str(q.service_request_id);
    if (ids) return this.someOf(actor, ids.split(',').map((s) => s.trim()).filter(Boolean), vocabulary);
    const status = str(q.status);
    const statuses = status ? status.split(',').map((s) => s.trim()) : [];
    for (const s of statuses) if (s !== 'open' && s !== 'closed') throw badParam('status', 'must be open or closed');
    const codes = (str(q.service_code) ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    if (codes.length > 100) throw badParam('service_code', 'at most 100 service codes');
    const end = dateParam(q, 'end_date') ?? new Date();
    const start = dateParam(q, 'start_date') ?? new Date(end.getTime() - DEFAULT_WINDOW_DAYS * 86_400_000);
    if (start > end) throw badParam('start_date', 'must not be after end_date');
    const pageSize = integerParam(q, 'page_size', 1, MAX_RESULTS) ?? MAX_RESULTS;
    const page = integerParam(q, 'page', 1, 1_000_000) ?? 1;
    const shown = new Set(statuses);
    const { items } = await this.rpc.call(ListOpen311Requests, {
      from: start.toISOString(),
      to: end.toISOString(),
      root: this.root(actor, q),
      categories: codes.length ? codes : undefined,
      status: shown.size === 1 ? [...shown][0] as 'open' | 'closed' : undefined,
      limit: pageSize,
      offset: (page - 1) * pageSize,
    }, actor);
    return this.present(actor, items, await this.names(actor), vocabulary);
  }

  async byIds(actor: Actor, ids: string[], vocabulary: StatusVocabulary): Promise<Open311Request[]> {
    for (const id of ids) if (!UUID.test(id)) throw new AppError(CommonErrorCode.NotFound, `Service request ${id} not found`);
    const asked = ids.slice(0, 100);
    const found = await this.someOf(actor, asked, vocabulary);
    const missing = asked.find((id) => !found.some((r) => r.service_request_id === id));
    if (missing) throw new AppError(CommonErrorCode.NotFound, `Service request ${missing} not found`);
    return found;
  }

  /**
   * `requests?service_request_id=a,b,…` (FixMyStreet's `report_ids`): the ones found, in the order
   * asked; an unknown or foreign id is left out rather than failing the whole list.
   */
  private async someOf(actor: Actor, ids: string[], vocabulary: StatusVocabulary): Promise<Open311Request[]> {
    const asked = [...new Set(ids.filter((id) => UUID.test(id)))].slice(0, 100);
    if (!asked.length) return [];
    const found = new Map((await this.rpc.call(ListOpen311Requests, { ids: asked, limit: asked.length }, actor)).items.map((i) => [i.id, i]));
    return this.present(actor, asked.map((id) => found.get(id)).filter((i): i is Open311Item => !!i), await this.names(actor), vocabulary);
  }

  /** Intake is synchronous here, so a token is the request id itself. */
  async token(actor: Actor, token: string): Promise<{ service_request_id: string; token: string }[]> {
    const [r] = await this.byIds(actor, [token], 'plain');
    return [{ service_request_id: r.service_request_id, token }];
  }

  /**
   * `servicerequestupdates` (the FixMyStreet extension): every public update between start_date and
   * end_date in the caller's scope, oldest first, read from the office's history page by page to
   * the end. A window holding more than OPEN311_UPDATES_MAX updates is refused (413, asking for a
   * shorter window), never cut short.
   */
  async updates(actor: Actor, q: Record<string, unknown>, vocabulary: StatusVocabulary): Promise<Open311Update[]> {
    const end = dateParam(q, 'end_date') ?? new Date();
    const start = dateParam(q, 'start_date') ?? new Date(end.getTime() - 86_400_000);
    if (start > end) throw badParam('start_date', 'must not be after end_date');
    const ids = str(q.service_request_id)?.split(',').map((s) => s.trim()).filter(Boolean);
    for (const id of ids ?? []) if (!UUID.test(id)) throw badParam('service_request_id', `${id} is not a service request id`);
    const out: Open311Update[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.rpc.call(ListIncidentUpdates, {
        from: start.toISOString(),
        to: end.toISOString(),
        root: this.root(actor, q),
        incidentIds: ids,
        limit: ListIncidentUpdates.MAX_LIMIT,
        cursor,
      }, actor);
      if (out.length + page.items.length > this.env.OPEN311_UPDATES_MAX) {
        throw new AppError(
          CommonErrorCode.PayloadTooLarge,
          `More than ${this.env.OPEN311_UPDATES_MAX} updates between start_date and end_date: ask for a shorter window (窗口内更新过多，请缩短时间范围)`,
          { field: 'start_date' },
        );
      }
      out.push(...page.items.map((u) => toUpdate(u, vocabulary, isPublic(actor))));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return out;
  }

  /**
   * `POST servicerequestupdates`: a resident's comment (FixMyStreet's update fields) into the
   * incident's history; `OPEN` (or `REOPEN`) on a closed case asks for it to be reopened, which
   * follows the street's reopen rule. The same update_id again answers the first update.
   */
  async comment(actor: Actor, b: Record<string, unknown>): Promise<{ update_id: string }[]> {
    const id = str(b.service_request_id)?.trim();
    if (!id) throw badParam('service_request_id', 'is required');
    if (!UUID.test(id)) throw new AppError(CommonErrorCode.NotFound, `Service request ${id} not found`);
    const updateId = str(b.update_id)?.trim();
    if (!updateId) throw badParam('update_id', 'is required (the client\'s own id of the update)');
    if (updateId.length > 100) throw badParam('update_id', 'must be at most 100 characters');
    const status = str(b.status)?.trim().toUpperCase();
    if (!status) throw badParam('status', 'is required');
    const description = str(b.description) ?? '';
    if (description.length > 4000) throw badParam('description', 'must be at most 4000 characters');
    const written = dateParam(b, 'updated_datetime');
    const media = str(b.media_url)?.trim();
    if (media && !/^https?:\/\/\S+$/.test(media)) throw badParam('media_url', 'must be an http(s) URL');
    const name = [str(b.first_name), str(b.last_name)].filter((x) => x && x !== '-').join(' ').trim();
    const reply = await this.rpc.call(CommentOnIncident, {
      incidentId: id,
      externalUpdateId: updateId,
      text: description.trim() || undefined,
      writtenAt: written?.toISOString(),
      // FixMyStreet sends OPEN while it shows the report open (a "not fixed" update after a
      // closure included) and REOPEN with extended statuses; every other status leaves the case as it is.
      status: status === 'OPEN' || status === 'REOPEN' ? 'open' : 'closed',
      authorName: name ? name.slice(0, 100) : undefined,
      email: str(b.email)?.trim().slice(0, 200) || undefined,
      mediaUrl: media || undefined,
      satisfaction: satisfactionParam(b),
    }, actor);
    return [{ update_id: reply.updateId }];
  }

  private async names(actor: Actor): Promise<Map<string, string>> {
    return new Map((await this.categoryList(actor)).map((c) => [c.code, c.name]));
  }

  /** `jurisdiction_id`, when it is a grid path (a street's), narrows an answer to that jurisdiction. */
  private root(actor: Actor, q: Record<string, unknown>): string | undefined {
    const j = str(q.jurisdiction_id)?.trim();
    if (!j || !/^[a-z0-9_]+(\.[a-z0-9_]+)*$/.test(j)) return undefined;
    if (actor.scope && !(j === actor.scope || j.startsWith(`${actor.scope}.`))) return actor.scope;
    return j;
  }

  /**
   * Requests as a client shows them: public fields only (no reporter), honest statuses, and a
   * "me too" duplicate answering with its original's status while merged into it (the office
   * joins the original the caller may see).
   */
  private present(actor: Actor, items: Open311Item[], names: Map<string, string>, vocabulary: StatusVocabulary): Open311Request[] {
    return items.map((i) => toRequest(i, names.get(i.category) ?? i.categoryName, vocabulary, i.original ?? undefined, isPublic(actor)));
  }
}

type Open311Item = ListOpen311Requests.Reply['items'][number];

const statusOf = (v: StatusVocabulary, i: Pick<Open311Incident, 'state' | 'closureType'>) => (v === 'extended' ? extendedStatus(i.state, i.closureType) : plainStatus(i.state));

/** The public note of an incident as it stands: the reason, result or closure the street wrote for the resident. */
function noteOf(i: Open311Incident): string {
  if (i.state === IncidentState.Closed && i.completionReply) return i.completionReply;
  const last = i.lastNote;
  const written = i.state === IncidentState.Closed ? closeNote(last, false) ?? i.result : i.state === IncidentState.Rejected ? last : [IncidentState.Handled, IncidentState.Verified].includes(i.state) ? i.result : null;
  return statusNote(i.state, i.closureType, written ?? null, i.notResponsibleParty);
}

/**
 * A close entry's note is the office's `结案 <closure code>; 责任方 <party>; <free text>`: the
 * resident reads the party (unless it is shown already) and the free text, never the code.
 */
function closeNote(note: string | null | undefined, withParty = true): string | undefined {
  const parts = (note ?? '')
    .split('; ')
    .filter((p) => p && !/^结案 [a-z_]+$/.test(p) && (withParty || !p.startsWith('责任方 ')))
    .map((p) => (p.startsWith('责任方 ') ? `责任方：${p.slice(4)}` : p));
  return parts.join('；') || undefined;
}

const agency = (i: Open311Incident): string => (i.leadUnit ?? i.unit ? UNIT_LABELS[(i.leadUnit ?? i.unit)!].zh : i.departmentId ? '社区职能部门' : '街道网格化服务管理中心');

function toRequest(i: Open311Incident, serviceName: string, vocabulary: StatusVocabulary, original: Open311Incident | undefined, masked: boolean): Open311Request {
  const merged = i.state === IncidentState.Duplicate && original;
  const shown = merged ? original : i;
  const text = (t: string) => (masked ? maskContactsInText(t) : t);
  return {
    service_request_id: i.id,
    status: statusOf(vocabulary, shown),
    status_notes: text(merged ? `已合并为重复上报，随原案 ${original.code} 办理：${noteOf(original)}` : noteOf(i)),
    service_name: serviceName,
    service_code: i.category,
    description: i.description === null ? null : text(i.description),
    agency_responsible: agency(shown),
    service_notice: `编号 ${i.code}`,
    requested_datetime: w3c(i.reportedAt),
    updated_datetime: w3c(merged && original.updatedAt > i.updatedAt ? original.updatedAt : i.updatedAt),
    expected_datetime: shown.deadline ? w3c(shown.deadline) : null,
    address: i.address,
    address_id: null,
    zipcode: null,
    lat: i.location?.lat ?? null,
    long: i.location?.lng ?? null,
    media_url: null,
  };
}

/** What the resident reads for one history entry, in Chinese. */
function describe(u: IncidentUpdate): string {
  const note = u.note?.trim() || null;
  const why = note ? `：${note}` : '';
  const text = (() => {
    switch (u.action) {
      case 'comment':
        return note ?? '（居民补充了图片）';
      case 'register':
        return `已立案${why}`;
      case 'dispatch':
        return '已派遣处置单位';
      case 'accept':
        return '处置单位已受理';
      case 'handle':
        return `处置完毕，等待核查${why}`;
      case 'verify':
        return '网格员已现场核查';
      case 'rework':
        return `核查未通过，返工处理${why}`;
      case 'reopen':
        return `重新办理${why}`;
      case 'suspend':
        return `暂缓办理（挂账）${why}`;
      case 'resume':
        return '恢复办理';
      case 'escalate':
        return '已上报区级处理';
      case 'merge': {
        // The office writes `合并到 <code> merged into the original; <note>`: the resident reads the code and the note.
        const parts = (note ?? '').split('; ');
        const code = /^合并到 (\S+)/.exec(parts[0] ?? '')?.[1];
        const rest = parts.filter((p) => !/^合并到 /.test(p)).join('；');
        return `已与附近同类问题合并办理${code ? `（原案 ${code}）` : ''}${rest ? `：${rest}` : ''}`;
      }
      case 'unmerge':
        return `已撤销合并，单独办理${why}`;
      case 'close':
        // 办结回复: what the street wrote to the reporter at closure, else the closure in words.
        return u.reply?.trim() || statusNote(IncidentState.Closed, u.closureType, closeNote(note) ?? null);
      default:
        return statusNote(u.state, u.closureType, note);
    }
  })();
  return u.viaOriginalCode ? `（已合并为重复上报，随原案 ${u.viaOriginalCode} 办理）${text}` : text;
}

function toUpdate(u: IncidentUpdate, vocabulary: StatusVocabulary, masked: boolean): Open311Update {
  // A "me too" report's own entry: merged into an original still open (else it would not have
  // been merged), so it is open to the resident; its original's entries follow as echoes.
  const merged = u.state === IncidentState.Duplicate && !u.viaOriginalId;
  return {
    update_id: u.updateId,
    service_request_id: u.incidentId,
    status: merged ? 'open' : statusOf(vocabulary, { state: u.state, closureType: u.closureType }),
    // Milliseconds kept: FixMyStreet orders an update against the moment it sent the report.
    updated_datetime: u.at,
    description: masked ? maskContactsInText(describe(u)) : describe(u),
    media_url: u.mediaUrl ?? '',
    external_status_code: u.state,
  };
}

/**
 * The resident's answer on a closed case (办结满意度), as `attribute[satisfaction]` (FixMyStreet's
 * attribute style) or `satisfaction`: 满意 / 基本满意 / 不满意 or satisfied / basically_satisfied /
 * dissatisfied. Anything else is the spec's 400 naming the field.
 */
function satisfactionParam(b: Record<string, unknown>): Satisfaction | undefined {
  const raw = str(b['attribute[satisfaction]']) ?? str(b.satisfaction);
  if (raw === undefined || raw.trim() === '') return undefined;
  const answer = parseSatisfaction(raw);
  if (!answer) throw badParam('attribute[satisfaction]', 'must be 满意, 基本满意 or 不满意 (satisfied, basically_satisfied, dissatisfied)');
  return answer;
}

/** The client's own reference for a request, if it gave one: the Idempotency-Key header, else FixMyStreet's report id. */
export function clientReference(b: Record<string, unknown>, idempotencyKey?: string): string | undefined {
  const key = idempotencyKey?.trim();
  if (key) return key.slice(0, 64);
  const fms = str(b['attribute[fixmystreet_id]']);
  return fms?.trim() ? `fms-${fms.trim().slice(0, 56)}` : undefined;
}

/**
 * The incident's source reference: scoped by the client (its API key's account), so two platforms'
 * references never meet; a random one when the client gave none (every POST is then a new report).
 */
export function open311SourceRef(actor: Actor, clientRef: string | undefined, deviceId: string | undefined): string {
  if (clientRef) return `${actor.id.slice(0, 36)}:${clientRef}`;
  const ref = randomUUID();
  return deviceId ? `${ref}:${deviceId.slice(0, 50)}` : ref;
}
