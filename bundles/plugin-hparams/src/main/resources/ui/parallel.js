// Parallel coordinates on Canvas 2D: one vertical axis per visible column, one polyline per
// session. Drag along an axis to brush (it sets that column's filter, shared with the table);
// click an axis to clear it; hover a line to see its run, click it to open the session.
import { axisOf, brushExtent, brushFilter, fmt, unitOf } from './model.js';
import { fitCanvas, layeredCanvases, themeOf } from './theme.js';

const TOP = 56;
const BOTTOM = 28;
const SIDE = 48;
const HEIGHT = 440;
const AXIS_GAP = 84;

export function createParallel(host, env) {
  // env: { t, root, onFilter(id, filter|null), onSelect(row), tooltip(x, y, lines|null) }
  const { box, base, over } = layeredCanvases(host, 'vdl-hp-canvasbox');

  let s = null; // { table, rows, columns, filters, colorOf(row)->bucket, colors, selected }
  let layout = null; // { width, axes: [{axis, x}], passing: Uint8Array }
  let hover = -1;
  let drag = null; // { k, u0, u1 }

  function yOf(u) { return TOP + (1 - u) * (HEIGHT - TOP - BOTTOM); }
  function uOf(y) { return 1 - (y - TOP) / (HEIGHT - TOP - BOTTOM); }

  function update(next) {
    s = next;
    draw();
  }

  function draw() {
    if (!s) return;
    const theme = themeOf(env.root);
    const cols = s.columns;
    // At least AXIS_GAP between axes; the box scrolls sideways when that is wider than the page.
    const width = Math.max(320, (host.clientWidth || 800) - 2, 2 * SIDE + (cols.length - 1) * AXIS_GAP);
    const step = cols.length > 1 ? (width - 2 * SIDE) / (cols.length - 1) : 0;
    const axes = cols.map((c, k) => ({ axis: axisOf(c), x: cols.length > 1 ? SIDE + k * step : width / 2 }));
    const n = s.table.runs.length;
    const passing = new Uint8Array(n);
    for (const r of s.rows) passing[r] = 1;
    // Positions once per draw: units[k * n + row].
    const units = new Float32Array(axes.length * n);
    for (let k = 0; k < axes.length; k++) for (let r = 0; r < n; r++) units[k * n + r] = unitOf(axes[k].axis, r);
    layout = { width, axes, passing, units, n };

    const g = fitCanvas(base, width, HEIGHT);
    g.lineWidth = 1;
    g.lineJoin = 'round';
    // Sessions filtered out: one faint path, behind.
    g.strokeStyle = theme.faint;
    g.beginPath();
    for (let r = 0; r < n; r++) if (!passing[r]) trace(g, r);
    g.stroke();
    // Sessions kept: one path per colour bucket, so 1,000 lines cost a few strokes.
    g.globalAlpha = s.rows.length > 300 ? 0.55 : 0.85;
    const paths = new Map();
    for (const r of s.rows) {
      const b = s.bucketOf ? s.bucketOf(r) : -1;
      if (!paths.has(b)) paths.set(b, []);
      paths.get(b).push(r);
    }
    for (const [b, rows] of paths) {
      g.strokeStyle = b < 0 ? theme.accent : s.bucketColor(b, theme);
      g.beginPath();
      for (const r of rows) trace(g, r);
      g.stroke();
    }
    g.globalAlpha = 1;
    // Axes, brushes, labels.
    g.font = theme.font;
    g.textBaseline = 'middle';
    for (let k = 0; k < axes.length; k++) {
      const { axis, x } = axes[k];
      const ext = brushExtent(axis, s.filters[axis.col.id]);
      if (ext) {
        g.fillStyle = theme.brush;
        g.fillRect(x - 8, yOf(ext[1]), 16, Math.max(2, yOf(ext[0]) - yOf(ext[1])));
        g.strokeStyle = theme.accent;
        g.strokeRect(x - 8, yOf(ext[1]), 16, Math.max(2, yOf(ext[0]) - yOf(ext[1])));
      }
      g.strokeStyle = theme.fg;
      g.beginPath();
      g.moveTo(x, yOf(0));
      g.lineTo(x, yOf(1));
      g.stroke();
      g.fillStyle = theme.muted;
      g.textAlign = k === axes.length - 1 && axes.length > 1 ? 'right' : k === 0 && axes.length > 1 ? 'left' : 'center';
      const tickX = g.textAlign === 'right' ? x - 4 : g.textAlign === 'left' ? x + 4 : x + 4;
      if (g.textAlign === 'center') g.textAlign = 'left';
      const ticks = axis.ticks();
      const every = Math.max(1, Math.ceil(ticks.length / 12));
      for (let i = 0; i < ticks.length; i += every) {
        const v = ticks[i];
        const u = axis.col.type === 'number' ? axis.unit(v) : axis.unit(v);
        const label = axis.col.type === 'number' ? fmt(v) : axis.col.categories[v];
        g.fillText(clip(g, label, Math.max(40, step - 12)), tickX, yOf(u));
      }
      g.fillStyle = theme.fg;
      g.textAlign = k === 0 && axes.length > 1 ? 'left' : k === axes.length - 1 && axes.length > 1 ? 'right' : 'center';
      const nameX = g.textAlign === 'left' ? x - 8 : g.textAlign === 'right' ? x + 8 : x;
      g.font = `600 ${theme.font}`;
      g.fillText(clip(g, axis.col.name, Math.max(60, step - 8)), nameX, TOP - 30 + (k % 2) * 14);
      g.font = theme.font;
    }
    performance.mark('vdl-hparams:parallel-drawn');
    drawOver();
  }

  function trace(g, r) {
    const { axes, units, n } = layout;
    let pen = false;
    for (let k = 0; k < axes.length; k++) {
      const u = units[k * n + r];
      if (Number.isNaN(u)) { pen = false; continue; }
      const y = yOf(u);
      if (pen) g.lineTo(axes[k].x, y); else { g.moveTo(axes[k].x, y); pen = true; }
    }
  }

  function drawOver() {
    if (!layout) return;
    const theme = themeOf(env.root);
    const g = fitCanvas(over, layout.width, HEIGHT);
    for (const [r, color, w] of [[s.selected, theme.highlight, 3], [hover, theme.fg, 2]]) {
      if (r === null || r === undefined || r < 0 || r >= layout.n) continue;
      g.strokeStyle = color;
      g.lineWidth = w;
      g.beginPath();
      trace(g, r);
      g.stroke();
    }
    if (drag && drag.moved) {
      const x = layout.axes[drag.k].x;
      g.fillStyle = theme.brush;
      g.strokeStyle = theme.accent;
      g.lineWidth = 1;
      const y0 = yOf(Math.max(drag.u0, drag.u1)); const y1 = yOf(Math.min(drag.u0, drag.u1));
      g.fillRect(x - 8, y0, 16, y1 - y0);
      g.strokeRect(x - 8, y0, 16, y1 - y0);
    }
  }

  function clip(g, text, width) {
    if (g.measureText(text).width <= width) return text;
    let lo = 0; let hi = text.length;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (g.measureText(`${text.slice(0, mid)}…`).width <= width) lo = mid; else hi = mid - 1;
    }
    return `${text.slice(0, lo)}…`;
  }

  function axisAt(x, y) {
    if (!layout || y < TOP - 8 || y > HEIGHT - BOTTOM + 8) return -1;
    let best = -1; let dist = 12;
    layout.axes.forEach((a, k) => { const d = Math.abs(a.x - x); if (d < dist) { dist = d; best = k; } });
    return best;
  }

  function lineAt(x, y) {
    if (!layout || layout.axes.length === 0) return -1;
    const { axes, units, n } = layout;
    let k = 0;
    while (k < axes.length - 2 && x > axes[k + 1].x) k++;
    const x0 = axes[k].x; const x1 = axes.length > 1 ? axes[k + 1].x : x0;
    const f = x1 === x0 ? 0 : Math.max(0, Math.min(1, (x - x0) / (x1 - x0)));
    let best = -1; let dist = 6;
    for (const r of s.rows) {
      const a = units[k * n + r];
      const b = axes.length > 1 ? units[(k + 1) * n + r] : a;
      if (Number.isNaN(a) || Number.isNaN(b)) continue;
      const d = Math.abs(yOf(a + (b - a) * f) - y);
      if (d < dist) { dist = d; best = r; }
    }
    return best;
  }

  function point(e) {
    const rect = over.getBoundingClientRect();
    return [e.clientX - rect.left, e.clientY - rect.top];
  }

  over.addEventListener('pointerdown', (e) => {
    const [x, y] = point(e);
    const k = axisAt(x, y);
    if (k < 0) return;
    try { over.setPointerCapture(e.pointerId); } catch { /* a synthetic event */ }
    const u = Math.max(0, Math.min(1, uOf(y)));
    drag = { k, u0: u, u1: u, moved: false, y0: y };
    e.preventDefault();
  });
  over.addEventListener('pointermove', (e) => {
    const [x, y] = point(e);
    if (drag) {
      drag.u1 = Math.max(0, Math.min(1, uOf(y)));
      drag.moved = drag.moved || Math.abs(y - drag.y0) > 3;
      drawOver();
      return;
    }
    const r = axisAt(x, y) >= 0 ? -1 : lineAt(x, y);
    over.classList.toggle('is-axis', axisAt(x, y) >= 0);
    if (r !== hover) {
      hover = r;
      drawOver();
    }
    env.tooltip(e, r < 0 ? null : r);
  });
  over.addEventListener('pointerleave', () => { if (!drag) { hover = -1; drawOver(); env.tooltip(null, null); } });
  over.addEventListener('pointerup', (e) => {
    if (drag) {
      const d = drag;
      drag = null;
      const axis = layout.axes[d.k].axis;
      performance.mark('vdl-hparams:brush-end');
      if (d.moved) env.onFilter(axis.col.id, brushFilter(axis, d.u0, d.u1));
      else env.onFilter(axis.col.id, null);
      return;
    }
    const [x, y] = point(e);
    const r = lineAt(x, y);
    if (r >= 0) env.onSelect(r);
  });

  let lastHostWidth = 0;
  const resize = new ResizeObserver(() => {
    const w = host.clientWidth || 0;
    if (s && Math.abs(w - lastHostWidth) > 1) { lastHostWidth = w; draw(); }
  });
  resize.observe(host);

  return {
    update,
    redraw: draw,
    dispose() { resize.disconnect(); box.remove(); },
  };
}
