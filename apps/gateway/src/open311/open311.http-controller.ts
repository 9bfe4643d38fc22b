import { Body, Controller, Get, Headers, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  Actor, CommonErrorCode, GatewayErrorCode, OPEN311_PUBLIC_READER_ID, Open311Comment, Open311Create, Open311Definition, Open311Find, Open311Get, Open311Services, Open311Updates,
  Open311UpdateDoc, Open311Vocabulary, Role,
} from '@grid122/contracts';
import { AppError, RpcClient, toErrorBody } from '@grid122/messaging';
import { Public } from '../auth/auth.decorators';
import { AuthService } from '../auth/auth.service';
import { httpStatusForUnknown } from '../errors/http-status';
import { Open311Format, render, renderErrors } from './open311.format';
import { GatewayEnv } from '../config/gateway.env';
import { RateLimits } from '../security/rate-limits';
import { bodyParser } from '../routing/body-parser';

/** Open311 clients POST `application/x-www-form-urlencoded`: a field sent twice becomes a list. */
export const FormBodyParser = bodyParser(['application/x-www-form-urlencoded'], (body) => {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(body as string)) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}, { parseAs: 'string', bodyLimit: 64 * 1024 });

type Q = Record<string, unknown>;
type StatusVocabulary = Open311Vocabulary;

/**
 * The reader of keyless Open311 reads and of `services` (the category table holds no personal
 * data). The office still wants a caller: a platform actor whose scope is OPEN311_PUBLIC_SCOPE.
 * What it reads is public: the office masks contacts written into free text for it.
 */
const PUBLIC_READER: Actor = { id: OPEN311_PUBLIC_READER_ID, username: 'open311-public', role: Role.Platform, scope: 'open311_public' };
const FORMAT_PARAM = { name: 'format', enum: ['json', 'xml'], description: 'json or xml (the spec\'s required format)' };
const EXTENDED_PARAM = { name: 'extended_statuses', required: false, description: 'true: FixMyStreet\'s extended statuses (fixed, not_councils_responsibility …); false: open/closed' };

/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) at /open311/v2/. Public at the guard
 * so every answer, errors included, is in the spec's format (`[{code, description}]` or
 * `<errors>`). discovery and services are open; reads (requests, tokens, updates) answer without a
 * key with public fields only, unless OPEN311_READS_REQUIRE_KEY; POSTs need an API key (403 in the
 * spec's words when it is missing or invalid).
 */
@ApiTags('open311')
@Controller('open311/v2')
@Public()
export class Open311HttpController {
  private readonly publicReader: Actor;

  constructor(
    private readonly rpc: RpcClient,
    private readonly auth: AuthService,
    private readonly env: GatewayEnv,
    private readonly limits: RateLimits,
  ) {
    this.publicReader = { ...PUBLIC_READER, scope: env.OPEN311_PUBLIC_SCOPE };
  }

  @Get('discovery.:format')
  @ApiOperation({ summary: 'Service discovery' })
  @ApiParam(FORMAT_PARAM)
  discovery(@Param('format') f: string, @Req() req: FastifyRequest, @Res() res: FastifyReply) {
    return this.answer(res, f, 'discovery', null, async () => {
      const base = `${req.protocol}://${req.hostname}/open311/v2/`;
      return {
        changeset: '2026-12-07T00:00:00+08:00',
        contact: '街道网格化管理服务中心 / street grid command centre',
        key_service: 'Ask the street command centre for an API key',
        endpoints: [
          { specification: 'http://wiki.open311.org/GeoReport_v2', url: base, changeset: '2026-12-07T00:00:00+08:00', type: 'production', formats: ['text/xml', 'application/json'] },
        ],
      };
    }, (d) => ({ ...d, endpoints: { endpoint: d.endpoints.map((e) => ({ ...e, formats: { format: e.formats } })) } }));
  }

  @Get('services.:format')
  @ApiOperation({ summary: 'Service list: the office\'s categories' })
  @ApiParam(FORMAT_PARAM)
  services(@Param('format') f: string, @Res() res: FastifyReply) {
    return this.answer(res, f, 'services', 'service', async () => (await this.rpc.call(Open311Services, {}, PUBLIC_READER)).items);
  }

  @Get('services/:file')
  @ApiOperation({ summary: 'A service definition: services/{service_code}.json|xml (attributes beyond the standard fields)' })
  @ApiParam({ name: 'file', description: '{service_code}.json or .xml' })
  definition(@Param('file') file: string, @Res() res: FastifyReply) {
    const [code, f] = splitFile(file);
    return this.answer(res, f, 'service_definition', null, () => this.rpc.call(Open311Definition, { code }, PUBLIC_READER), (d) => ({ ...d, attributes: { attribute: d.attributes } }));
  }

  @Get('requests.:format')
  @ApiOperation({ summary: 'Service requests (filters: service_request_id, service_code, start_date, end_date, status); no key needed unless OPEN311_READS_REQUIRE_KEY' })
  @ApiParam(FORMAT_PARAM)
  @ApiQuery({ name: 'api_key', required: false })
  @ApiQuery(EXTENDED_PARAM)
  list(@Param('format') f: string, @Query() q: Q, @Headers() h: Q, @Req() req: FastifyRequest, @Res() res: FastifyReply) {
    return this.answer(res, f, 'service_requests', 'request', async () => (await this.rpc.call(Open311Find, { params: paramsOf(q), vocabulary: vocabulary(q, 'plain') }, await this.reader(h, q, req))).items);
  }

  @Post('requests.:format')
  @ApiOperation({ summary: 'Create a service request (API key required); form-encoded or JSON' })
  @ApiParam(FORMAT_PARAM)
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiBody({ schema: { type: 'object', required: ['service_code'], properties: Object.fromEntries(['api_key', 'jurisdiction_id', 'service_code', 'lat', 'long', 'address_string', 'address_id', 'description', 'first_name', 'last_name', 'phone', 'email', 'device_id', 'account_id', 'media_url'].map((k) => [k, { type: 'string' }])) } })
  create(@Param('format') f: string, @Query() q: Q, @Body() body: unknown, @Headers() h: Q, @Req() req: FastifyRequest, @Res() res: FastifyReply) {
    const status = { code: 201 };
    return this.answer(res, f, 'service_requests', 'request', async () => {
      const b = bodyOf(body);
      const actor = await this.writer(h, { ...q, ...b }, req);
      const idempotencyKey = typeof h['idempotency-key'] === 'string' ? h['idempotency-key'] : undefined;
      const { rows, existing } = await this.rpc.call(Open311Create, { params: paramsOf(b), idempotencyKey }, actor);
      // A repeated reference answers the first request: 200, not a second 201.
      if (existing) status.code = 200;
      return rows;
    }, undefined, status);
  }

  @Get('requests/:file')
  @ApiOperation({ summary: 'One service request: requests/{id}.json|xml' })
  @ApiParam({ name: 'file', description: '{service_request_id}.json or .xml' })
  @ApiQuery(EXTENDED_PARAM)
  one(@Param('file') file: string, @Query() q: Q, @Headers() h: Q, @Req() req: FastifyRequest, @Res() res: FastifyReply) {
    const [id, f] = splitFile(file);
    return this.answer(res, f, 'service_requests', 'request', async () => (await this.rpc.call(Open311Get, { ids: [id], vocabulary: vocabulary(q, 'plain') }, await this.reader(h, q, req))).items);
  }

  @Get('tokens/:file')
  @ApiOperation({ summary: 'The request id of a token: tokens/{token}.json|xml' })
  @ApiParam({ name: 'file', description: '{token}.json or .xml' })
  token(@Param('file') file: string, @Query() q: Q, @Headers() h: Q, @Req() req: FastifyRequest, @Res() res: FastifyReply) {
    const [token, f] = splitFile(file);
    return this.answer(res, f, 'service_requests', 'request', async () => {
      // Intake is synchronous here, so a token is the request id itself.
      const [r] = (await this.rpc.call(Open311Get, { ids: [token], vocabulary: 'plain' }, await this.reader(h, q, req))).items;
      return [{ service_request_id: r.service_request_id, token }];
    });
  }

  @Get('servicerequestupdates.:format')
  @ApiOperation({ summary: 'Every public update between start_date and end_date, oldest first (FixMyStreet extension); extended statuses unless extended_statuses=false' })
  @ApiParam(FORMAT_PARAM)
  @ApiQuery(EXTENDED_PARAM)
  updates(@Param('format') f: string, @Query() q: Q, @Headers() h: Q, @Req() req: FastifyRequest, @Res() res: FastifyReply) {
    return this.answer(res, f, 'service_request_updates', 'request_update', async () => this.updatesOf(await this.reader(h, q, req), q, vocabulary(q, 'extended')));
  }

  @Post('servicerequestupdates.:format')
  @ApiOperation({ summary: 'A resident\'s comment on a request (FixMyStreet extension; API key required); OPEN on a closed case asks to reopen it' })
  @ApiParam(FORMAT_PARAM)
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiBody({ schema: { type: 'object', required: ['service_request_id', 'update_id', 'status'], properties: Object.fromEntries(['api_key', 'jurisdiction_id', 'service_request_id', 'update_id', 'updated_datetime', 'status', 'description', 'email', 'phone', 'first_name', 'last_name', 'media_url'].map((k) => [k, { type: 'string' }])) } })
  comment(@Param('format') f: string, @Query() q: Q, @Body() body: unknown, @Headers() h: Q, @Req() req: FastifyRequest, @Res() res: FastifyReply) {
    return this.answer(res, f, 'service_request_updates', 'request_update', async () => {
      const b = bodyOf(body);
      return (await this.rpc.call(Open311Comment, { params: paramsOf(b) }, await this.writer(h, { ...q, ...b }, req))).rows;
    }, undefined, 201);
  }

  /**
   * `servicerequestupdates`: the office's pages to the end of the window. A window holding more
   * than OPEN311_UPDATES_MAX updates is refused (413, asking for a shorter window), never cut short.
   */
  private async updatesOf(actor: Actor, q: Q, voc: StatusVocabulary): Promise<Open311UpdateDoc[]> {
    const out: Open311UpdateDoc[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.rpc.call(Open311Updates, { params: paramsOf(q), vocabulary: voc, cursor }, actor);
      if (out.length + page.items.length > this.env.OPEN311_UPDATES_MAX) {
        throw new AppError(
          CommonErrorCode.PayloadTooLarge,
          `More than ${this.env.OPEN311_UPDATES_MAX} updates between start_date and end_date: ask for a shorter window (窗口内更新过多，请缩短时间范围)`,
          { field: 'start_date' },
        );
      }
      out.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return out;
  }

  /** A read: the key's platform or a logged-in user when given, else the public reader (public fields only) unless reads are key-only. */
  private async reader(h: Q, q: Q, req: FastifyRequest): Promise<Actor> {
    const bearer = bearerOf(h);
    if (bearer) return this.auth.actorFromToken(bearer);
    const key = keyOf(h, q);
    if (key) return this.platform(key, req.ip);
    await this.anonymous(req);
    if (this.env.OPEN311_READS_REQUIRE_KEY) throw new AppError(CommonErrorCode.Forbidden, 'api_key is required: this server\'s reads are for its platforms only');
    return this.publicReader;
  }

  /** A caller without a key is counted per address (every replica, one window). */
  private async anonymous(req: FastifyRequest): Promise<void> {
    await this.limits.anonymous(req.ip);
  }

  /** A write: the platform behind an API key, rate-limited per key. */
  private async writer(h: Q, q: Q, req: FastifyRequest): Promise<Actor> {
    const key = keyOf(h, q);
    if (!key) {
      await this.anonymous(req);
      throw new AppError(CommonErrorCode.Forbidden, 'api_key was not provided: ask the street command centre for one');
    }
    const actor = await this.platform(key, req.ip);
    await this.limits.take('open311-post', `key:${actor.id}`, this.env.OPEN311_RATE_LIMIT_PER_MINUTE, 60, 'Too many requests from this API key');
    return actor;
  }

  /** An invalid key is the spec's 403 (counted against the address's anonymous budget: 429 beyond it). */
  private async platform(key: string, ip: string): Promise<Actor> {
    try {
      return await this.auth.actorFromApiKey(key, ip);
    } catch (e) {
      if (e instanceof AppError && e.code === GatewayErrorCode.BadApiKey) throw new AppError(CommonErrorCode.Forbidden, 'api_key is invalid');
      throw e;
    }
  }

  /** `okStatus` may be a holder the handler sets (a repeated POST answers 200, not 201). */
  private async answer<T>(res: FastifyReply, f: string, root: string, item: string | null, fn: () => Promise<T>, toXml?: (v: T) => unknown, okStatus: number | { code: number } = 200): Promise<void> {
    const format: Open311Format = f === 'xml' ? 'xml' : 'json';
    let status = 0;
    let out: { body: string; contentType: string };
    try {
      if (f !== 'json' && f !== 'xml') throw new AppError(CommonErrorCode.NotFound, `Format ${f || '(none)'} is not served: use .json or .xml`);
      const value = await fn();
      status = typeof okStatus === 'number' ? okStatus : okStatus.code;
      out = render(format, root, item, format === 'xml' && toXml ? toXml(value) : value);
    } catch (e) {
      const body = toErrorBody(e);
      status = httpStatusForUnknown(body.code);
      const retryAfter = (body.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
      if (status === 429 && typeof retryAfter === 'number') void res.header('retry-after', String(retryAfter));
      out = renderErrors(format, [{ code: status, description: body.message }]);
    }
    void res.status(status).header('content-type', out.contentType).send(out.body);
  }
}

/** What the office reads of a query or form: everything but the key (a secret, never sent on). */
const paramsOf = ({ api_key: _key, ...rest }: Q): Q => rest;
const bodyOf = (body: unknown): Q => (body && typeof body === 'object' ? body : {}) as Q;
const bearerOf = (h: Q): string | undefined => (typeof h.authorization === 'string' && h.authorization.startsWith('Bearer ') ? h.authorization.slice(7).trim() || undefined : undefined);

/** `api_key` (FixMyStreet sends an empty one on updates when it has none: no key) or X-API-Key. */
function keyOf(h: Q, q: Q): string | undefined {
  const v = typeof h['x-api-key'] === 'string' ? h['x-api-key'] : Array.isArray(q.api_key) ? q.api_key[0] : q.api_key;
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}

/** `extended_statuses=true|false` chooses the vocabulary; each route has its default. */
function vocabulary(q: Q, fallback: StatusVocabulary): StatusVocabulary {
  const v = typeof q.extended_statuses === 'string' ? q.extended_statuses.toLowerCase() : '';
  return ['1', 'true', 'yes'].includes(v) ? 'extended' : ['0', 'false', 'no'].includes(v) ? 'plain' : fallback;
}

/** `{id}.json` → [id, 'json']. */
function splitFile(file: string): [string, string] {
  const i = file.lastIndexOf('.');
  return i < 0 ? [file, ''] : [file.slice(0, i), file.slice(i + 1)];
}

