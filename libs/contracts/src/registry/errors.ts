/** Error codes of the grid registry. */
export enum RegistryErrorCode {
  GridNotFound = 'REGISTRY_GRID_NOT_FOUND',
  PointOnNoGrid = 'REGISTRY_POINT_ON_NO_GRID',
  /** A level-2 grid under 300 households needs a merge reason (小区不足300户需合并). */
  MergeReasonRequired = 'REGISTRY_MERGE_REASON_REQUIRED',
  /** The child level does not fit under the parent (e.g. a compound under a street). */
  LevelMismatch = 'REGISTRY_LEVEL_MISMATCH',
  /** A polygon is not a valid simple polygon (unclosed ring, self-intersection...). */
  InvalidGeometry = 'REGISTRY_INVALID_GEOMETRY',
  /** A child grid's polygon is not inside its parent's. */
  OutsideParent = 'REGISTRY_OUTSIDE_PARENT',
  /** A GeoJSON import with at least one bad feature: nothing was imported. */
  ImportRejected = 'REGISTRY_IMPORT_REJECTED',
  /** An export or listing would be larger than one reply may be: narrow the root. */
  ExportTooLarge = 'REGISTRY_EXPORT_TOO_LARGE',
  /** The grid already has a current head; pass replace: true to hand over. */
  GridHasHead = 'REGISTRY_GRID_HAS_HEAD',
  /** Seconded staff and department links belong on level-2 grids; buildings on level-3 grids. */
  WrongGridLevel = 'REGISTRY_WRONG_GRID_LEVEL',
  /** A party organisation's kind does not match its size (>=100 committee, >=50 general branch). */
  PartyOrgKindMismatch = 'REGISTRY_PARTY_ORG_KIND_MISMATCH',
  /** A point (building, organisation) outside its grid's polygon. */
  PointOutsideGrid = 'REGISTRY_POINT_OUTSIDE_GRID',
  /** No free grid code left under the parent (the 3-digit part is full). */
  CodeSpaceExhausted = 'REGISTRY_CODE_SPACE_EXHAUSTED',
  /** 三会一评: no such meeting or decision in scope. */
  MeetingNotFound = 'REGISTRY_MEETING_NOT_FOUND',
}

/** The HTTP status the gateway answers for each registry error code (a Record: a new code does not compile until listed). */
export const REGISTRY_HTTP_STATUS: Record<RegistryErrorCode, number> = {
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
