import { Injectable } from '@nestjs/common';
import {
  Actor,
  CommentOnIncident,
  CommonErrorCode,
  ListIncidentUpdates,
  OPEN311_PUBLIC_READER_ID,
  Open311Comment,
  Open311Create,
  Open311Definition,
  Open311Find,
  Open311Get,
  Open311RequestDoc,
  Open311Services,
  Open311Updates,
  Open311Vocabulary,
  ReportIncident,
} from '@grid122/contracts';
import { AppError, createValidationPipe, requestHash } from '@grid122/messaging';
import { IncidentClockService } from '../incident-clock.service';
import { IncidentIntakeService } from '../incident-intake.service';
import { IncidentUpdatesService } from '../updates/incident-updates.service';
import { Open311RequestsService } from './open311-requests.service';
import { badParam, clientReference, dateParam, integerParam, jurisdictionRoot, open311Report, Open311Query, satisfactionParam, str, UUID } from './open311.params';
import { Open311Item, toRequest, toUpdate } from './open311.present';

/** The spec's defaults: the last 90 days, at most 1000 requests per answer. */
const DEFAULT_WINDOW_DAYS = 90;
const MAX_RESULTS = 1000;

const isPublic = (a: Actor) => a.id === OPEN311_PUBLIC_READER_ID;
const validation = createValidationPipe();

/**
 * Open311 GeoReport v2 on top of the ledger: services = the categories, a request = an incident
 * (service_request_id = the incident id), POST = intake with source `open311`,
 * `servicerequestupdates` = the public history (paged) and a resident's comment posted to it = a
 * comment entry in that history. The parameters arrive as the client sent them and are refused
 * in the spec's words; the answers are in its field names (the gateway renders JSON or XML).
 */
@Injectable()
export class Open311Service {
  constructor(
    private readonly clock: IncidentClockService,
    private readonly requests: Open311RequestsService,
    private readonly history: IncidentUpdatesService,
    private readonly intake: IncidentIntakeService,
  ) {}

  async services(): Promise<Open311Services.Reply> {
    const { items } = await this.clock.listCategories();
    return {
      items: items.map((c) => ({
        service_code: c.code,
        service_name: c.name,
        description: `${c.keyAreaLabel.zh} / ${c.keyAreaLabel.en}: ${c.name}（处置时限 ${c.limits.dispose.label}）`,
        // No category asks a reporter for more than the standard fields; one that does gets `true`
        // here and its attributes in `definition`.
        metadata: false,
        type: 'realtime',
        keywords: c.keyArea,
        group: c.keyAreaLabel.zh,
      })),
    };
  }

  /** `services/{code}`: the service definition (the attributes a reporter is asked beyond the standard fields). */
  async definition(req: Open311Definition.Request): Promise<Open311Definition.Reply> {
    const category = await this.clock.category(req.code);
    if (!category) throw new AppError(CommonErrorCode.NotFound, `Service ${req.code} not found: see services.xml`);
    return { service_code: category.code, attributes: [] };
  }

  /**
   * Files a request. A client that names its own reference (an `Idempotency-Key` header, or the
   * `attribute[fixmystreet_id]` that FixMyStreet's cobrands send) makes the POST idempotent: the
   * same reference from the same client answers the incident the first POST made (`existing`),
   * so a platform that retries after a timeout never files a second incident. A key is kept once,
   * by the intake in its transaction (`ownsIdempotencyKey`), with this answer: its retry with the
   * same parameters answers it again as it was (201), other parameters are 422.
   */
  async create(actor: Actor, req: Open311Create.Request): Promise<Open311Create.Reply> {
    const b: Open311Query = req.params;
    const code = str(b.service_code);
    if (!code) throw badParam('service_code', 'is required');
    const category = await this.clock.category(code);
    if (!category) throw badParam('service_code', `${code} is not a service of this jurisdiction`);
    // The parameters checked once, in the spec's words; the report they make is within the intake's rules by construction.
    const report = open311Report(actor, category, b, req.idempotencyKey);
    const key = req.idempotencyKey ? { key: req.idempotencyKey, operation: Open311Create.subject, hash: requestHash(b) } : undefined;
    const answer = await this.intake.file(actor, report, (incident) => createReply(incident, str(b.account_id) ?? null), {
      key,
      newSourceRef: !clientReference(b, req.idempotencyKey),
    });
    // Kept as jsonb, a replayed answer comes back with its fields reordered: listed again, it is the first's to the byte.
    return createReply(answer);
  }

  /**
   * `GET requests`: one statement (`office.open311.requests`), newest first. The spec's window
   * (the last 90 days) and at most 1000 requests; `page_size` (1–1000) and `page` (from 1) page
   * through a longer answer, as Chicago's and other Open311 servers do.
   */
  async find(actor: Actor, { params: q, vocabulary }: Open311Find.Request): Promise<Open311Find.Reply> {
    const ids = str(q.service_request_id);
    if (ids) return { items: await this.someOf(actor, ids.split(',').map((s) => s.trim()).filter(Boolean), vocabulary) };
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
    const { items } = await this.requests.list(actor, {
      from: start.toISOString(),
      to: end.toISOString(),
      root: jurisdictionRoot(actor, q),
      categories: codes.length ? codes : undefined,
      status: shown.size === 1 ? ([...shown][0] as 'open' | 'closed') : undefined,
      limit: pageSize,
      offset: (page - 1) * pageSize,
    });
    return { items: this.present(actor, items, vocabulary) };
  }

  /** `requests/{id}`: every id asked, or 404 naming the first one missing (or not the caller's to see). */
  async get(actor: Actor, { ids, vocabulary }: Open311Get.Request): Promise<Open311Get.Reply> {
    for (const id of ids) if (!UUID.test(id)) throw new AppError(CommonErrorCode.NotFound, `Service request ${id} not found`);
    const asked = ids.slice(0, 100);
    const found = await this.someOf(actor, asked, vocabulary);
    const missing = asked.find((id) => !found.some((r) => r.service_request_id === id));
    if (missing) throw new AppError(CommonErrorCode.NotFound, `Service request ${missing} not found`);
    return { items: found };
  }

  /**
   * `requests?service_request_id=a,b,…` (FixMyStreet's `report_ids`): the ones found, in the order
   * asked; an unknown or foreign id is left out rather than failing the whole list.
   */
  private async someOf(actor: Actor, ids: string[], vocabulary: Open311Vocabulary): Promise<Open311RequestDoc[]> {
    const asked = [...new Set(ids.filter((id) => UUID.test(id)))].slice(0, 100);
    if (!asked.length) return [];
    const found = new Map((await this.requests.list(actor, { ids: asked, limit: asked.length })).items.map((i) => [i.id, i]));
    return this.present(actor, asked.map((id) => found.get(id)).filter((i): i is Open311Item => !!i), vocabulary);
  }

  /**
   * A page of `servicerequestupdates` (the FixMyStreet extension): the public updates between
   * start_date and end_date in the caller's scope, oldest first; the next page's cursor keeps the
   * window the first page resolved (end_date defaults to now).
   */
  async updates(actor: Actor, req: Open311Updates.Request): Promise<Open311Updates.Reply> {
    const q = req.params;
    let window: Window;
    if (req.cursor) window = decodeWindow(req.cursor);
    else {
      const end = dateParam(q, 'end_date') ?? new Date();
      const start = dateParam(q, 'start_date') ?? new Date(end.getTime() - 86_400_000);
      if (start > end) throw badParam('start_date', 'must not be after end_date');
      window = { from: start.toISOString(), to: end.toISOString(), cursor: undefined };
    }
    const ids = str(q.service_request_id)?.split(',').map((s) => s.trim()).filter(Boolean);
    for (const id of ids ?? []) if (!UUID.test(id)) throw badParam('service_request_id', `${id} is not a service request id`);
    const page = await this.history.list(actor, {
      from: window.from,
      to: window.to,
      root: jurisdictionRoot(actor, q),
      incidentIds: ids,
      limit: ListIncidentUpdates.MAX_LIMIT,
      cursor: window.cursor,
    });
    return {
      items: page.items.map((u) => toUpdate(u, req.vocabulary, isPublic(actor))),
      nextCursor: page.nextCursor ? encodeWindow({ ...window, cursor: page.nextCursor }) : null,
    };
  }

  /**
   * `POST servicerequestupdates`: a resident's comment (FixMyStreet's update fields) into the
   * incident's history; `OPEN` (or `REOPEN`) on a closed case asks for it to be reopened, which
   * follows the street's reopen rule. The same update_id again answers the first update.
   */
  async comment(actor: Actor, req: Open311Comment.Request): Promise<Open311Comment.Reply> {
    const b: Open311Query = req.params;
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
    const reply = await this.history.comment(actor, await validation.transform({
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
    }, { type: 'body', metatype: CommentOnIncident.Request }));
    return { rows: [{ update_id: reply.updateId }] };
  }

  /**
   * Requests as a client shows them: public fields only (no reporter), honest statuses, and a
   * "me too" duplicate answering with its original's status while merged into it (the office
   * joins the original the caller may see).
   */
  private present(actor: Actor, items: Open311Item[], vocabulary: Open311Vocabulary): Open311RequestDoc[] {
    return items.map((i) => toRequest(i, i.categoryName, vocabulary, i.original ?? undefined, isPublic(actor)));
  }
}

/**
 * An Open311 POST's answer from the incident filed (or found): the request, never a token too
 * (intake is synchronous); from a kept answer, the same fields in the same order.
 */
function createReply(from: ReportIncident.Reply, accountId: string | null): Open311Create.Reply;
function createReply(from: Open311Create.Reply): Open311Create.Reply;
function createReply(from: ReportIncident.Reply | Open311Create.Reply, accountId?: string | null): Open311Create.Reply {
  if ('rows' in from) {
    return { rows: from.rows.map((r) => ({ service_request_id: r.service_request_id, service_notice: r.service_notice, account_id: r.account_id })), existing: from.existing };
  }
  const notice = from.existing ? `已受理（重复提交），编号 ${from.code} / Already received as ${from.code}` : `已受理，编号 ${from.code} / Received as ${from.code}`;
  return { rows: [{ service_request_id: from.id, service_notice: notice, account_id: accountId ?? null }], existing: from.existing === true };
}

interface Window {
  from: string;
  to: string;
  cursor: string | undefined;
}

function encodeWindow(w: Window): string {
  return Buffer.from(JSON.stringify([w.from, w.to, w.cursor])).toString('base64url');
}

function decodeWindow(cursor: string): Window {
  try {
    const [from, to, inner] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string, string];
    if ([from, to].some((d) => Number.isNaN(new Date(d).getTime())) || typeof inner !== 'string') throw new Error('bad');
    return { from, to, cursor: inner };
  } catch {
    throw AppError.validation([{ field: 'cursor', messages: ['cursor is not one this API returned'] }]);
  }
}
