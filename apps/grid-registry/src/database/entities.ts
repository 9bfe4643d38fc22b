/** Every TypeORM entity of the grid-registry service (the outbox and inbox are added by persistence). */
export const ENTITIES: Function[] = [];
