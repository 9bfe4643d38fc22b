/** Every TypeORM entity of the petitions service (the outbox and inbox are added by persistence). */
export const ENTITIES: Function[] = [];
