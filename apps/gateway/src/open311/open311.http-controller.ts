import { Body, Controller, Get, Headers, Injectable, OnModuleInit, Param, Post, Query, Req, Res } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiBody, ApiConsumes, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Actor, CommonErrorCode, Role } from '@grid122/contracts';
import { AppError, toErrorBody } from '@grid122/messaging';
import { Public } from '../auth/auth.decorators';
import { AuthService } from '../auth/auth.service';
import { httpStatusForUnknown } from '../errors/http-status';
import { Open311Format, render, renderErrors } from './open311.format';
import { OPEN311_POST_LIMIT, RateLimiter } from './open311.rate-limit';
import { Open311ServiceImpl } from './open311.service';

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

/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) at /open311/v2/. Public at the guard
 * so every answer, errors included, is in the spec's format (`[{code, description}]` or
 * `<errors>`); the API key (`api_key` parameter or X-API-Key header) or a bearer token is checked
 * here. discovery and services are open; requests, tokens and updates need a key.
 */
@ApiTags('open311')
@Controller('open311/v2')
@Public()
export class Open311HttpController {
  private readonly limiter = new RateLimiter(OPEN311_POST_LIMIT.perMinute, OPEN311_POST_LIMIT.burst);

  constructor(
    private readonly open311: Open311ServiceImpl,
    private readonly auth: AuthService,
  ) {}

  @Get('discovery.:format')
  @ApiOperation({ summary: 'Service discovery' })
  @ApiParam(FORMAT_PARAM)
  discovery(@Param('format') f: string, @Req() req: FastifyRequest, @Res() res: FastifyReply) {
    return this.answer(res, f, 'discovery', null, async () => {
      const base = `${req.protocol}://${req.hostname}/open311/v2/`;
      return {
        changeset: '2026-11-01T00:00:00+08:00',
        contact: '街道网格化管理服务中心 / street grid command centre',
        key_service: 'Ask the street command centre for an API key',
        endpoints: [
          { specification: 'http://wiki.open311.org/GeoReport_v2', url: base, changeset: '2026-11-01T00:00:00+08:00', type: 'production', formats: ['text/xml', 'application/json'] },
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

  @Get('requests.:format')
  @ApiOperation({ summary: 'Service requests (filters: service_request_id, service_code, start_date, end_date, status)' })
  @ApiParam(FORMAT_PARAM)
  @ApiQuery({ name: 'api_key', required: false })
  list(@Param('format') f: string, @Query() q: Q, @Headers() h: Q, @Res() res: FastifyReply) {
    return this.answer(res, f, 'service_requests', 'request', async () => this.open311.list(await this.caller(h, q), q));
  }

  @Post('requests.:format')
  @ApiOperation({ summary: 'Create a service request (API key required); form-encoded or JSON' })
  @ApiParam(FORMAT_PARAM)
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiBody({ schema: { type: 'object', required: ['service_code'], properties: Object.fromEntries(['api_key', 'service_code', 'lat', 'long', 'address_string', 'address_id', 'description', 'first_name', 'last_name', 'phone', 'email', 'device_id', 'account_id', 'media_url'].map((k) => [k, { type: 'string' }])) } })
  create(@Param('format') f: string, @Query() q: Q, @Body() body: unknown, @Headers() h: Q, @Res() res: FastifyReply) {
    return this.answer(res, f, 'service_requests', 'request', async () => {
      const b = (body && typeof body === 'object' ? body : {}) as Q;
      const actor = await this.caller(h, { ...q, ...b }, true);
      const taken = this.limiter.take(actor.id);
      if (!taken.ok) {
        void res.header('retry-after', String(taken.retryAfterSeconds));
        throw new AppError(CommonErrorCode.RateLimited, `Too many requests from this client: retry in ${taken.retryAfterSeconds} s`);
      }
      return this.open311.create(actor, b);
    }, undefined, 201);
  }

  @Get('requests/:file')
  @ApiOperation({ summary: 'One service request: requests/{id}.json|xml' })
  @ApiParam({ name: 'file', description: '{service_request_id}.json or .xml' })
  one(@Param('file') file: string, @Query() q: Q, @Headers() h: Q, @Res() res: FastifyReply) {
    const [id, f] = splitFile(file);
    return this.answer(res, f, 'service_requests', 'request', async () => this.open311.byIds(await this.caller(h, q), [id]));
  }

  @Get('tokens/:file')
  @ApiOperation({ summary: 'The request id of a token: tokens/{token}.json|xml' })
  @ApiParam({ name: 'file', description: '{token}.json or .xml' })
  token(@Param('file') file: string, @Query() q: Q, @Headers() h: Q, @Res() res: FastifyReply) {
    const [token, f] = splitFile(file);
    return this.answer(res, f, 'service_requests', 'request', async () => this.open311.token(await this.caller(h, q), token));
  }

  @Get('servicerequestupdates.:format')
  @ApiOperation({ summary: 'Status changes between start_date and end_date (FixMyStreet extension)' })
  @ApiParam(FORMAT_PARAM)
  updates(@Param('format') f: string, @Query() q: Q, @Headers() h: Q, @Res() res: FastifyReply) {
    return this.answer(res, f, 'service_request_updates', 'request_update', async () => this.open311.updates(await this.caller(h, q), q));
  }

  /** The platform behind an API key (or a logged-in user); 401/403 in the spec's format otherwise. */
  private async caller(h: Q, q: Q, keyRequired = false): Promise<Actor> {
    const bearer = typeof h.authorization === 'string' && h.authorization.startsWith('Bearer ') ? h.authorization.slice(7).trim() : undefined;
    if (bearer && !keyRequired) return this.auth.actorFromToken(bearer);
    const key = typeof h['x-api-key'] === 'string' ? h['x-api-key'] : typeof q.api_key === 'string' ? q.api_key : undefined;
    if (!key) throw new AppError(CommonErrorCode.Unauthenticated, 'api_key is required');
    return this.auth.actorFromApiKey(key);
  }

  private async answer<T>(res: FastifyReply, f: string, root: string, item: string | null, fn: () => Promise<T>, toXml?: (v: T) => unknown, okStatus = 200): Promise<void> {
    const format: Open311Format = f === 'xml' ? 'xml' : 'json';
    let status = okStatus;
    let out: { body: string; contentType: string };
    try {
      if (f !== 'json' && f !== 'xml') throw new AppError(CommonErrorCode.NotFound, `Format ${f} is not served: use .json or .xml`);
      const value = await fn();
      out = render(format, root, item, format === 'xml' && toXml ? toXml(value) : value);
    } catch (e) {
      const body = toErrorBody(e);
      status = httpStatusForUnknown(body.code);
      out = renderErrors(format, [{ code: status, description: body.message }]);
    }
    void res.status(status).header('content-type', out.contentType).send(out.body);
  }
}

/** `{id}.json` → [id, 'json']. */
function splitFile(file: string): [string, string] {
  const i = file.lastIndexOf('.');
  return i < 0 ? [file, ''] : [file.slice(0, i), file.slice(i + 1)];
}

/**
 * `services` is public: the category table is the same for everyone and holds no personal data.
 * The office still wants a caller, so a read-only actor with an empty result scope asks for it.
 */
const PUBLIC_READER: Actor = { id: '00000000-0000-0000-0000-000000000311', username: 'open311-public', role: Role.Platform, scope: 'open311_public' };
