/** Every TypeORM entity of the office service (the outbox and inbox are added by persistence). */
export const ENTITIES: Function[] = [];
