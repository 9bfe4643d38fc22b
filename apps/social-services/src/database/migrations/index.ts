import { Init1795300000000 } from './1795300000000-Init';

/** Every migration of the social-services service, in order (its own history in "social".migrations). */
export const MIGRATIONS = [Init1795300000000];
