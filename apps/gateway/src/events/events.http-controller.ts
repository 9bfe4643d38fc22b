import { Controller, Get, Headers, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Actor, CommonErrorCode } from '@grid122/contracts';
import { AppError } from '@grid122/messaging';
import { BUSINESS_ROLES, Caller, Public, Roles } from '../auth/auth.decorators';
import { AuthService } from '../auth/auth.service';
import { EventFeed, FEED_LIMITS } from './event-feed.service';
import { StreamTickets } from './stream-tickets.service';

/** The live feed (实时动态) as Server-Sent Events. */
@ApiTags('events')
@ApiBearerAuth()
@Controller('api/v1/events')
export class EventsHttpController {
  constructor(
    private readonly feed: EventFeed,
    private readonly auth: AuthService,
    private readonly tickets: StreamTickets,
  ) {}

  /** A one-time ticket for `GET stream?ticket=` (for EventSource, which cannot send the Authorization header). */
  @Post('ticket')
  @HttpCode(200)
  @Roles(...BUSINESS_ROLES)
  @ApiOperation({ summary: 'A one-time live-feed ticket (30 s): open the stream with ?ticket=, never with the access token in the URL' })
  ticket(@Caller() actor: Actor): Promise<{ ticket: string; expiresIn: number }> {
    return this.tickets.issue(actor);
  }

  /**
   * Public at the guard because EventSource cannot send headers: the caller comes as the usual
   * bearer header or as a one-time `?ticket=` (POST ticket), checked here before streaming. An
   * access token in the URL is refused: URLs end up in proxy logs and browser history.
   */
  @Get('stream')
  @Public()
  @ApiOperation({
    summary: 'Live feed of incident and unit events in your scope (SSE)',
    description:
      'text/event-stream. `event: incident` (office.incident.*) and `event: unit` (unit case events) carry the DomainEvent as JSON with `id:` = the JetStream stream sequence; ' +
      'reconnect with `Last-Event-ID` (or `?lastEventId=`) to resume. `event: hub` (no id) says a hub figure in your scope changed. A `: heartbeat` comment every 15 s.',
  })
  @ApiProduces('text/event-stream')
  @ApiQuery({ name: 'ticket', required: false, description: 'A one-time ticket from POST /api/v1/events/ticket, for EventSource clients' })
  @ApiQuery({ name: 'lastEventId', required: false, description: 'Resume after this id (as Last-Event-ID)' })
  @ApiHeader({ name: 'Last-Event-ID', required: false })
  async stream(
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
    @Headers('authorization') authorization?: string,
    @Headers('last-event-id') lastEventHeader?: string,
    @Query('ticket') ticket?: string,
    @Query('lastEventId') lastEventQuery?: string,
    @Query('access_token') accessToken?: string,
  ): Promise<void> {
    if (accessToken !== undefined) {
      throw new AppError(CommonErrorCode.Unauthenticated, 'An access token in the URL is refused: send it as Authorization: Bearer, or open the stream with a one-time ?ticket= (POST /api/v1/events/ticket)', { field: 'access_token' });
    }
    const token = authorization?.startsWith('Bearer ') ? authorization.slice(7).trim() : undefined;
    if (!token && !ticket) throw new AppError(CommonErrorCode.Unauthenticated, 'Log in first: a bearer token or a one-time ticket is required');
    const actor = token ? await this.auth.actorFromToken(token) : await this.tickets.redeem(ticket!);
    // The auditor and the security admin see no business data, live or not (三员分立).
    if (!BUSINESS_ROLES.includes(actor.role)) throw new AppError(CommonErrorCode.Forbidden, `Role ${actor.role} has no live feed: it carries business data`);
    const lastEventId = parseLastEventId(lastEventHeader ?? lastEventQuery);
    if (this.feed.isFull()) throw new AppError(CommonErrorCode.ServiceUnavailable, 'The live feed is full on this gateway: retry shortly');

    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      'x-request-id': String(req.id),
    });
    raw.write(`retry: 3000\n: connected as ${actor.username}\n\n`);
    let open = true;
    let unsubscribe: (() => void) | undefined;
    // Registered before the (possibly slow) resume so a client gone meanwhile is never leaked.
    raw.on('close', () => {
      open = false;
      unsubscribe?.();
    });
    unsubscribe = await this.feed.subscribe(
      {
        actor,
        write: (frame) => {
          if (!open) return false;
          raw.write(frame);
          return raw.writableLength <= FEED_LIMITS.maxBufferedBytes;
        },
        close: () => {
          open = false;
          raw.end();
        },
      },
      lastEventId,
    );
    if (!open) unsubscribe();
  }
}

function parseLastEventId(v: string | undefined): number | null {
  if (v === undefined || v === '') return null;
  if (!/^\d{1,15}$/.test(v)) throw AppError.validation([{ field: 'Last-Event-ID', messages: ['Last-Event-ID must be an event id this feed gave out'] }]);
  return Number(v);
}
