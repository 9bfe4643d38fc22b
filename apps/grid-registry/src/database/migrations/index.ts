import { Init1795300000000 } from './1795300000000-Init';

/** Every migration of the grid-registry service, in order (its own history in "registry".migrations). */
export const MIGRATIONS = [Init1795300000000];
