import fc from 'fast-check';
import { duplicateLockCells } from './incident.repository';

/** Metres between two WGS-84 points (haversine; close enough at 50 m). */
function metres(a: [number, number], b: [number, number]): number {
  const rad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * rad;
  const dLng = (b[0] - a[0]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6_371_008 * Math.asin(Math.sqrt(h));
}

describe(duplicateLockCells.name, () => {
  it('gives two reports of a category within the radius at least one common lock', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 73, max: 135, noNaN: true }),
        fc.double({ min: 18, max: 53, noNaN: true }),
        fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }),
        fc.double({ min: 0, max: 50, noNaN: true }),
        (lng, lat, angle, dist) => {
          const dLat = (dist * Math.sin(angle)) / 111_000;
          const dLng = (dist * Math.cos(angle)) / (111_000 * Math.cos((lat * Math.PI) / 180));
          const b: [number, number] = [lng + dLng, lat + dLat];
          if (metres([lng, lat], b) > 50) return;
          const sut = new Set(duplicateLockCells('gas_hazard', lng, lat, 50));
          expect(duplicateLockCells('gas_hazard', b[0], b[1], 50).some((c) => sut.has(c))).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('locks at most four ~100 m cells for the 50 m radius, and other categories apart', () => {
    const sut = duplicateLockCells('gas_hazard', 118.7712, 32.1031, 50);
    expect(sut.length).toBeGreaterThanOrEqual(1);
    expect(sut.length).toBeLessThanOrEqual(4);
    expect(duplicateLockCells('muck', 118.7712, 32.1031, 50).some((c) => sut.includes(c))).toBe(false);
  });

  it('keeps reports a kilometre apart on different locks', () => {
    const a = duplicateLockCells('gas_hazard', 118.7712, 32.1031, 50);
    const b = duplicateLockCells('gas_hazard', 118.7812, 32.1031, 50);
    expect(a.some((c) => b.includes(c))).toBe(false);
  });
});
