import { useEffect, useRef } from 'react';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import type { GridCollection } from '../types';

export interface MapMarker {
  id: string;
  lat: number;
  lng: number;
  label: string;
  light?: 'green' | 'yellow' | 'red' | null;
}

/**
 * The tile layer is configured at build time (VITE_TILE_URL, e.g. a street's own tile server;
 * GCJ-02 tiles need converted coordinates, see docs/web.md). Without one, the grid polygons alone
 * are the map: the page never depends on an outside tile service.
 */
const TILE_URL = (import.meta.env.VITE_TILE_URL as string | undefined) ?? '';
const TILE_ATTRIBUTION = (import.meta.env.VITE_TILE_ATTRIBUTION as string | undefined) ?? '';

const LIGHT_COLOURS = { green: '#2fb171', yellow: '#e8b730', red: '#e5484d' } as const;

/** Open incidents per polygon: 0 pale, then deeper orange. */
export const fillFor = (n: number): string => (n <= 0 ? '#2b3a55' : n === 1 ? '#8a6d2f' : n <= 3 ? '#c27c2c' : n <= 6 ? '#e0662b' : '#e5484d');

export default function GridMap({
  grids,
  counts,
  markers = [],
  selectedId,
  onSelect,
  label,
  height = 360,
}: {
  grids: GridCollection | undefined;
  /** open incidents per grid path (the polygon's own path or below) */
  counts?: Map<string, number>;
  markers?: MapMarker[];
  selectedId?: string | null;
  onSelect?: (gridId: string) => void;
  label: string;
  height?: number;
}) {
  const el = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const polys = useRef<L.GeoJSON | null>(null);
  const dots = useRef<L.LayerGroup | null>(null);
  const fitted = useRef(false);
  const select = useRef(onSelect);
  select.current = onSelect;

  useEffect(() => {
    if (!el.current) return;
    const m = L.map(el.current, { zoomControl: true, attributionControl: !!TILE_URL, preferCanvas: true, keyboard: true });
    if (TILE_URL) L.tileLayer(TILE_URL, { attribution: TILE_ATTRIBUTION, maxZoom: 19 }).addTo(m);
    m.setView([32.1, 118.77], 14);
    map.current = m;
    dots.current = L.layerGroup().addTo(m);
    // Leaflet measures its container once; a lazily laid-out panel needs a re-measure and a re-fit.
    const ro = new ResizeObserver(() => {
      m.invalidateSize();
      const b = polys.current?.getBounds();
      if (b?.isValid()) m.fitBounds(b, { padding: [8, 8] });
    });
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      m.remove();
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
    const layer = L.geoJSON(grids as GeoJSON.FeatureCollection, {
      style: (f) => {
        const p = f?.properties as { id: string; path: string };
        const n = countFor(p.path);
        const sel = p.id === selectedId;
        return { color: sel ? '#ffffff' : '#7fa7d9', weight: sel ? 3 : 1, fillColor: fillFor(n), fillOpacity: 0.55 };
      },
      onEachFeature: (f, lyr) => {
        const p = f.properties as { id: string; name: string; path: string };
        lyr.bindTooltip(`${p.name} · ${countFor(p.path)}`, { sticky: true });
        lyr.on('click', () => select.current?.(p.id));
      },
    }).addTo(m);
    polys.current = layer;
    const b = layer.getBounds();
    m.invalidateSize();
    if (b.isValid() && !fitted.current) {
      m.fitBounds(b, { padding: [8, 8] });
      fitted.current = true;
    }
  }, [grids, counts, selectedId]);

  useEffect(() => {
    const g = dots.current;
    if (!g) return;
    g.clearLayers();
    for (const mk of markers) {
      L.circleMarker([mk.lat, mk.lng], { radius: 5, color: '#0b1220', weight: 1, fillColor: mk.light ? LIGHT_COLOURS[mk.light] : '#5ab0ff', fillOpacity: 0.95 })
        .bindTooltip(mk.label)
        .addTo(g);
    }
  }, [markers]);

  return <div ref={el} className="map" role="region" aria-label={label} style={{ height }} data-features={grids?.features.length ?? 0} data-markers={markers.length} />;
}
