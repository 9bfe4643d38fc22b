import { ClusterKind, GRID_LEVEL_LABELS, GRID_LEVEL_NO, GridClass, GridDetail, GridGrade, GridLevel, GridSummary, GridView } from '@grid122/contracts';

/** What names and places a grid in the tree: a located point's grids, a gap, a summary. */
export interface LocatedRow {
  id: string;
  code: string;
  name: string;
  level: GridLevel;
  path: string;
  parent_id: string | null;
}

export interface GridRow extends LocatedRow {
  households: number;
  buildings: number;
  shopfronts: number;
  grid_class: GridClass | null;
  grade: GridGrade | null;
  merge_reason: string | null;
  cluster_kind: ClusterKind | null;
  version: number;
  valid_from: Date;
  updated_at: Date;
  area_km2: number;
  cx: number;
  cy: number;
}

export interface GridDetailRow extends GridRow {
  polygon: string;
  children: number;
  head_id: string | null;
  head_name: string | null;
}

export const toSummary = (r: LocatedRow): GridSummary => ({
  id: r.id,
  code: r.code.trim(),
  name: r.name,
  level: r.level,
  path: r.path,
  parentId: r.parent_id,
});

export const toView = (r: GridRow): GridView => ({
  ...toSummary(r),
  levelNo: GRID_LEVEL_NO[r.level],
  levelLabel: GRID_LEVEL_LABELS[r.level],
  households: r.households,
  buildings: r.buildings,
  shopfronts: r.shopfronts,
  gridClass: r.grid_class,
  grade: r.grade,
  mergeReason: r.merge_reason,
  clusterKind: r.cluster_kind,
  version: r.version,
  validFrom: r.valid_from.toISOString(),
  areaKm2: Number(r.area_km2),
  centroid: [Number(r.cx), Number(r.cy)],
  updatedAt: r.updated_at.toISOString(),
});

export const toDetail = (r: GridDetailRow): GridDetail => ({
  ...toView(r),
  polygon: JSON.parse(r.polygon),
  children: Number(r.children),
  head: r.head_id ? { staffId: r.head_id, name: r.head_name as string } : null,
});
