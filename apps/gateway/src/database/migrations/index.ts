import { Init1795300000000 } from './1795300000000-Init';

export const MIGRATIONS = [Init1795300000000];
