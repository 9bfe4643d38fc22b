/** The gateway keeps no TypeORM entities: its tables (rate limits, live-feed tickets, idempotency keys) are read with SQL. */
export const ENTITIES: Function[] = [];
