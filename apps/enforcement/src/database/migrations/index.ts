import { Init1795300000000 } from './1795300000000-Init';

/** Every migration of the enforcement service, in order (its own history in "enforcement".migrations). */
export const MIGRATIONS = [Init1795300000000];
