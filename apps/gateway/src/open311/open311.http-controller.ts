import { Body, Controller, Get, Headers, Injectable, OnModuleInit, Param, Post, Query, Req, Res } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiBody, ApiConsumes, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Actor, CommonErrorCode, GatewayErrorCode } from '@grid122/contracts';
import { AppError, toErrorBody } from '@grid122/messaging';
import { Public } from '../auth/auth.decorators';
import { AuthService } from '../auth/auth.service';
import { httpStatusForUnknown } from '../errors/http-status';
import { Open311Format, render, renderErrors } from './open311.format';
import { Open311ServiceImpl, PUBLIC_READER, StatusVocabulary } from './open311.service';
import { GatewayEnv } from '../config/gateway.env';
import { RateLimits } from '../security/rate-limits';

/** Fastify parses JSON only; Open311 clients POST `application/x-www-form-urlencoded`. */
@Injectable()
export class FormBodyParser implements OnModuleInit {
  constructor(private readonly host: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.host.httpAdapter?.getInstance?.() as FastifyInstance | undefined;
    if (!fastify?.addContentTypeParser || fastify.hasContentTypeParser('application/x-www-form-urlencoded')) return;
    fastify.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => {
      const out: Record<string, string | string[]> = {};
      for (const [k, v] of new URLSearchParams(body as string)) {
        const prev = out[k];
        out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
      }
      done(null, out);
    });
  }
}

type Q = Record<string, unknown>;
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
    private readonly open311: Open311ServiceImpl,
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
    return this.answer(res, f, 'services', 'service', () => this.open311.services(PUBLIC_READER));
  }

  @Get('services/:file')
  @ApiOperation({ summary: 'A service definition: services/{service_code}.json|xml (attributes beyond the standard fields)' })
  @ApiParam({ name: 'file', description: '{service_code}.json or .xml' })
  definition(@Param('file') file: string, @Res() res: FastifyReply) {
    const [code, f] = splitFile(file);
    return this.answer(res, f, 'service_definition', null, () => this.open311.definition(PUBLIC_READER, code), (d) => ({ ...d, attributes: { attribute: d.attributes } }));
  }

  @Get('requests.:format')
  @ApiOperation({ summary: 'Service requests (filters: service_request_id, service_code, start_date, end_date, status); no key needed unless OPEN311_READS_REQUIRE_KEY' })
  @ApiParam(FORMAT_PARAM)
  @ApiQuery({ name: 'api_key', required: false })
  @ApiQuery(EXTENDED_PARAM)
  list(@Param('format') f: string, @Query() q: Q, @Headers() h: Q, @Req() req: FastifyRequest, @Res() res: FastifyReply) {
    return this.answer(res, f, 'service_requests', 'request', async () => this.open311.list(await this.reader(h, q, req), q, vocabulary(q, 'plain')));
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
      const { rows, existing } = await this.open311.create(actor, b, idempotencyKey);
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
    return this.answer(res, f, 'service_requests', 'request', async () => this.open311.byIds(await this.reader(h, q, req), [id], vocabulary(q, 'plain')));
  }

  @Get('tokens/:file')
  @ApiOperation({ summary: 'The request id of a token: tokens/{token}.json|xml' })
  @ApiParam({ name: 'file', description: '{token}.json or .xml' })
  token(@Param('file') file: string, @Query() q: Q, @Headers() h: Q, @Req() req: FastifyRequest, @Res() res: FastifyReply) {
    const [token, f] = splitFile(file);
    return this.answer(res, f, 'service_requests', 'request', async () => this.open311.token(await this.reader(h, q, req), token));
  }

  @Get('servicerequestupdates.:format')
  @ApiOperation({ summary: 'Every public update between start_date and end_date, oldest first (FixMyStreet extension); extended statuses unless extended_statuses=false' })
  @ApiParam(FORMAT_PARAM)
  @ApiQuery(EXTENDED_PARAM)
  updates(@Param('format') f: string, @Query() q: Q, @Headers() h: Q, @Req() req: FastifyRequest, @Res() res: FastifyReply) {
    return this.answer(res, f, 'service_request_updates', 'request_update', async () => this.open311.updates(await this.reader(h, q, req), q, vocabulary(q, 'extended')));
  }

  @Post('servicerequestupdates.:format')
  @ApiOperation({ summary: 'A resident\'s comment on a request (FixMyStreet extension; API key required); OPEN on a closed case asks to reopen it' })
  @ApiParam(FORMAT_PARAM)
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiBody({ schema: { type: 'object', required: ['service_request_id', 'update_id', 'status'], properties: Object.fromEntries(['api_key', 'jurisdiction_id', 'service_request_id', 'update_id', 'updated_datetime', 'status', 'description', 'email', 'phone', 'first_name', 'last_name', 'media_url'].map((k) => [k, { type: 'string' }])) } })
  comment(@Param('format') f: string, @Query() q: Q, @Body() body: unknown, @Headers() h: Q, @Req() req: FastifyRequest, @Res() res: FastifyReply) {
    return this.answer(res, f, 'service_request_updates', 'request_update', async () => {
      const b = bodyOf(body);
      return this.open311.comment(await this.writer(h, { ...q, ...b }, req), b);
    }, undefined, 201);
  }

  /** A read: the key's platform or a logged-in user when given, else the public reader (public fields only) unless reads are key-only. */
  private async reader(h: Q, q: Q, req: FastifyRequest): Promise<Actor> {
    const bearer = bearerOf(h);
    if (bearer) return this.auth.actorFromToken(bearer);
    const key = keyOf(h, q);
    if (key) return this.platform(key);
    await this.anonymous(req);
    if (this.env.OPEN311_READS_REQUIRE_KEY) throw new AppError(CommonErrorCode.Forbidden, 'api_key is required: this server\'s reads are for its platforms only');
    return this.publicReader;
  }

  /** A caller without a key is counted per address (every replica, one window). */
  private async anonymous(req: FastifyRequest): Promise<void> {
    await this.limits.take('anonymous', `ip:${req.ip}`, this.env.ANONYMOUS_RATE_LIMIT_PER_MINUTE, 60, 'Too many requests from this address');
  }

  /** A write: the platform behind an API key, rate-limited per key. */
  private async writer(h: Q, q: Q, req: FastifyRequest): Promise<Actor> {
    const key = keyOf(h, q);
    if (!key) {
      await this.anonymous(req);
      throw new AppError(CommonErrorCode.Forbidden, 'api_key was not provided: ask the street command centre for one');
    }
    const actor = await this.platform(key);
    await this.limits.take('open311-post', `key:${actor.id}`, this.env.OPEN311_RATE_LIMIT_PER_MINUTE, 60, 'Too many requests from this API key');
    return actor;
  }

  /** An invalid key is the spec's 403. */
  private async platform(key: string): Promise<Actor> {
    try {
      return await this.auth.actorFromApiKey(key);
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

