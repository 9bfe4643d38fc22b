import L from 'leaflet';

/**
 * Leaflet's own controls in the page's language: the zoom buttons are titled "Zoom in" / "Zoom out"
 * by default, which a Chinese screen (and its screen reader) must not say. Set before a map is made;
 * the page's language is read from <html lang>.
 */
export function localiseLeaflet(): void {
  const zh = document.documentElement.lang.startsWith('zh');
  Object.assign(L.Control.Zoom.prototype.options, zh ? { zoomInTitle: '放大', zoomOutTitle: '缩小' } : { zoomInTitle: 'Zoom in', zoomOutTitle: 'Zoom out' });
}
