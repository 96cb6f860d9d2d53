// Chart zoom bounds, in percent, and the zoom that fits a chart in view.
export const ZOOM_MIN = 50;
export const ZOOM_MAX = 150;
export const ZOOM_STEP = 10;

export const clampZoom = (z: number) => Math.min(ZOOM_MAX, Math.max(ZOOM_MIN, Math.round(z)));

// fitZoom picks the largest step (never above 100 %) at which a chart of
// naturalWidth (at 100 %) fits into available pixels.
export function fitZoom(available: number, naturalWidth: number): number {
  if (naturalWidth <= 0 || available <= 0) return 100;
  const z = Math.floor(((available / naturalWidth) * 100) / ZOOM_STEP) * ZOOM_STEP;
  return clampZoom(Math.min(100, z));
}
