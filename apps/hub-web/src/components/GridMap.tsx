import { useEffect, useRef, type ReactNode } from 'react';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import type { GridCollection, LightColour } from '../types';

export interface MapMarker {
  id: string;
  lat: number;
  lng: number;
  label: string;
  light?: LightColour | null;
}

/** Open problems now in one grid (GET /api/v1/stats/open-by-grid). */
export interface GridLoad {
  open: number;
  overdue: number;
}

/** A hot or cold spot of GET /api/v1/hotspots, drawn as an outline over its grid. */
export interface HotspotMark {
  path: string;
  kind: 'hot' | 'cold';
  label: string;
  reason: string;
}

/**
 * The tile layer is configured at build time (VITE_TILE_URL, e.g. a street's own tile server;
 * GCJ-02 tiles need converted coordinates, see docs/web.md). Without one, the grid polygons alone
 * are the map: the page never depends on an outside tile service.
 */
const TILE_URL = (import.meta.env.VITE_TILE_URL as string | undefined) ?? '';
const TILE_ATTRIBUTION = (import.meta.env.VITE_TILE_ATTRIBUTION as string | undefined) ?? '';

const LIGHT_COLOURS = { green: '#2fb171', yellow: '#e8b730', red: '#e5484d' } as const;

/** Open problems per polygon: the legend's steps (upper bounds) and colours, pale to deep orange. */
export const LOAD_STEPS: { max: number; colour: string }[] = [
  { max: 0, colour: '#2b3a55' },
  { max: 2, colour: '#7d6a35' },
  { max: 5, colour: '#b8782c' },
  { max: 10, colour: '#e0662b' },
  { max: Infinity, colour: '#e5484d' },
];
export const fillFor = (n: number): string => (LOAD_STEPS.find((s) => n <= s.max) ?? LOAD_STEPS[LOAD_STEPS.length - 1]).colour;
export const HOT_COLOUR = '#ff5cf0';
export const COLD_COLOUR = '#5fd3ff';
export const OVERDUE_EDGE = '#ff3b3b';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export default function GridMap({
  grids,
  counts,
  loads,
  names,
  hotspots,
  markers = [],
  selectedId,
  onSelect,
  onMarker,
  label,
  height = 360,
  legend,
  describe,
}: {
  grids: GridCollection | undefined;
  /** open incidents per grid path (the polygon's own path or below) — the grid explorer's colouring */
  counts?: Map<string, number>;
  /** open and overdue problems per polygon path (the wall's colouring: fill by open, red edge when overdue) */
  loads?: Map<string, GridLoad>;
  /** polygons whose names stay written on the map (the communities) */
  names?: GridCollection;
  hotspots?: HotspotMark[];
  markers?: MapMarker[];
  selectedId?: string | null;
  onSelect?: (gridId: string) => void;
  /** a marker was clicked or pressed with Enter: open its case */
  onMarker?: (id: string) => void;
  label: string;
  height?: number | string;
  legend?: ReactNode;
  /** the tooltip of a polygon with loads, in the reader's language */
  describe?: (name: string, load: GridLoad) => string;
}) {
  const el = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const polys = useRef<L.GeoJSON | null>(null);
  const nameLayer = useRef<L.LayerGroup | null>(null);
  const hotLayer = useRef<L.GeoJSON | null>(null);
  const dots = useRef<L.LayerGroup | null>(null);
  const placed = useRef(new Map<string, { marker: L.Marker; key: string }>());
  const fitted = useRef(false);
  const select = useRef(onSelect);
  select.current = onSelect;
  const open = useRef(onMarker);
  open.current = onMarker;

  useEffect(() => {
    if (!el.current) return;
    const m = L.map(el.current, { zoomControl: true, attributionControl: !!TILE_URL, preferCanvas: true, keyboard: true, zoomSnap: 0.25 });
    if (TILE_URL) L.tileLayer(TILE_URL, { attribution: TILE_ATTRIBUTION, maxZoom: 19 }).addTo(m);
    m.setView([32.1, 118.77], 14);
    map.current = m;
    nameLayer.current = L.layerGroup().addTo(m);
    dots.current = L.layerGroup().addTo(m);
    // Leaflet measures its container once; a lazily laid-out panel needs a re-measure and a re-fit.
    const ro = new ResizeObserver(() => {
      // A container without size (being laid out or taken away) has no zoom to fit: NaN in Leaflet.
      if (!el.current?.clientWidth || !el.current.clientHeight) return;
      m.invalidateSize();
      const b = polys.current?.getBounds();
      if (b?.isValid()) m.fitBounds(b, { padding: [8, 8] });
    });
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      m.remove();
      placed.current.clear();
      map.current = null;
      fitted.current = false;
    };
  }, []);

  useEffect(() => {
    const m = map.current;
    if (!m || !grids) return;
    polys.current?.remove();
    const countFor = (path: string) => {
      if (!counts) return 0;
      let n = 0;
      for (const [p, c] of counts) if (p === path || p.startsWith(`${path}.`)) n += c;
      return n;
    };
    const loadFor = (path: string): GridLoad => loads?.get(path) ?? { open: countFor(path), overdue: 0 };
    const layer = L.geoJSON(grids as GeoJSON.FeatureCollection, {
      style: (f) => {
        const p = f?.properties as { id: string; path: string };
        const n = loadFor(p.path);
        const sel = p.id === selectedId;
        const late = n.overdue > 0;
        return { color: sel ? '#ffffff' : late ? OVERDUE_EDGE : '#7fa7d9', weight: sel ? 3 : late ? 2.5 : 1, fillColor: fillFor(n.open), fillOpacity: 0.6 };
      },
      onEachFeature: (f, lyr) => {
        const p = f.properties as { id: string; name: string; path: string };
        const n = loadFor(p.path);
        lyr.bindTooltip(describe ? esc(describe(p.name, n)) : `${esc(p.name)} · ${n.open}`, { sticky: true, className: 'map-tip' });
        lyr.on('click', () => select.current?.(p.id));
      },
    }).addTo(m);
    polys.current = layer;
    layer.bringToBack();
    const b = layer.getBounds();
    m.invalidateSize();
    if (b.isValid() && !fitted.current && el.current?.clientWidth && el.current.clientHeight) {
      m.fitBounds(b, { padding: [8, 8] });
      fitted.current = true;
    }
  }, [grids, counts, loads, selectedId, describe]);

  // Community names written on the map (not interactive: the polygons below answer the pointer).
  useEffect(() => {
    const g = nameLayer.current;
    if (!g) return;
    g.clearLayers();
    for (const f of names?.features ?? []) {
      const c = L.geoJSON(f as GeoJSON.Feature).getBounds().getCenter();
      L.marker(c, {
        interactive: false,
        keyboard: false,
        icon: L.divIcon({ className: 'map-name', html: `<span>${esc(f.properties.name)}</span>`, iconSize: [0, 0] }),
      }).addTo(g);
    }
  }, [names]);

  // Hot and cold spots: an outline over their grid (the analysis's own places).
  useEffect(() => {
    const m = map.current;
    hotLayer.current?.remove();
    hotLayer.current = null;
    if (!m || !grids || !hotspots?.length) return;
    const byPath = new Map(hotspots.map((h) => [h.path, h]));
    const features = grids.features.filter((f) => byPath.has(f.properties.path));
    hotLayer.current = L.geoJSON({ type: 'FeatureCollection', features } as GeoJSON.FeatureCollection, {
      style: (f) => {
        const h = byPath.get((f?.properties as { path: string }).path)!;
        return { color: h.kind === 'hot' ? HOT_COLOUR : COLD_COLOUR, weight: 4, dashArray: '8 6', fill: false };
      },
      onEachFeature: (f, lyr) => {
        const p = f.properties as { name: string; path: string };
        const h = byPath.get(p.path)!;
        lyr.bindTooltip(`${esc(p.name)} · ${esc(h.label)}<br>${esc(h.reason)}`, { sticky: true, className: 'map-tip' });
      },
    }).addTo(m);
  }, [grids, hotspots]);

  // Markers: keyboard reachable (Tab, then Enter opens the case), named for screen readers. Kept by
  // id across refreshes, so the one that has the focus is not taken away under the reader.
  useEffect(() => {
    const g = dots.current;
    if (!g) return;
    const want = new Map(markers.map((mk) => [mk.id, mk]));
    for (const [id, p] of placed.current) {
      const mk = want.get(id);
      if (!mk || `${mk.lat},${mk.lng},${mk.light},${mk.label}` !== p.key) {
        g.removeLayer(p.marker);
        placed.current.delete(id);
      }
    }
    for (const mk of markers) {
      if (placed.current.has(mk.id)) continue;
      const colour = mk.light ? LIGHT_COLOURS[mk.light] : '#5ab0ff';
      const marker = L.marker([mk.lat, mk.lng], {
        keyboard: true,
        title: mk.label,
        icon: L.divIcon({ className: 'map-dot', html: `<span style="background:${colour}"></span>`, iconSize: [18, 18], iconAnchor: [9, 9] }),
      });
      marker.on('click', () => open.current?.(mk.id));
      marker.addTo(g);
      placed.current.set(mk.id, { marker, key: `${mk.lat},${mk.lng},${mk.light},${mk.label}` });
      const node = marker.getElement();
      if (node) {
        node.setAttribute('role', 'button');
        node.setAttribute('aria-label', mk.label);
        node.dataset.testid = 'map-marker';
        node.addEventListener('keydown', (e) => {
          if (e.key !== 'Enter' && e.key !== ' ') return;
          e.preventDefault();
          open.current?.(mk.id);
        });
      }
    }
  }, [markers]);

  return (
    <div className="map-wrap" style={{ height }}>
      <div ref={el} className="map" role="region" aria-label={label} style={{ height: '100%' }} data-features={grids?.features.length ?? 0} data-markers={markers.length} data-hotspots={hotspots?.length ?? 0} />
      {legend}
    </div>
  );
}
