import { ListGridPolygons } from '@grid122/contracts';

/** Room for a polygon's id, code, path and JSON punctuation beside its coordinates. */
const PER_ITEM_BYTES = 120;

/**
 * One reply of `registry.grid.polygons` from the rows read: as many polygons as fit in
 * MAX_REPLY_BYTES (at least one, however large), `more` when the caller must ask again — after the
 * last item for a page, or for the ids neither returned nor missing. A city's page of 5,000
 * polygons is ~4 MB, over NATS's 1 MiB max_payload: sent whole, it could not be sent at all.
 */
export function polygonPage(
  rows: { id: string; code: string; path: string; geojson: string }[],
  req: ListGridPolygons.Request,
  budget = ListGridPolygons.MAX_REPLY_BYTES,
): ListGridPolygons.Reply {
  let bytes = 0;
  let n = 0;
  while (n < rows.length && (n === 0 || bytes + rows[n].geojson.length + PER_ITEM_BYTES <= budget)) bytes += rows[n++].geojson.length + PER_ITEM_BYTES;
  const items = rows.slice(0, n).map((r) => ({ id: r.id, code: r.code, path: r.path, rings: (JSON.parse(r.geojson) as { coordinates: [number, number][][] }).coordinates }));
  const found = new Set(rows.map((r) => r.id));
  return {
    items,
    ...(req.ids ? { missing: req.ids.filter((id) => !found.has(id)) } : {}),
    more: n < rows.length || (!req.ids && rows.length === req.limit),
  };
}
