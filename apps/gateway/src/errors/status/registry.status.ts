import { RegistryErrorCode } from '@grid122/contracts';

/** HTTP status of every registry error code (a Record: a new code does not compile until listed). */
export const REGISTRY_STATUS: Record<RegistryErrorCode, number> = {
  [RegistryErrorCode.GridNotFound]: 404,
  [RegistryErrorCode.PointOnNoGrid]: 404,
  [RegistryErrorCode.MergeReasonRequired]: 400,
  [RegistryErrorCode.LevelMismatch]: 400,
  [RegistryErrorCode.InvalidGeometry]: 400,
  [RegistryErrorCode.OutsideParent]: 400,
  [RegistryErrorCode.ImportRejected]: 400,
  [RegistryErrorCode.ExportTooLarge]: 413,
  [RegistryErrorCode.GridHasHead]: 409,
  [RegistryErrorCode.WrongGridLevel]: 400,
  [RegistryErrorCode.PartyOrgKindMismatch]: 400,
  [RegistryErrorCode.PointOutsideGrid]: 400,
  [RegistryErrorCode.CodeSpaceExhausted]: 409,
  [RegistryErrorCode.MeetingNotFound]: 404,
};
