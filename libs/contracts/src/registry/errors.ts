import { CodeOf, errorCodes } from '../common/error-codes';

/** Error codes of the grid registry, each with the HTTP status the gateway answers for it. */
export const { codes: RegistryErrorCode, httpStatus: REGISTRY_HTTP_STATUS } = errorCodes({
  GridNotFound: ['REGISTRY_GRID_NOT_FOUND', 404],
  PointOnNoGrid: ['REGISTRY_POINT_ON_NO_GRID', 404],
  /** A level-2 grid under 300 households needs a merge reason (小区不足300户需合并). */
  MergeReasonRequired: ['REGISTRY_MERGE_REASON_REQUIRED', 400],
  /** The child level does not fit under the parent (e.g. a compound under a street). */
  LevelMismatch: ['REGISTRY_LEVEL_MISMATCH', 400],
  /** A polygon is not a valid simple polygon (unclosed ring, self-intersection...). */
  InvalidGeometry: ['REGISTRY_INVALID_GEOMETRY', 400],
  /** A child grid's polygon is not inside its parent's. */
  OutsideParent: ['REGISTRY_OUTSIDE_PARENT', 400],
  /** A GeoJSON import with at least one bad feature: nothing was imported. */
  ImportRejected: ['REGISTRY_IMPORT_REJECTED', 400],
  /** An export or listing would be larger than one reply may be: narrow the root. */
  ExportTooLarge: ['REGISTRY_EXPORT_TOO_LARGE', 413],
  /** The grid already has a current head; pass replace: true to hand over. */
  GridHasHead: ['REGISTRY_GRID_HAS_HEAD', 409],
  /** Seconded staff and department links belong on level-2 grids; buildings on level-3 grids. */
  WrongGridLevel: ['REGISTRY_WRONG_GRID_LEVEL', 400],
  /** A party organisation's kind does not match its size (>=100 committee, >=50 general branch). */
  PartyOrgKindMismatch: ['REGISTRY_PARTY_ORG_KIND_MISMATCH', 400],
  /** A point (building, organisation) outside its grid's polygon. */
  PointOutsideGrid: ['REGISTRY_POINT_OUTSIDE_GRID', 400],
  /** No free grid code left under the parent (the 3-digit part is full). */
  CodeSpaceExhausted: ['REGISTRY_CODE_SPACE_EXHAUSTED', 409],
  /** 三会一评: no such meeting or decision in scope. */
  MeetingNotFound: ['REGISTRY_MEETING_NOT_FOUND', 404],
});
export type RegistryErrorCode = CodeOf<typeof RegistryErrorCode>;
