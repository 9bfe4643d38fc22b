import { FederationReadModel1795830000200 } from './1795830000200-FederationReadModel';

/** Every migration of the federation service, in order (its own history in "federation".migrations). */
export const MIGRATIONS = [FederationReadModel1795830000200];
