import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One-time tickets for the live feed (issue 20 item 7): an EventSource cannot send headers, and a
 * bearer token in the URL ends up in proxy logs and browser history. A ticket is asked for with
 * the token in the header, lives `STREAM_TICKET_TTL_SECONDS` and opens one stream; only its
 * SHA-256 is kept, shared by every gateway replica.
 */
export class StreamTickets1795820000220 implements MigrationInterface {
  name = 'StreamTickets1795820000220';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE gateway.stream_tickets (
        ticket_hash text PRIMARY KEY,
        account_id uuid NOT NULL REFERENCES gateway.accounts (id) ON DELETE CASCADE,
        expires_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX stream_tickets_expires_idx ON gateway.stream_tickets (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE gateway.stream_tickets`);
  }
}
