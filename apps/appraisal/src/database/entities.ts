/** Every TypeORM entity of the appraisal service (the outbox and inbox are added by persistence). */
export const ENTITIES: Function[] = [];
