import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Actor, CommonErrorCode } from '@grid122/contracts';
import { AppError } from '@grid122/messaging';
import { AuthService } from '../auth/auth.service';

/** How long a live-feed ticket may wait to be used (seconds). */
export const STREAM_TICKET_TTL_SECONDS = 30;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * One-time tickets that open the live feed (实时动态): given for a caller authenticated by the
 * Authorization header, used once in `?ticket=` (an EventSource cannot send headers), never an
 * access token in the URL. Kept in Postgres as a hash, so any gateway replica takes it.
 */
@Injectable()
export class StreamTickets {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly auth: AuthService,
  ) {}

  async issue(actor: Actor): Promise<{ ticket: string; expiresIn: number }> {
    const ticket = randomBytes(32).toString('base64url');
    await this.ds.query(`DELETE FROM gateway.stream_tickets WHERE expires_at < now() - interval '1 minute'`);
    await this.ds.query(`INSERT INTO gateway.stream_tickets (ticket_hash, account_id, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3))`, [
      sha256(ticket),
      actor.id,
      STREAM_TICKET_TTL_SECONDS,
    ]);
    return { ticket, expiresIn: STREAM_TICKET_TTL_SECONDS };
  }

  /** The ticket's account as an actor; the ticket is gone after this, used or not in time. */
  async redeem(ticket: string): Promise<Actor> {
    const result: unknown[] = await this.ds.query(
      `DELETE FROM gateway.stream_tickets WHERE ticket_hash = $1 RETURNING account_id, expires_at > now() AS live`,
      [sha256(ticket)],
    );
    // TypeORM answers a DELETE … RETURNING with [rows, affected]
    const rows = (Array.isArray(result[0]) ? result[0] : result) as { account_id: string; live: boolean }[];
    const row = rows[0];
    if (!row?.live) throw new AppError(CommonErrorCode.Unauthenticated, 'The live-feed ticket is unknown, used or expired: ask for another (POST /api/v1/events/ticket)');
    return this.auth.actorOf(row.account_id);
  }
}
