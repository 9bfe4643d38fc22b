/** Every TypeORM entity of the enforcement service (the outbox and inbox are added by persistence). */
export const ENTITIES: Function[] = [];
