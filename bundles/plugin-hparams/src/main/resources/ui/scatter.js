// The scatter-plot matrix on Canvas 2D: one row per metric, one cell per visible column, each
// session a dot (categories spread a little so equal values do not hide each other). Hovering a
// dot outlines the same session in every cell; clicking opens it.
import { axisOf, unitOf } from './model.js';
import { fitCanvas, layeredCanvases, themeOf } from './theme.js';

const CELL = 150;
const PAD = 10;
const LEFT = 24;
const TOP = 30;
const DOT = 3;

export function createScatter(host, env) {
  // env: { t, root, onSelect(row), tooltip(event, row|null) }
  const { box, base, over } = layeredCanvases(host, 'vdl-hp-canvasbox vdl-hp-matrix');

  let s = null;
  let layout = null;
  let hover = -1;

  function update(next) {
    s = next;
    draw();
  }

  function jitter(r, k) {
    // Deterministic, so a redraw does not shake the dots.
    let h = Math.imul(r + 1, 2654435761) ^ Math.imul(k + 7, 40503);
    h ^= h >>> 15;
    return ((h >>> 0) % 1000) / 1000 - 0.5;
  }

  function draw() {
    if (!s) return;
    const theme = themeOf(env.root);
    const xs = s.columns;
    const ys = s.columns.filter((c) => c.group === 'metric');
    const width = LEFT + xs.length * CELL + PAD;
    const height = TOP + ys.length * CELL + PAD;
    const n = s.table.runs.length;
    const xAxes = xs.map(axisOf);
    const yAxes = ys.map(axisOf);
    // Pixel positions once per draw, inside each cell: px[k * n + r], py[j * n + r].
    const inner = CELL - 2 * PAD;
    const px = new Float32Array(xs.length * n);
    const py = new Float32Array(ys.length * n);
    xAxes.forEach((a, k) => {
      if (a.col.type === 'number') {
        for (let r = 0; r < n; r++) {
          const u = unitOf(a, r);
          px[k * n + r] = Number.isNaN(u) ? NaN : PAD + u * inner;
        }
        return;
      }
      // Categories in the middle of equal bands, spread over half a band.
      const bands = Math.max(1, a.col.categories.length);
      for (let r = 0; r < n; r++) {
        const code = a.col.codes[r];
        px[k * n + r] = code < 0 ? NaN : PAD + ((code + 0.5 + 0.5 * jitter(r, k)) / bands) * inner;
      }
    });
    yAxes.forEach((a, j) => {
      for (let r = 0; r < n; r++) {
        const u = unitOf(a, r);
        py[j * n + r] = Number.isNaN(u) ? NaN : PAD + (1 - u) * inner;
      }
    });
    layout = { width, height, xs, ys, px, py, n, xAxes, yAxes };

    const g = fitCanvas(base, width, height);
    g.font = theme.font;
    g.textBaseline = 'middle';
    // Frames and labels.
    for (let k = 0; k < xs.length; k++) {
      g.fillStyle = theme.fg;
      g.textAlign = 'center';
      g.fillText(clip(g, xs[k].name, CELL - 8), LEFT + k * CELL + CELL / 2, TOP - 16);
      for (let j = 0; j < ys.length; j++) {
        g.strokeStyle = theme.border;
        g.strokeRect(LEFT + k * CELL + 0.5, TOP + j * CELL + 0.5, CELL - 1, CELL - 1);
      }
    }
    for (let j = 0; j < ys.length; j++) {
      g.save();
      g.translate(LEFT - 10, TOP + j * CELL + CELL / 2);
      g.rotate(-Math.PI / 2);
      g.fillStyle = theme.fg;
      g.textAlign = 'center';
      g.fillText(clip(g, ys[j].name, CELL - 8), 0, 0);
      g.restore();
    }
    // Dots, one fill style per colour bucket.
    const groups = new Map();
    for (const r of s.rows) {
      const b = s.bucketOf ? s.bucketOf(r) : -1;
      if (!groups.has(b)) groups.set(b, []);
      groups.get(b).push(r);
    }
    g.globalAlpha = s.rows.length > 300 ? 0.7 : 0.9;
    for (const [b, rows] of groups) {
      g.fillStyle = b < 0 ? theme.accent : s.bucketColor(b, theme);
      for (let j = 0; j < ys.length; j++) {
        const oy = TOP + j * CELL;
        for (let k = 0; k < xs.length; k++) {
          const ox = LEFT + k * CELL;
          for (const r of rows) {
            const x = px[k * n + r]; const y = py[j * n + r];
            if (x === x && y === y) g.fillRect(ox + x - DOT / 2, oy + y - DOT / 2, DOT, DOT);
          }
        }
      }
    }
    g.globalAlpha = 1;
    performance.mark('vdl-hparams:scatter-drawn');
    drawOver();
  }

  function drawOver() {
    if (!layout) return;
    const theme = themeOf(env.root);
    const g = fitCanvas(over, layout.width, layout.height);
    const { xs, ys, px, py, n } = layout;
    for (const [r, color] of [[s.selected, theme.highlight], [hover, theme.fg]]) {
      if (r === null || r === undefined || r < 0 || r >= n) continue;
      g.strokeStyle = color;
      g.lineWidth = 1.5;
      for (let j = 0; j < ys.length; j++) {
        for (let k = 0; k < xs.length; k++) {
          const x = px[k * n + r]; const y = py[j * n + r];
          if (x !== x || y !== y) continue;
          g.beginPath();
          g.arc(LEFT + k * CELL + x, TOP + j * CELL + y, 4.5, 0, 2 * Math.PI);
          g.stroke();
        }
      }
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

  function dotAt(e) {
    if (!layout) return -1;
    const rect = over.getBoundingClientRect();
    const x = e.clientX - rect.left - LEFT; const y = e.clientY - rect.top - TOP;
    const k = Math.floor(x / CELL); const j = Math.floor(y / CELL);
    if (k < 0 || j < 0 || k >= layout.xs.length || j >= layout.ys.length) return -1;
    const cx = x - k * CELL; const cy = y - j * CELL;
    const { px, py, n } = layout;
    let best = -1; let dist = 36;
    for (const r of s.rows) {
      const dx = px[k * n + r] - cx; const dy = py[j * n + r] - cy;
      const d = dx * dx + dy * dy;
      if (d < dist) { dist = d; best = r; }
    }
    return best;
  }

  over.addEventListener('pointermove', (e) => {
    const r = dotAt(e);
    if (r !== hover) { hover = r; drawOver(); }
    env.tooltip(e, r < 0 ? null : r);
  });
  over.addEventListener('pointerleave', () => { hover = -1; drawOver(); env.tooltip(null, null); });
  over.addEventListener('click', (e) => { const r = dotAt(e); if (r >= 0) env.onSelect(r); });

  return {
    update,
    redraw: draw,
    dispose() { box.remove(); },
  };
}
