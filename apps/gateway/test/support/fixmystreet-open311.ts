import { XMLParser } from 'fast-xml-parser';

/**
 * A faithful TypeScript port of FixMyStreet's Open311 client: the requests it makes and the way it
 * reads the answers, so the suite can be checked against FixMyStreet's own behaviour without
 * running its Perl (which needs FixMyStreet's database and internals, and whose code the project
 * does not vendor). Ported from mysociety/fixmystreet at 84d7c80c (2026-08-21):
 *
 * - perllib/Open311.pm — `_request` (endpoint + path, `jurisdiction_id` on every request, `api_key`
 *   on POSTs only, GET params replace the query, POST form-encoded), `_get_xml_object` (XML::Simple
 *   with ForceArray/GroupTags, SuppressEmpty => undef), `get_service_list`, `send_service_request`
 *   (service_request_id, else a token polled on tokens/{token}.xml), `_populate_service_request_params`,
 *   `get_service_requests`, `get_service_request_id_from_token`, `get_service_request_updates`
 *   (`api_key => $self->api_key || ''` even on this GET), `post_service_request_update` and
 *   `_populate_service_request_update_params` (OPEN/CLOSED, or the extended statuses), `map_state`,
 *   `split_name`, `_process_error`.
 * - perllib/Open311/GetServiceRequestUpdates.pm — `parse_dates` (the last 2 hours), `process_requests`
 *   (skip without update_id or when a comment has that external_id).
 * - perllib/Open311/UpdatesBase.pm — `check_date` (W3C strings compared in UTC against the window),
 *   `find_problem` (by external_id), `_process_update` (map_state, only visible states change a report).
 * - perllib/Open311/PostServiceRequestUpdates.pm — the answered update_id kept as the comment's external_id.
 * - perllib/Open311/GetServiceRequests.pm — `format_args` (the last hour), `create_problems`
 *   (needs id, lat, long; skips reports FixMyStreet already has; updated_datetime inside the window).
 * - db/fixture.sql and FixMyStreet::DB::Result::Problem — the states and which are open, fixed, closed.
 *
 * `always_send_api_key` is not an option of that FixMyStreet (its GETs of requests and tokens never
 * carry a key); it stands here for a deployment whose cobrand hook adds the key to every request.
 */
export interface FmsConfig {
  endpoint: string;
  api_key?: string;
  jurisdiction?: string;
  extended_statuses?: boolean;
  always_send_api_key?: boolean;
}

type XmlObject = Record<string, unknown>;

/** FixMyStreet's states (db/fixture.sql plus the built-in ones). */
export const FMS_OPEN_STATES = ['confirmed', 'investigating', 'in progress', 'planned', 'action scheduled'];
export const FMS_FIXED_STATES = ['fixed', 'fixed - user', 'fixed - council'];
export const FMS_CLOSED_STATES = ['unable to fix', 'not responsible', 'duplicate', 'internal referral', 'cancelled', 'closed'];
const VISIBLE_STATES = new Set([...FMS_OPEN_STATES, ...FMS_FIXED_STATES, ...FMS_CLOSED_STATES]);

const GROUP_TAGS: Record<string, string> = {
  services: 'service',
  attributes: 'attribute',
  values: 'value',
  service_requests: 'request',
  errors: 'error',
  service_request_updates: 'request_update',
  groups: 'group',
};
const FORCE_ARRAY = new Set(Object.values(GROUP_TAGS));

/** W3CDTF->format_datetime of a UTC DateTime without nanoseconds: `2026-12-07T10:00:00Z`. */
export const w3cdtf = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
/** …and of a parsed time that has a fraction of a second (format_datetime writes it then). */
const w3cdtfFraction = (d: Date): string => (d.getUTCMilliseconds() ? d.toISOString() : w3cdtf(d));

export class FmsOpen311 {
  success = false;
  error = '';
  readonly requests: { method: string; url: string; body?: string }[] = [];

  constructor(readonly cfg: FmsConfig) {}

  // ------------------------------------------------------------ Open311.pm

  async get_service_list(): Promise<XmlObject | undefined> {
    const xml = await this._get('services.xml');
    return xml ? this._get_xml_object(xml) : undefined;
  }

  async get_service_meta_info(serviceId: string): Promise<XmlObject | undefined> {
    return this._get_xml_object(await this._get(`services/${serviceId}.xml`));
  }

  /** Returns the request id, or 0 (as FixMyStreet does) when it could not tell. */
  async send_service_request(problem: FmsProblem, serviceCode: string): Promise<string | 0> {
    const response = await this._post('requests.xml', this._populate_service_request_params(problem, serviceCode));
    if (!response) return 0;
    const obj = this._get_xml_object(response);
    const first = (obj?.request as XmlObject[] | undefined)?.[0];
    if (first?.service_request_id !== undefined) {
      if (typeof first.service_request_id === 'string' && first.service_request_id) return first.service_request_id;
    } else if (typeof first?.token === 'string' && first.token) {
      for (let i = 0; i < 5; i++) {
        const id = await this.get_service_request_id_from_token(first.token);
        if (id) return id;
      }
    }
    return 0;
  }

  _populate_service_request_params(problem: FmsProblem, serviceCode: string): Record<string, string> {
    // extended_description (default 1), not a UK cobrand: title, detail and the report's URL.
    const description = `${problem.title}\n\n${problem.detail}\n\n${problem.url}\n`;
    const [first, last] = this.split_name(problem.name);
    const params: Record<string, string> = { description, service_code: serviceCode, first_name: first, last_name: last };
    if (problem.email) params.email = problem.email;
    // always_send_latlong (default 1).
    params.lat = problem.latitude.toFixed(6);
    params.long = problem.longitude.toFixed(6);
    if (problem.image_url) params.media_url = problem.image_url;
    return params;
  }

  async get_service_requests(args: Record<string, string>): Promise<XmlObject[] | undefined> {
    const xml = await this._get('requests.xml', { ...args });
    return this._get_xml_object(xml)?.request as XmlObject[] | undefined;
  }

  async get_service_request_id_from_token(token: string): Promise<string | 0> {
    const obj = this._get_xml_object(await this._get(`tokens/${token}.xml`));
    const id = (obj?.request as XmlObject[] | undefined)?.[0]?.service_request_id;
    return typeof id === 'string' && id ? id : 0;
  }

  async get_service_request_updates(start?: string, end?: string): Promise<XmlObject[] | undefined | 0> {
    const params: Record<string, string> = { api_key: this.cfg.api_key || '' };
    if (start || end) {
      if (!(start && end)) return 0;
      params.start_date = start;
      params.end_date = end;
    }
    const xml = await this._get('servicerequestupdates.xml', params);
    return this._get_xml_object(xml)?.request_update as XmlObject[] | undefined;
  }

  async post_service_request_update(comment: FmsComment): Promise<string | 0> {
    const response = await this._post('servicerequestupdates.xml', this._populate_service_request_update_params(comment));
    if (!response) return 0;
    const first = (this._get_xml_object(response)?.request_update as XmlObject[] | undefined)?.[0];
    if (typeof first?.update_id === 'string' && first.update_id) return first.update_id;
    if (typeof first?.token === 'string' && first.token) return this.get_service_request_id_from_token(first.token);
    return 0;
  }

  _populate_service_request_update_params(c: FmsComment): Record<string, string> {
    const [first, lastRaw] = this.split_name(c.name);
    const last = lastRaw || '-';
    const state = c.problem_state ?? c.problem.state;
    let status = 'OPEN';
    if (this.cfg.extended_statuses) {
      if (FMS_FIXED_STATES.includes(state)) status = 'FIXED';
      else if (state === 'in progress') status = 'IN_PROGRESS';
      else if (state === 'action scheduled' || state === 'planned') status = 'ACTION_SCHEDULED';
      else if (state === 'investigating') status = 'INVESTIGATING';
      else if (state === 'duplicate') status = 'DUPLICATE';
      else if (state === 'not responsible') status = 'NOT_COUNCILS_RESPONSIBILITY';
      else if (state === 'unable to fix') status = 'NO_FURTHER_ACTION';
      else if (state === 'internal referral') status = 'INTERNAL_REFERRAL';
      else if (state === 'closed') status = 'CLOSED';
      else if (state === 'cancelled') status = 'CANCELLED';
      else if (c.mark_open && c.mark_reopen) status = 'REOPEN';
    } else if (!FMS_OPEN_STATES.includes(state)) {
      status = 'CLOSED';
    }
    const params: Record<string, string> = {
      updated_datetime: w3cdtf(c.confirmed),
      service_request_id: c.problem.external_id,
      status,
      description: c.text,
      last_name: last,
      first_name: first,
    };
    if (c.email) params.email = c.email;
    params.update_id = String(c.id);
    if (c.photo_url) params.media_url = c.photo_url;
    return params;
  }

  map_state(incoming: string): string {
    const s = incoming.toLowerCase().replace(/_/g, ' ');
    const map: Record<string, string> = {
      fixed: 'fixed - council',
      'not councils responsibility': 'not responsible',
      'no further action': 'unable to fix',
      open: 'confirmed',
      closed: this.cfg.extended_statuses ? 'closed' : 'fixed - council',
    };
    return map[s] ?? s;
  }

  split_name(name: string): [string, string] {
    if (!name) return ['', ''];
    const m = /(\S+)(?:\.?\s+(.+))?/.exec(name);
    return [m?.[1] ?? '', m?.[2] ?? ''];
  }

  async _request(method: 'GET' | 'POST', path: string, params: Record<string, string> = {}): Promise<string | undefined> {
    const uri = new URL(this.cfg.endpoint);
    uri.pathname = uri.pathname + path;
    if (this.cfg.jurisdiction) params.jurisdiction_id = this.cfg.jurisdiction;
    if ((method === 'POST' || this.cfg.always_send_api_key) && this.cfg.api_key) params.api_key = this.cfg.api_key;
    let res: Response;
    if (method === 'GET') {
      // URI->query_form($params) replaces the query.
      uri.search = new URLSearchParams(params).toString();
      this.requests.push({ method, url: uri.toString() });
      res = await fetch(uri, { method: 'GET' });
    } else {
      const body = new URLSearchParams(params).toString();
      this.requests.push({ method, url: uri.toString(), body });
      res = await fetch(uri, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    }
    const text = await res.text();
    if (res.ok) {
      this.success = true;
      return text;
    }
    this.success = false;
    this.error = `request failed: ${res.status}\nerror: ${this._process_error(text)}\n`;
    return undefined;
  }

  _get(path: string, params?: Record<string, string>) {
    return this._request('GET', path, params);
  }

  _post(path: string, params: Record<string, string>) {
    return this._request('POST', path, params);
  }

  _process_error(error: string): string {
    const obj = this._get_xml_object(error);
    let msg = '';
    if (obj && Array.isArray(obj.error)) {
      for (const e of obj.error as XmlObject[]) msg += `${e.code || '???'}: ${e.description || 'unknown error'}\n`;
    }
    return msg || 'unknown error';
  }

  /** XML::Simple->new(ForceArray => [group tags], KeyAttr => {}, GroupTags => …, SuppressEmpty => undef)->parse_string. */
  _get_xml_object(xml: string | undefined): XmlObject | undefined {
    if (!xml) return undefined;
    try {
      const parsed = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: true, isArray: (name) => FORCE_ARRAY.has(name) }).parse(xml, true) as XmlObject;
      const roots = Object.keys(parsed).filter((k) => k !== '?xml');
      if (roots.length !== 1) return undefined;
      const root = simplify(parsed[roots[0]]);
      return root && typeof root === 'object' ? (root as XmlObject) : undefined;
    } catch {
      return undefined; // eval { } around parse_string
    }
  }
}

/** SuppressEmpty => undef, and GroupTags folding `<attributes><attribute>…` into the list. */
function simplify(v: unknown): unknown {
  if (v === '') return undefined;
  if (Array.isArray(v)) return v.map(simplify);
  if (v && typeof v === 'object') {
    const out: XmlObject = {};
    for (const [k, x] of Object.entries(v as XmlObject)) {
      const tag = GROUP_TAGS[k];
      const folded = tag && x && typeof x === 'object' && !Array.isArray(x) && Object.keys(x).length === 1 && tag in (x as XmlObject) ? (x as XmlObject)[tag] : x;
      out[k] = simplify(folded);
    }
    return out;
  }
  return v;
}

export interface FmsProblem {
  id: number;
  title: string;
  detail: string;
  name: string;
  email?: string;
  latitude: number;
  longitude: number;
  url: string;
  image_url?: string;
  state: string;
  external_id: string;
  lastupdate: Date;
  whensent?: Date;
  comments: { external_id: string; text: string; problem_state: string | null; created: Date }[];
}

export interface FmsComment {
  id: number;
  problem: FmsProblem;
  text: string;
  name: string;
  email?: string;
  confirmed: Date;
  problem_state?: string;
  mark_open?: boolean;
  mark_reopen?: boolean;
  photo_url?: string;
}

/**
 * GetServiceRequestUpdates over a body's reports (in memory): the window, the date check, the
 * lookup by external_id, the update_id dedup and the state change of `_process_update`.
 * Returns how many comments it created.
 */
export async function fetchUpdates(o: FmsOpen311, problems: FmsProblem[], window?: { start: Date; end: Date }): Promise<number> {
  const end = window?.end ?? new Date();
  const start = window?.start ?? new Date(end.getTime() - 2 * 3600_000);
  const args = [w3cdtf(start), w3cdtf(end)];
  const requests = await o.get_service_request_updates(args[0], args[1]);
  if (!o.success) throw new Error(`Failed to fetch ServiceRequest Updates:\n${o.error}`);
  let created = 0;
  for (const request of (requests || []) as XmlObject[]) {
    if (request.update_id === undefined) continue;
    // UpdatesBase::check_date: the update's time, formatted in UTC, inside the window (string comparison).
    let when = new Date(String(request.updated_datetime ?? ''));
    if (Number.isNaN(when.getTime())) continue;
    const updated = w3cdtfFraction(when);
    if (updated < args[0] || updated > args[1]) continue;
    const p = problems.find((x) => x.external_id === request.service_request_id);
    if (!p) continue;
    if (p.comments.some((c) => c.external_id === request.update_id)) continue;
    created++;
    // _process_update: an update is never earlier than when the report was sent.
    if (p.whensent && when <= p.whensent) when = new Date(p.whensent.getTime() + 1000);
    const state = o.map_state(String(request.status ?? ''));
    const visible = VISIBLE_STATES.has(state) && !(FMS_FIXED_STATES.includes(p.state) && FMS_FIXED_STATES.includes(state));
    p.comments.push({ external_id: String(request.update_id), text: String(request.description ?? ''), problem_state: visible ? state : null, created: when });
    if (visible && p.state !== state && when >= p.lastupdate) p.state = state;
    if (when > p.lastupdate) p.lastupdate = when;
  }
  return created;
}

/**
 * PostServiceRequestUpdates for one comment: the update_id answered becomes the comment's
 * external_id on the report, which is how a later fetch knows the update as its own.
 */
export async function sendComment(o: FmsOpen311, c: FmsComment): Promise<string | 0> {
  const id = await o.post_service_request_update(c);
  if (id) c.problem.comments.push({ external_id: id, text: c.text, problem_state: c.problem_state ?? null, created: c.confirmed });
  return id;
}
