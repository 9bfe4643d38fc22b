import { ListGridPolygons } from '@grid122/contracts';
import { polygonPage } from './polygon-page';

/** A square polygon's GeoJSON padded with vertices to about `bytes` bytes. */
function row(i: number, bytes: number) {
  const ring: [number, number][] = [];
  while (JSON.stringify(ring).length < bytes) ring.push([118.7 + ring.length * 1e-6, 32.0 + i * 1e-6]);
  ring.push(ring[0]);
  return { id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, code: `C${i}`, path: `nj.a.b.c${i}`, geojson: JSON.stringify({ type: 'Polygon', coordinates: [ring] }) };
}

describe('registry.grid.polygons pages (under NATS max_payload)', () => {
  it('stops a page at the byte budget and says more, with every polygon in the reply intact', () => {
    const rows = Array.from({ length: 5000 }, (_, i) => row(i, 800)); // ~4 MB: a city's page
    const reply = polygonPage(rows, { limit: 5000 });
    expect(reply.items.length).toBeGreaterThan(100);
    expect(reply.items.length).toBeLessThan(5000);
    expect(reply.more).toBe(true);
    expect(Buffer.byteLength(JSON.stringify(reply))).toBeLessThan(ListGridPolygons.MAX_REPLY_BYTES + 64 * 1024);
    expect(reply.items[0].rings).toEqual(JSON.parse(rows[0].geojson).coordinates);
  });

  it('a short last page says no more; a full page (limit reached) says more', () => {
    expect(polygonPage([row(1, 100), row(2, 100)], { limit: 10 }).more).toBe(false);
    expect(polygonPage([row(1, 100), row(2, 100)], { limit: 2 }).more).toBe(true);
  });

  it('by ids: the missing ones named, the rest of a cut page left for another request', () => {
    const rows = Array.from({ length: 50 }, (_, i) => row(i, 20_000));
    const ids = [...rows.map((r) => r.id), '00000000-0000-4000-8000-999999999999'];
    const reply = polygonPage(rows, { ids, limit: ids.length }, 100_000);
    expect(reply.items.length).toBe(4);
    expect(reply.missing).toEqual(['00000000-0000-4000-8000-999999999999']);
    expect(reply.more).toBe(true);
  });

  it('one polygon larger than the budget still goes (alone)', () => {
    const reply = polygonPage([row(1, 5000), row(2, 10)], { limit: 10 }, 1000);
    expect(reply.items.map((g) => g.code)).toEqual(['C1']);
    expect(reply.more).toBe(true);
  });
});
