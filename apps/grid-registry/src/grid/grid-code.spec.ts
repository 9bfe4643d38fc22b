import { GridLevel } from '@grid122/contracts';
import { clusterCode, compoundCode, communityCode } from '@grid122/demo-street';
import { checkChildCode, defaultLabel, nextChildCode } from './grid-code';
import { polygonStructureProblem } from './polygon-check';

describe('grid codes (6+3+3+3)', () => {
  const community = communityCode('320106', 12, 3);
  const compound = compoundCode('320106', 12, 3, 2);

  it('generates the same codes and labels as the demo street scheme', () => {
    const sut = nextChildCode;
    expect(sut(GridLevel.Compound, community, [compoundCode('320106', 12, 3, 1)])).toBe(compound);
    expect(sut(GridLevel.BuildingCluster, compound, [])).toBe(clusterCode('320106', 12, 3, 2, 1));
    expect(defaultLabel(GridLevel.Compound, compound)).toBe('g2_02');
    expect(defaultLabel(GridLevel.BuildingCluster, clusterCode('320106', 12, 3, 2, 7))).toBe('g3_07');
    expect(defaultLabel(GridLevel.Community, community)).toBe('c03');
  });

  it('says when the code space under a parent is full', () => {
    const full = Array.from({ length: 8 }, (_, i) => compoundCode('320106', 12, 3, i + 1));
    expect(nextChildCode(GridLevel.Compound, community, full)).toBeNull();
  });

  it('checks a given code against its parent and level', () => {
    expect(checkChildCode(GridLevel.BuildingCluster, clusterCode('320106', 12, 3, 2, 5), compound)).toBeNull();
    expect(checkChildCode(GridLevel.BuildingCluster, clusterCode('320106', 12, 3, 1, 5), compound)).toMatch(/ends 301..399/);
    expect(checkChildCode(GridLevel.Compound, '320106012004101', community)).toMatch(/parent's first 12 digits/);
    expect(checkChildCode(GridLevel.Compound, '32010601200310', community)).toBe('must be 15 digits');
  });
});

describe('polygonStructureProblem', () => {
  const ring = [[118.75, 32.1], [118.76, 32.1], [118.76, 32.11], [118.75, 32.1]];
  it('accepts a closed ring and names what is wrong otherwise', () => {
    expect(polygonStructureProblem({ type: 'Polygon', coordinates: [ring] })).toBeNull();
    expect(polygonStructureProblem({ type: 'Polygon', coordinates: [ring.slice(0, 3).concat([[118.75, 32.2]])] })).toMatch(/not closed/);
    expect(polygonStructureProblem({ type: 'Polygon', coordinates: [ring.slice(1)] })).toMatch(/at least 4/);
    expect(polygonStructureProblem({ type: 'MultiPolygon', coordinates: [[ring]] })).toMatch(/must be Polygon/);
    expect(polygonStructureProblem({ type: 'Polygon', coordinates: [[[200, 32.1], ...ring.slice(1, 3), [200, 32.1]]] })).toMatch(/outside WGS-84/);
  });
});
