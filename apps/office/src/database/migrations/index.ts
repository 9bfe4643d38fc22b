import { Init1795300000000 } from './1795300000000-Init';

/** Every migration of the office service, in order (its own history in "office".migrations). */
export const MIGRATIONS = [Init1795300000000];
