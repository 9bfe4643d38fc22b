import { GridPolygon } from '@grid122/contracts';

interface Indexed {
  id: string;
  path: string;
  rings: [number, number][][];
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  cells: string[];
}

/**
 * The L3 grid polygons in memory (三级网格), bucketed by a coarse lattice of their bounding boxes,
 * to locate a point without asking the registry. It answers only when the answer is certain to be
 * the registry's (PostGIS `ST_Intersects`, deepest level, then the smallest code): the point lies
 * inside exactly one L3 polygon and farther than `eps` degrees (~1 cm) from every edge of every
 * polygon whose box holds it. Anything else — no L3 polygon (the registry may answer an L2 or L1
 * grid, or none), two, or a point on or near an edge — is `null`: ask the registry.
 */
export class GridIndex {
  private readonly grids = new Map<string, Indexed>();
  private readonly cells = new Map<string, Set<Indexed>>();

  constructor(
    private readonly cellDeg = 0.005,
    private readonly eps = 1e-7,
  ) {}

  get size(): number {
    return this.grids.size;
  }

  put(g: GridPolygon): void {
    this.remove(g.id);
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (const ring of g.rings) {
      for (const [x, y] of ring) {
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
    }
    if (!Number.isFinite(minX)) return;
    const e: Indexed = { id: g.id, path: g.path, rings: g.rings, minX, minY, maxX, maxY, cells: [] };
    for (let ix = this.cell(minX - this.eps); ix <= this.cell(maxX + this.eps); ix++) {
      for (let iy = this.cell(minY - this.eps); iy <= this.cell(maxY + this.eps); iy++) {
        const k = `${ix}:${iy}`;
        let set = this.cells.get(k);
        if (!set) this.cells.set(k, (set = new Set()));
        set.add(e);
        e.cells.push(k);
      }
    }
    this.grids.set(g.id, e);
  }

  remove(id: string): void {
    const e = this.grids.get(id);
    if (!e) return;
    for (const k of e.cells) {
      const set = this.cells.get(k);
      set?.delete(e);
      if (set && set.size === 0) this.cells.delete(k);
    }
    this.grids.delete(id);
  }

  clear(): void {
    this.grids.clear();
    this.cells.clear();
  }

  /** The L3 grid holding the point when that is certain; null when the registry must decide. */
  locate(lng: number, lat: number): { id: string; path: string } | null {
    const set = this.cells.get(`${this.cell(lng)}:${this.cell(lat)}`);
    if (!set) return null;
    let hit: Indexed | null = null;
    for (const g of set) {
      if (lng < g.minX - this.eps || lng > g.maxX + this.eps || lat < g.minY - this.eps || lat > g.maxY + this.eps) continue;
      const where = this.where(g, lng, lat);
      if (where === 'edge') return null;
      if (where === 'in') {
        if (hit) return null; // two L3 polygons: the registry's order decides
        hit = g;
      }
    }
    return hit ? { id: hit.id, path: hit.path } : null;
  }

  private cell(v: number): number {
    return Math.floor(v / this.cellDeg);
  }

  /** Inside (even-odd over every ring: holes included), outside, or within eps of an edge. */
  private where(g: Indexed, x: number, y: number): 'in' | 'out' | 'edge' {
    let inside = false;
    const eps2 = this.eps * this.eps;
    for (const ring of g.rings) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi, yi] = ring[i];
        const [xj, yj] = ring[j];
        if (segmentDistance2(x, y, xi, yi, xj, yj) <= eps2) return 'edge';
        if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
      }
    }
    return inside ? 'in' : 'out';
  }
}

function segmentDistance2(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  let t = len2 === 0 ? 0 : ((px - ax) * dx + (py - ay) * dy) / len2;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  const ex = ax + t * dx - px;
  const ey = ay + t * dy - py;
  return ex * ex + ey * ey;
}
