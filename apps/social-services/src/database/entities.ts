/** Every TypeORM entity of the social-services service (the outbox and inbox are added by persistence). */
export const ENTITIES: Function[] = [];
