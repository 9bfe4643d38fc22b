/** Error codes of the grid registry. */
export enum RegistryErrorCode {
  GridNotFound = 'REGISTRY_GRID_NOT_FOUND',
  PointOnNoGrid = 'REGISTRY_POINT_ON_NO_GRID',
}
