// Planar geometry on WGS-84 [lng, lat] degrees. Grids are small (a street is ~5 km across), so
// planar maths in degrees is accurate enough for tiling checks and random incident locations.
import type { Rng } from './rng';

export type LngLat = [number, number];

/** GeoJSON Polygon: first ring is the exterior (counter-clockwise), the rest are holes; rings closed. */
export interface GeoPolygon {
  type: 'Polygon';
  coordinates: LngLat[][];
}

export interface GeoPoint {
  type: 'Point';
  coordinates: LngLat;
}

/** Coordinates are stored to 7 decimals (~1 cm), the precision PostGIS seeds and API payloads use. */
export const COORD_SCALE = 1e7;

export function round7(v: number): number {
  return Math.round(v * COORD_SCALE) / COORD_SCALE;
}

type HasPolygon = { polygon: GeoPolygon };

function polygonOf(g: GeoPolygon | HasPolygon): GeoPolygon {
  return 'polygon' in g ? g.polygon : g;
}

/**
 * Signed shoelace area of a ring in square degrees (positive = counter-clockwise). Coordinates are
 * taken relative to the first vertex: with raw values (~118, ~32) the products are ~4e3 and small
 * grids would lose about 7 significant digits to cancellation.
 */
export function ringSignedArea(ring: readonly LngLat[]): number {
  if (ring.length < 3) return 0;
  const [ox, oy] = ring[0];
  let s = 0;
  for (let i = 1; i + 1 < ring.length; i++) {
    const ax = ring[i][0] - ox;
    const ay = ring[i][1] - oy;
    const bx = ring[i + 1][0] - ox;
    const by = ring[i + 1][1] - oy;
    s += ax * by - bx * ay;
  }
  return s / 2;
}

/** Area in square degrees (exterior minus holes). */
export function polygonArea(g: GeoPolygon | HasPolygon): number {
  const rings = polygonOf(g).coordinates;
  let a = 0;
  rings.forEach((ring, i) => {
    const r = Math.abs(ringSignedArea(ring));
    a += i === 0 ? r : -r;
  });
  return a;
}

/** Approximate area in km² (equirectangular at the polygon's latitude; fine at street scale). */
export function approxAreaKm2(g: GeoPolygon | HasPolygon): number {
  const p = polygonOf(g);
  const lat = centroid(p)[1];
  const kmPerDegLat = 111.32;
  const kmPerDegLng = 111.32 * Math.cos((lat * Math.PI) / 180);
  return polygonArea(p) * kmPerDegLat * kmPerDegLng;
}

/** Area-weighted centroid [lng, lat], 7 decimals. For the convex grids generated here it lies inside. */
export function centroid(g: GeoPolygon | HasPolygon): LngLat {
  const rings = polygonOf(g).coordinates;
  const [ox, oy] = rings[0][0];
  let a = 0;
  let cx = 0;
  let cy = 0;
  rings.forEach((ring, ri) => {
    const sign = ri === 0 ? 1 : -1;
    const orient = ringSignedArea(ring) >= 0 ? 1 : -1; // holes may be wound either way
    for (let i = 0; i + 1 < ring.length; i++) {
      const x0 = ring[i][0] - ox;
      const y0 = ring[i][1] - oy;
      const x1 = ring[i + 1][0] - ox;
      const y1 = ring[i + 1][1] - oy;
      const f = (x0 * y1 - x1 * y0) * sign * orient;
      a += f;
      cx += (x0 + x1) * f;
      cy += (y0 + y1) * f;
    }
  });
  if (a === 0) return [round7(ox), round7(oy)];
  return [round7(ox + cx / (3 * a)), round7(oy + cy / (3 * a))];
}

export interface BBox {
  minLng: number;
  minLat: number;
  maxLng: number;
  maxLat: number;
}

export function bbox(g: GeoPolygon | HasPolygon): BBox {
  const ring = polygonOf(g).coordinates[0];
  let minLng = Infinity;
  let minLat = Infinity;
  let maxLng = -Infinity;
  let maxLat = -Infinity;
  for (const [x, y] of ring) {
    if (x < minLng) minLng = x;
    if (x > maxLng) maxLng = x;
    if (y < minLat) minLat = y;
    if (y > maxLat) maxLat = y;
  }
  return { minLng, minLat, maxLng, maxLat };
}

/** Even-odd ray casting; holes respected. Points exactly on an edge may go either way: see pointOnBoundary. */
export function pointInPolygon(pt: readonly [number, number], g: GeoPolygon | HasPolygon): boolean {
  const [x, y] = pt;
  let inside = false;
  for (const ring of polygonOf(g).coordinates) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

/** True when the point lies within `tol` degrees of any edge (default 1e-9° ≈ 0.1 mm). */
export function pointOnBoundary(pt: readonly [number, number], g: GeoPolygon | HasPolygon, tol = 1e-9): boolean {
  const [x, y] = pt;
  for (const ring of polygonOf(g).coordinates) {
    for (let i = 0; i + 1 < ring.length; i++) {
      const [ax, ay] = ring[i];
      const [bx, by] = ring[i + 1];
      const dx = bx - ax;
      const dy = by - ay;
      const len2 = dx * dx + dy * dy;
      let t = len2 === 0 ? 0 : ((x - ax) * dx + (y - ay) * dy) / len2;
      t = Math.max(0, Math.min(1, t));
      const ex = ax + t * dx - x;
      const ey = ay + t * dy - y;
      if (ex * ex + ey * ey <= tol * tol) return true;
    }
  }
  return false;
}

/**
 * A random point strictly inside the grid (not on its edge), 7 decimals, for incident and building
 * locations. Rejection sampling in the bounding box; `rnd` is an Rng or any () => [0,1) source.
 */
export function pointInGrid(g: GeoPolygon | HasPolygon, rnd: Rng | (() => number)): LngLat {
  const poly = polygonOf(g);
  const next = typeof rnd === 'function' ? rnd : () => rnd.next();
  const b = bbox(poly);
  if (isAxisRectangle(poly)) {
    // Fast path for the generated tiles: pick 1e-7° steps strictly between the edges.
    const x0 = Math.round(b.minLng * COORD_SCALE);
    const x1 = Math.round(b.maxLng * COORD_SCALE);
    const y0 = Math.round(b.minLat * COORD_SCALE);
    const y1 = Math.round(b.maxLat * COORD_SCALE);
    if (x1 - x0 >= 2 && y1 - y0 >= 2) {
      return [(x0 + 1 + Math.floor(next() * (x1 - x0 - 1))) / COORD_SCALE, (y0 + 1 + Math.floor(next() * (y1 - y0 - 1))) / COORD_SCALE];
    }
  }
  for (let attempt = 0; attempt < 1000; attempt++) {
    const p: LngLat = [round7(b.minLng + next() * (b.maxLng - b.minLng)), round7(b.minLat + next() * (b.maxLat - b.minLat))];
    if (pointInPolygon(p, poly) && !pointOnBoundary(p, poly)) return p;
  }
  return centroid(poly); // only reached for degenerate slivers
}

function isAxisRectangle(poly: GeoPolygon): boolean {
  if (poly.coordinates.length !== 1) return false;
  const r = poly.coordinates[0];
  if (r.length !== 5 || r[0][0] !== r[4][0] || r[0][1] !== r[4][1]) return false;
  for (let i = 0; i < 4; i++) {
    if (r[i][0] !== r[i + 1][0] && r[i][1] !== r[i + 1][1]) return false;
  }
  return true;
}

export function geoPoint(p: LngLat): GeoPoint {
  return { type: 'Point', coordinates: p };
}

// ---- integer rectangles (internal tiling maths) ----------------------------------------------
// Tiles are built in integer units of 1e-7 degree and only converted to floats on output, so two
// neighbours that share an edge are given the very same numbers and the tiling is exact: no gaps,
// no overlaps, and areas add up to the parent's with no drift.

/** Axis-aligned rectangle in 1e-7-degree integer units (x = lng, y = lat). */
export interface IRect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Counter-clockwise closed ring: SW, SE, NE, NW, SW. */
export function rectPolygon(r: IRect): GeoPolygon {
  const w = r.x0 / COORD_SCALE;
  const e = r.x1 / COORD_SCALE;
  const s = r.y0 / COORD_SCALE;
  const n = r.y1 / COORD_SCALE;
  return { type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] };
}

// One degree of longitude at ~32°N is ~0.85 of a degree of latitude; used to keep tiles squarish.
const LNG_SHRINK = Math.cos((32.1 * Math.PI) / 180);

/**
 * Splits a rectangle into one tile per weight, areas roughly proportional to the weights: a
 * slice-and-dice treemap that halves the list by weight and cuts across the longer side, which
 * keeps tiles compact. `jitter` (0..0.3) perturbs each cut so layouts look less regular.
 */
export function splitRect(r: IRect, weights: readonly number[], rng: Rng, jitter = 0.08): IRect[] {
  const out: IRect[] = new Array(weights.length);
  const rec = (rect: IRect, lo: number, hi: number): void => {
    if (hi - lo === 1) {
      out[lo] = rect;
      return;
    }
    let total = 0;
    for (let i = lo; i < hi; i++) total += weights[i];
    let k = lo + 1;
    let acc = weights[lo];
    let best = Math.abs(acc - total / 2);
    for (let i = lo + 1; i < hi - 1; i++) {
      const a2 = acc + weights[i];
      const d = Math.abs(a2 - total / 2);
      if (d >= best) break;
      acc = a2;
      best = d;
      k = i + 1;
    }
    let ratio = acc / total;
    ratio = Math.min(0.9, Math.max(0.1, ratio * (1 + (rng.next() * 2 - 1) * jitter)));
    const wide = (rect.x1 - rect.x0) * LNG_SHRINK >= rect.y1 - rect.y0;
    if (wide) {
      const cut = clampCut(rect.x0 + Math.round((rect.x1 - rect.x0) * ratio), rect.x0, rect.x1);
      rec({ x0: rect.x0, y0: rect.y0, x1: cut, y1: rect.y1 }, lo, k);
      rec({ x0: cut, y0: rect.y0, x1: rect.x1, y1: rect.y1 }, k, hi);
    } else {
      const cut = clampCut(rect.y0 + Math.round((rect.y1 - rect.y0) * ratio), rect.y0, rect.y1);
      rec({ x0: rect.x0, y0: rect.y0, x1: rect.x1, y1: cut }, lo, k);
      rec({ x0: rect.x0, y0: cut, x1: rect.x1, y1: rect.y1 }, k, hi);
    }
  };
  if (weights.length > 0) rec(r, 0, weights.length);
  return out;
}

function clampCut(c: number, lo: number, hi: number): number {
  return Math.min(hi - 1, Math.max(lo + 1, c));
}

/**
 * Lays n equal cells over a rectangle, `maxCols` per row from the south-west corner northwards.
 * A shorter last row has wider cells so the cells always tile the whole rectangle exactly.
 */
export function gridLayout(r: IRect, n: number, maxCols: number): IRect[] {
  const cols = Math.max(1, Math.min(n, maxCols));
  const rows = Math.ceil(n / cols);
  const out: IRect[] = [];
  const ys = (j: number): number => r.y0 + Math.round(((r.y1 - r.y0) * j) / rows);
  for (let row = 0; row < rows; row++) {
    const inRow = Math.min(cols, n - row * cols);
    const xs = (i: number): number => r.x0 + Math.round(((r.x1 - r.x0) * i) / inRow);
    for (let c = 0; c < inRow; c++) out.push({ x0: xs(c), y0: ys(row), x1: xs(c + 1), y1: ys(row + 1) });
  }
  return out;
}
