// Colours for canvases, read from the page's CSS custom properties so a dark theme (or any theme
// that sets --vdl-* variables) reaches what Canvas 2D draws. Fallbacks are the light theme's.

/** The stylesheet's custom properties on the dashboard's root, resolved. */
export function themeOf(root) {
  const s = getComputedStyle(root);
  const get = (name, fallback) => (s.getPropertyValue(name) || '').trim() || fallback;
  const ramp = get('--hp-ramp', '#440154, #3b528b, #21918c, #5ec962, #fde725')
    .split(/,(?![^(]*\))/).map((c) => c.trim()).filter(Boolean);
  return {
    fg: get('--hp-fg', '#1f2328'),
    muted: get('--hp-muted', '#656d76'),
    bg: get('--hp-bg', '#ffffff'),
    border: get('--hp-border', '#d0d7de'),
    accent: get('--hp-accent', '#2f6feb'),
    faint: get('--hp-faint', 'rgba(128,128,128,0.18)'),
    brush: get('--hp-brush', 'rgba(47,111,235,0.18)'),
    highlight: get('--hp-highlight', '#cf222e'),
    ramp: ramp.length >= 2 ? ramp : ['#440154', '#fde725'],
    font: `11px ${s.fontFamily || 'sans-serif'}`,
  };
}

/**
 * Calls fn when the theme may have changed: the system's colour scheme, or an attribute of the
 * root element (a class or data attribute the shell sets for dark mode). Returns a stop function.
 */
export function onThemeChange(fn) {
  const media = window.matchMedia ? window.matchMedia('(prefers-color-scheme: dark)') : null;
  media?.addEventListener?.('change', fn);
  const observer = new MutationObserver(fn);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['class', 'data-theme', 'style'] });
  if (document.body) observer.observe(document.body, { attributes: true, attributeFilter: ['class', 'data-theme'] });
  return () => { media?.removeEventListener?.('change', fn); observer.disconnect(); };
}

/** Sizes a canvas to its CSS box times the device pixel ratio; returns its 2D context in CSS pixels. */
export function fitCanvas(canvas, width, height) {
  const dpr = window.devicePixelRatio || 1;
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  if (canvas.width !== Math.round(width * dpr) || canvas.height !== Math.round(height * dpr)) {
    canvas.width = Math.round(width * dpr);
    canvas.height = Math.round(height * dpr);
  }
  const g = canvas.getContext('2d');
  g.setTransform(dpr, 0, 0, dpr, 0, 0);
  g.clearRect(0, 0, width, height);
  return g;
}

/**
 * The two stacked canvases a chart draws on, appended to host: `base` for what changes with the
 * data, `over` (class vdl-hp-over) for hover and brushing, so a hover never redraws every line.
 */
export function layeredCanvases(host, className) {
  const box = document.createElement('div');
  box.className = className;
  const base = document.createElement('canvas');
  const over = document.createElement('canvas');
  over.className = 'vdl-hp-over';
  box.append(base, over);
  host.append(box);
  return { box, base, over };
}
