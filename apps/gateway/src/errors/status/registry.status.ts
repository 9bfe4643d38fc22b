import { RegistryErrorCode } from '@grid122/contracts';

/** HTTP status of every registry error code (a Record: a new code does not compile until listed). */
export const REGISTRY_STATUS: Record<RegistryErrorCode, number> = {
  [RegistryErrorCode.GridNotFound]: 404,
  [RegistryErrorCode.PointOnNoGrid]: 404,
};
