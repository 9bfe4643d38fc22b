/**
 * Structural checks of a GeoJSON Polygon before PostGIS sees it (so a bad ring is reported with
 * its place, not as a parser error): positions are [lng, lat] in WGS-84 ranges, every ring has at
 * least four positions and is closed. Self-intersection and the rest are left to ST_IsValidReason.
 */
export function polygonStructureProblem(geometry: unknown): string | null {
  const g = geometry as { type?: unknown; coordinates?: unknown };
  if (!g || typeof g !== 'object') return 'geometry is missing';
  if (g.type !== 'Polygon') return `geometry type must be Polygon, not ${String(g.type)}`;
  if (!Array.isArray(g.coordinates) || g.coordinates.length === 0) return 'Polygon has no rings';
  for (let r = 0; r < g.coordinates.length; r++) {
    const ring = g.coordinates[r] as unknown;
    const name = r === 0 ? 'exterior ring' : `hole ${r}`;
    if (!Array.isArray(ring)) return `${name} is not an array of positions`;
    if (ring.length < 4) return `${name} has ${ring.length} positions; a ring needs at least 4`;
    if (ring.length > 10_000) return `${name} has more than 10000 positions`;
    for (let i = 0; i < ring.length; i++) {
      const p = ring[i] as unknown;
      if (!Array.isArray(p) || p.length < 2 || typeof p[0] !== 'number' || typeof p[1] !== 'number' || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
        return `${name} position ${i} is not [lng, lat]`;
      }
      if (p[0] < -180 || p[0] > 180 || p[1] < -90 || p[1] > 90) return `${name} position ${i} is outside WGS-84 ranges`;
    }
    const a = ring[0] as number[];
    const b = ring[ring.length - 1] as number[];
    if (a[0] !== b[0] || a[1] !== b[1]) return `${name} is not closed (first and last positions differ)`;
  }
  return null;
}
