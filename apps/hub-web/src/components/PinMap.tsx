import { useEffect, useRef } from 'react';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { qs, useApi } from '../api';
import { useI18n } from '../i18n';
import type { GridCollection } from '../types';
import { useGridId } from '../names';
import { localiseLeaflet } from './leafletLocale';

const TILE_URL = (import.meta.env.VITE_TILE_URL as string | undefined) ?? '';
const TILE_ATTRIBUTION = (import.meta.env.VITE_TILE_ATTRIBUTION as string | undefined) ?? '';

export interface Point {
  lng: number;
  lat: number;
}

/**
 * A small map with one pin: where a problem is (the incident file) or where it is being reported
 * (the phone: tap or drag to move the pin, or focus the map and press Enter to pin its centre).
 * The grid outlines under `root` are drawn so the map means something without a tile server.
 * Reachable by keyboard: the map is a focusable region (arrow keys pan, +/- zoom).
 */
export default function PinMap({ value, onChange, root, label, height = 220 }: { value: Point | null; onChange?: (p: Point) => void; root?: string | null; label: string; height?: number }) {
  const { lang } = useI18n();
  const el = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const pin = useRef<L.CircleMarker | null>(null);
  const outline = useRef<L.GeoJSON | null>(null);
  const change = useRef(onChange);
  change.current = onChange;
  const rootId = useGridId(root);
  const shapes = useApi<GridCollection>(rootId ? `/api/v1/grids.geojson${qs({ root: rootId })}` : null);

  useEffect(() => {
    if (!el.current) return;
    localiseLeaflet();
    const m = L.map(el.current, { zoomControl: true, attributionControl: !!TILE_URL, keyboard: true });
    if (TILE_URL) L.tileLayer(TILE_URL, { attribution: TILE_ATTRIBUTION, maxZoom: 19 }).addTo(m);
    m.setView([32.1, 118.77], 15);
    map.current = m;
    const container = m.getContainer();
    container.setAttribute('role', 'application');
    container.setAttribute('aria-roledescription', lang === 'zh' ? '地图' : 'map');
    container.setAttribute('aria-label', label);
    m.on('click', (e: L.LeafletMouseEvent) => change.current?.({ lng: e.latlng.lng, lat: e.latlng.lat }));
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Enter' && change.current) {
        const c = m.getCenter();
        change.current({ lng: c.lng, lat: c.lat });
      }
    };
    container.addEventListener('keydown', onKey);
    const ro = new ResizeObserver(() => m.invalidateSize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      container.removeEventListener('keydown', onKey);
      m.remove();
      map.current = null;
      pin.current = null;
      outline.current = null;
    };
    // label and lang only name the region; the map is made once
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const m = map.current;
    if (!m) return;
    m.getContainer().setAttribute('aria-label', label);
  }, [label]);

  useEffect(() => {
    const m = map.current;
    if (!m || !shapes.data) return;
    outline.current?.remove();
    outline.current = L.geoJSON(shapes.data as never, { style: { color: '#5ab0ff', weight: 1, fillOpacity: 0.08 }, interactive: false }).addTo(m);
    if (!value) {
      const b = outline.current.getBounds();
      if (b.isValid()) m.fitBounds(b, { padding: [8, 8] });
    }
    // fit once the outline arrives; the pin's own effect centres on it
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shapes.data]);

  useEffect(() => {
    const m = map.current;
    if (!m) return;
    if (!value) {
      pin.current?.remove();
      pin.current = null;
      return;
    }
    const at = L.latLng(value.lat, value.lng);
    if (!pin.current) pin.current = L.circleMarker(at, { radius: 9, color: '#fff', weight: 2, fillColor: '#ff6b6f', fillOpacity: 1 }).addTo(m);
    else pin.current.setLatLng(at);
    m.setView(at, Math.max(m.getZoom(), 16));
  }, [value?.lng, value?.lat]);

  return <div ref={el} className="map pinmap" style={{ height }} data-testid="pin-map" data-pinned={value ? 'true' : 'false'} />;
}
