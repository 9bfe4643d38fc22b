// A street's grids: the street, its communities, compounds and building clusters (L1–L3), placed
// in the street's box, graded and classed; the refs the detail pass walks.
import { clusterCode, clusterLabel, communityCode, communityLabel, compoundCode, compoundLabel, streetCode } from './codes';
import { GRID_LEVEL_NO } from '@grid122/contracts';
import { IRect, rectPolygon, splitRect } from './geometry';
import { gridId } from './ids';
import { GridClass, GridGrade, MERGE_THRESHOLD_HOUSEHOLDS } from './labels';
import { BAOTAQIAO_COMMUNITIES, BAOTAQIAO_ROADS, communityName, COMMUNITY_STEMS, compoundName, mergeReason, roadsForStem } from './names';
import type { Grid } from './types';
import { DistrictInfo, STREET_SHAPE, streetName, streetNumber, streetRng } from './city-layout';
import { ShapeCluster, ShapeCompound, streetShape, StreetShape, Totals } from './street-shape';

// ---- grids ------------------------------------------------------------------------------------

export function makeGrid(
  code: string,
  name: string,
  level: Grid['level'],
  path: string,
  parentId: string | null,
  rect: IRect,
  totals: Totals,
): Grid {
  return {
    id: gridId(code),
    code,
    name,
    level,
    levelNo: GRID_LEVEL_NO[level],
    path,
    parentId,
    polygon: rectPolygon(rect),
    households: totals.households,
    buildings: totals.buildings,
    shopfronts: totals.shopfronts,
    gridClass: null,
    grade: null,
    mergeReason: null,
    clusterKind: null,
  };
}

const GRADE_WEIGHTS: Readonly<Record<GridClass, readonly number[]>> = {
  jia: [0.5, 0.4, 0.1], // commercial housing: mostly closed compounds with property management
  yi: [0.35, 0.5, 0.15],
  bing: [0.15, 0.45, 0.4],
};
const GRADES: readonly GridGrade[] = ['A', 'B', 'C'];

export interface StreetCtx {
  seed: number;
  d: number;
  s: number;
  district: DistrictInfo;
  number: number;
  code: string;
  id: string;
  path: string;
  name: string;
  stem: string;
  box: IRect;
}

export function streetCtx(seed: number, district: DistrictInfo, s: number, box: IRect): StreetCtx {
  const d = district.index;
  const number = streetNumber(d, s);
  const code = streetCode(district.adminCode, number);
  const label = d === 0 && s === 0 ? 'btq' : `s${String(number).padStart(3, '0')}`;
  const { name, stem } = streetName(seed, d, s);
  return { seed, d, s, district, number, code, id: gridId(code), path: `${district.path}.${label}`, name, stem, box };
}

/** Internal per-cluster record the detail pass needs (grid + its shape + its first building number). */
export interface ClusterRef {
  grid: Grid;
  shape: ShapeCluster;
  firstNumber: number;
  compound: CompoundRef;
}
export interface CompoundRef {
  grid: Grid;
  shape: ShapeCompound;
  clusters: ClusterRef[];
  community: CommunityRef;
}
interface CommunityRef {
  grid: Grid;
  stem: string;
  compounds: CompoundRef[];
}
export interface StreetGrids {
  street: Grid;
  grids: Grid[];
  communities: CommunityRef[];
  shape: StreetShape;
}

export function buildStreetGrids(ctx: StreetCtx, shape: StreetShape = streetShape(ctx.seed, ctx.d, ctx.s)): StreetGrids {
  const attrs = streetRng(ctx.seed, ctx.d, ctx.s, 'attrs');
  const geo = streetRng(ctx.seed, ctx.d, ctx.s, 'geo');
  const adm = ctx.district.adminCode;
  const street = makeGrid(ctx.code, ctx.name, 'street', ctx.path, ctx.district.id, ctx.box, shape);
  const grids: Grid[] = [street];
  const communities: CommunityRef[] = [];

  const isDemo = ctx.d === 0 && ctx.s === 0;
  const stems = isDemo ? BAOTAQIAO_COMMUNITIES.map((c) => c.stem) : attrs.sample(COMMUNITY_STEMS, STREET_SHAPE.communities);
  const roads = isDemo ? BAOTAQIAO_ROADS : roadsForStem(ctx.stem);
  const usedNames = new Set<string>();

  // Communities tile the street; their areas are random (factories, parks, rail yards differ).
  const cWeights = shape.communities.map(() => geo.float(0.6, 1.4));
  const cRects = splitRect(ctx.box, cWeights, geo, 0.1);

  shape.communities.forEach((cs, ci) => {
    const cNo = ci + 1;
    const gridClass: GridClass = isDemo ? BAOTAQIAO_COMMUNITIES[ci].gridClass : attrs.weightedPick<GridClass>(['jia', 'yi', 'bing'], [0.3, 0.25, 0.45]);
    const cName = isDemo ? BAOTAQIAO_COMMUNITIES[ci].name : communityName(stems[ci], attrs);
    const cGrid = makeGrid(communityCode(adm, ctx.number, cNo), cName, 'community', `${ctx.path}.${communityLabel(cNo)}`, street.id, cRects[ci], cs);
    cGrid.gridClass = gridClass;
    grids.push(cGrid);
    const cRef: CommunityRef = { grid: cGrid, stem: stems[ci], compounds: [] };
    communities.push(cRef);

    // Compounds tile the community, clusters tile the compound; area follows building counts.
    const kRects = splitRect(cRects[ci], cs.compounds.map((k) => k.buildings + 2), geo);
    cs.compounds.forEach((ks, ki) => {
      const kNo = ki + 1;
      const kGrid = makeGrid(compoundCode(adm, ctx.number, cNo, kNo), compoundName(stems[ci], gridClass, ki, attrs, usedNames, roads), 'compound', `${cGrid.path}.${compoundLabel(kNo)}`, cGrid.id, kRects[ki], ks);
      kGrid.grade = ks.small ? attrs.weightedPick(GRADES, [0, 0.4, 0.6]) : attrs.weightedPick(GRADES, GRADE_WEIGHTS[gridClass]);
      if (ks.households < MERGE_THRESHOLD_HOUSEHOLDS) kGrid.mergeReason = mergeReason(stems[ci], ks.households, attrs, usedNames);
      grids.push(kGrid);
      const kRef: CompoundRef = { grid: kGrid, shape: ks, clusters: [], community: cRef };
      cRef.compounds.push(kRef);

      const jRects = splitRect(kRects[ki], ks.clusters.map((j) => (j.kind === 'shopfront' ? 0.6 : 1) * j.buildings.length), geo);
      let resNo = 1; // residential buildings numbered through the compound (1号楼...)
      let shopNo = 1; // shopfronts numbered separately (沿街商铺1号...)
      ks.clusters.forEach((js, ji) => {
        const jNo = ji + 1;
        const n = js.buildings.length;
        const first = js.kind === 'shopfront' ? shopNo : resNo;
        const last = first + n - 1;
        const name = js.kind === 'shopfront' ? `沿街商铺${first}-${last}号` : n === 1 ? `${first}号楼` : `${first}-${last}号楼`;
        if (js.kind === 'shopfront') shopNo += n;
        else resNo += n;
        const jGrid = makeGrid(clusterCode(adm, ctx.number, cNo, kNo, jNo), name, 'building_cluster', `${kGrid.path}.${clusterLabel(jNo)}`, kGrid.id, jRects[ji], {
          households: js.households,
          buildings: n,
          shopfronts: js.kind === 'shopfront' ? n : 0,
        });
        jGrid.clusterKind = js.kind;
        grids.push(jGrid);
        kRef.clusters.push({ grid: jGrid, shape: js, firstNumber: first, compound: kRef });
      });
    });
  });
  return { street, grids, communities, shape };
}
