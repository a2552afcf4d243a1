// Scalar dashboard: one chart per tag with every selected run overlaid, grouped by tag prefix.
// Smoothing (debiased EMA, raw line kept faint), x by step / relative / wall time, linear or log
// y, ignore outliers, a tooltip with every run's value, drag to zoom (fetches full resolution for
// the range), downloads of every point (CSV, JSON) and of the chart (PNG), NaN and infinities
// marked, live updates. Contract: export render(element, context) and dispose().
import { smooth, percentileRange, toNumber, csvOf } from './scalar-math.js';

const MAX_POINTS_PER_REQUEST = 1000000;
const VIEW_POINTS = 2000;
const FETCH_CONCURRENCY = 6;
/** A chart draws at most this many runs; with more selected it says so (filter runs to choose). */
const MAX_RUNS_PER_CHART = 64;

let root = null;
let ctx = null;
let unsubscribe = null;
let observer = null;
let generation = 0;
const charts = new Map(); // tag -> Chart
const settings = { smoothing: 0.6, xAxis: 'step', yScale: 'linear', ignoreOutliers: false, legend: true };
let groups = null;   // the shared collapsible tag groups (context.ui.tagGroups)
let t = (text) => text;

const STYLE = `
.vdl-scalar-toolbar { display: flex; flex-wrap: wrap; gap: 16px; align-items: center; margin-bottom: 12px;
  background: var(--panel); border: 1px solid var(--border); border-radius: 8px; padding: 8px 12px; font-size: 13px; }
.vdl-scalar-toolbar label { display: flex; align-items: center; gap: 6px; color: var(--text); }
.vdl-scalar-toolbar input[type=range] { width: 140px; }
.vdl-scalar-toolbar output { min-width: 2.5em; font-variant-numeric: tabular-nums; }
.vdl-scalar-grid { grid-template-columns: repeat(auto-fill, minmax(440px, 1fr)); }
.vdl-scalar-card { min-height: 300px; }
.vdl-scalar-card header { display: flex; align-items: center; gap: 6px; margin-bottom: 4px; min-width: 0; }
.vdl-scalar-card h3 { margin: 0; font-size: 13px; font-weight: 600; flex: 1; min-width: 0; display: flex; }
.vdl-scalar-card header button { font: inherit; font-size: 11px; background: none; border: 1px solid var(--border);
  border-radius: 4px; padding: 1px 6px; cursor: pointer; color: var(--text); }
.vdl-scalar-note { font-size: 11px; color: var(--muted); min-height: 14px; }
.vdl-scalar-tip { position: absolute; pointer-events: none; z-index: 5; background: var(--tip-bg); color: var(--tip-text);
  border: 1px solid var(--border); border-radius: 6px; padding: 6px 8px; font-size: 12px; box-shadow: 0 2px 8px var(--shadow);
  white-space: nowrap; }
.vdl-scalar-tip table { border-collapse: collapse; }
.vdl-scalar-tip td { padding: 1px 6px 1px 0; font-variant-numeric: tabular-nums; }
.vdl-scalar-tip .sw { display: inline-block; width: 8px; height: 8px; border-radius: 2px; margin-right: 4px; }
.vdl-scalar-card:fullscreen .vdl-scalar-tip { position: fixed; }
`;

function ensureStyle() {
  if (document.adoptedStyleSheets.some((s) => s.vdlScalar)) return;
  // A stylesheet object, not inline styles: the page's Content-Security-Policy allows only 'self'.
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(STYLE);
  sheet.vdlScalar = true;
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}

/** The shell's element builder (context.ui.el). */
const el = (...args) => ctx.ui.el(...args);

function loadSettings() {
  const s = ctx.urlState;
  const w = Number(s.get('smoothing'));
  settings.smoothing = s.get('smoothing') !== null && Number.isFinite(w) ? Math.min(0.999, Math.max(0, w)) : 0.6;
  settings.xAxis = ['step', 'relative', 'wall'].includes(s.get('x')) ? s.get('x') : 'step';
  settings.yScale = s.get('y') === 'log' ? 'log' : 'linear';
  settings.ignoreOutliers = s.get('outliers') === 'ignore';
  settings.legend = s.get('legend') !== 'off';
}

function toolbar() {
  const out = el('output', {}, settings.smoothing.toFixed(2));
  const slider = el('input', { type: 'range', min: '0', max: '0.99', step: '0.01', 'aria-label': t('Smoothing'), 'data-control': 'smoothing' });
  slider.value = String(settings.smoothing);
  slider.addEventListener('input', () => {
    settings.smoothing = Number(slider.value);
    out.textContent = settings.smoothing.toFixed(2);
    ctx.urlState.set('smoothing', settings.smoothing === 0.6 ? null : settings.smoothing);
    for (const c of charts.values()) c.redraw();
  });
  const x = el('select', { 'aria-label': t('X axis'), 'data-control': 'x' },
    el('option', { value: 'step' }, t('Step')), el('option', { value: 'relative' }, t('Relative time')),
    el('option', { value: 'wall' }, t('Wall time')));
  x.value = settings.xAxis;
  x.addEventListener('change', () => {
    settings.xAxis = x.value;
    ctx.urlState.set('x', x.value === 'step' ? null : x.value);
    for (const c of charts.values()) c.rebuild();
  });
  const y = el('select', { 'aria-label': t('Y scale'), 'data-control': 'y' },
    el('option', { value: 'linear' }, t('Linear')), el('option', { value: 'log' }, t('Log')));
  y.value = settings.yScale;
  y.addEventListener('change', () => {
    settings.yScale = y.value;
    ctx.urlState.set('y', y.value === 'linear' ? null : y.value);
    for (const c of charts.values()) c.rebuild();
  });
  const outliers = el('input', { type: 'checkbox', 'data-control': 'outliers' });
  outliers.checked = settings.ignoreOutliers;
  outliers.addEventListener('change', () => {
    settings.ignoreOutliers = outliers.checked;
    ctx.urlState.set('outliers', outliers.checked ? 'ignore' : null);
    for (const c of charts.values()) c.redraw();
  });
  const legendBox = el('input', { type: 'checkbox', 'data-control': 'legend' });
  legendBox.checked = settings.legend;
  legendBox.addEventListener('change', () => {
    settings.legend = legendBox.checked;
    ctx.urlState.set('legend', legendBox.checked ? null : 'off');
    for (const c of charts.values()) c.legendBox.hidden = !settings.legend;
  });
  return el('div', { class: 'vdl-scalar-toolbar' },
    el('label', {}, t('Smoothing'), slider, out),
    el('label', {}, t('X axis'), x),
    el('label', {}, t('Y axis'), y),
    el('label', {}, outliers, t('Ignore outliers')),
    el('label', {}, legendBox, t('Legend')));
}

/** Runs fetches with a bounded number in flight. */
async function limited(tasks, limit) {
  const results = new Array(tasks.length);
  let next = 0;
  async function worker() {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]();
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

function parseSeries(s) {
  return {
    steps: Float64Array.from(s.steps),
    values: Float64Array.from(s.values, toNumber),
    walls: Float64Array.from(s.wallTimes),
    total: s.total,
    downsampled: s.downsampled,
  };
}

/** Every point of a run's tag, in pages of at most a million points. */
async function everyPoint(run, tag, start, end) {
  const s = await ctx.fetch('series', { run, tag, start, end, points: MAX_POINTS_PER_REQUEST });
  if (!s.downsampled) return parseSeries(s);
  const lo = start ?? s.steps[0];
  const hi = end ?? s.steps[s.steps.length - 1];
  const mid = Math.floor(lo / 2 + hi / 2);
  const [a, b] = await Promise.all([everyPoint(run, tag, lo, mid), everyPoint(run, tag, mid + 1, hi)]);
  const cat = (x, y) => { const r = new Float64Array(x.length + y.length); r.set(x); r.set(y, x.length); return r; };
  return { steps: cat(a.steps, b.steps), values: cat(a.values, b.values), walls: cat(a.walls, b.walls),
    total: a.total + b.total, downsampled: false };
}

const download = (name, blob) => ctx.ui.download(name, blob);

function fileName(tag, ext) {
  return `${tag.replace(/[^A-Za-z0-9._-]+/g, '_')}.${ext}`;
}

class Chart {
  constructor(tag, runs) {
    this.tag = tag;
    this.runs = runs;
    this.data = new Map(); // run -> parsed series
    this.zoom = null;      // {min, max} of the x scale while zoomed
    this.plot = null;
    this.visible = false;
    this.stale = true;
    this.pending = null;
    this.note = el('div', { class: 'vdl-scalar-note' });
    this.tip = el('div', { class: 'vdl-scalar-tip', hidden: '' });
    this.plotBox = el('div', {});
    this.hidden = new Set(); // runs hidden from this chart by a click on the legend
    this.legendBox = el('div', { class: 'vdl-scalar-legend' });
    this.legendBox.hidden = !settings.legend;
    const button = (label, action, title, fn) => el('button', { type: 'button', onclick: fn, 'data-action': action, title }, label);
    this.card = el('section', { class: 'vdl-card vdl-scalar-card', 'data-tag': tag },
      el('header', {}, el('h3', {}, ctx.ui.fittedText(tag)),
        button('CSV', 'csv', t('Download every point as CSV'), () => this.downloadData('csv')),
        button('JSON', 'json', t('Download every point as JSON'), () => this.downloadData('json')),
        button('PNG', 'png', t('Download the chart as PNG'), () => this.downloadPng())),
      this.plotBox, this.legendBox, this.note, this.tip);
    this.card.querySelector('header').append(ctx.ui.fullscreenButton(this.card, () => this.resize()));
  }

  /** Fits the chart to its card (after full screen or a window resize). */
  resize() {
    if (!this.plot) return;
    const full = document.fullscreenElement === this.card;
    this.plot.setSize({ width: Math.max(320, this.card.clientWidth - 18), height: full ? Math.max(240, innerHeight - 160) : 240 });
  }

  /** Fetches the view of every run (or of the zoomed range) and draws it. */
  async refresh(onlyRuns) {
    if (this.pending) { this.again = true; return this.pending; }
    this.pending = (async () => {
      const runs = onlyRuns || this.runs.slice(0, MAX_RUNS_PER_CHART);
      const range = this.zoom ? this.stepRange() : null;
      const fetched = await Promise.all(runs.map((run) => ctx.fetch('series', {
        run, tag: this.tag, points: VIEW_POINTS,
        start: range && range[run] ? range[run][0] : undefined,
        end: range && range[run] ? range[run][1] : undefined,
      }).then(parseSeries).catch(() => null)));
      runs.forEach((run, i) => { if (fetched[i]) this.data.set(run, fetched[i]); });
      this.stale = false;
      this.redraw();
    })();
    try { await this.pending; } finally {
      this.pending = null;
      if (this.again) { this.again = false; this.refresh(); }
    }
  }

  /** The step range each run shows in the zoomed x range. */
  stepRange() {
    const out = {};
    for (const [run, d] of this.data) {
      const xs = this.xOf(d);
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = 0; i < xs.length; i++) {
        if (xs[i] >= this.zoom.min && xs[i] <= this.zoom.max) {
          lo = Math.min(lo, d.steps[i]);
          hi = Math.max(hi, d.steps[i]);
        }
      }
      if (settings.xAxis === 'step') { lo = Math.ceil(this.zoom.min); hi = Math.floor(this.zoom.max); }
      if (lo <= hi) out[run] = [lo, hi];
    }
    return out;
  }

  xOf(d) {
    if (settings.xAxis === 'step') return d.steps;
    const first = d.walls.length ? d.walls[0] : 0;
    return settings.xAxis === 'relative'
      ? d.walls.map((w) => (w - first) / 1000)
      : d.walls.map((w) => w / 1000);
  }

  /** Tables of [x, raw, smoothed] per run, sorted by x with one point per x. */
  tables() {
    const tables = [];
    const names = [];
    for (const run of this.runs) {
      const d = this.data.get(run);
      if (!d || d.steps.length === 0) continue;
      let xs = this.xOf(d);
      let ys = d.values;
      if (settings.xAxis !== 'step') {
        const order = Array.from(xs.keys()).sort((a, b) => xs[a] - xs[b]);
        const keep = order.filter((i, k) => k === order.length - 1 || xs[order[k + 1]] !== xs[i]);
        xs = Float64Array.from(keep, (i) => xs[i]);
        ys = Float64Array.from(keep, (i) => ys[i]);
      }
      const sm = smooth(ys, settings.smoothing);
      const drawable = (v) => (Number.isFinite(v) && (settings.yScale !== 'log' || v > 0) ? v : null);
      tables.push([Array.from(xs), Array.from(ys, drawable), Array.from(sm, drawable), ys, sm]);
      names.push(run);
    }
    return { tables, names };
  }

  rebuild() {
    if (this.plot) { this.plot.destroy(); this.plot = null; }
    this.redraw();
  }

  redraw() {
    if (!this.visible || this.data.size === 0) return;
    const { tables, names } = this.tables();
    this.names = names;
    this.rawTables = tables;
    if (tables.length === 0) {
      this.note.textContent = t('No points in this range.');
      return;
    }
    const uPlot = ctx.charts.uPlot;
    const joined = tables.length === 1
      ? [tables[0][0], tables[0][1], tables[0][2]]
      : uPlot.join(tables.map((t) => [t[0], t[1], t[2]]));
    this.joined = joined;
    const downsampled = names.some((n) => this.data.get(n).downsampled);
    const totals = names.map((n) => this.data.get(n).total).reduce((a, b) => a + b, 0);
    const num = ctx.format.number;
    const capped = this.runs.length > MAX_RUNS_PER_CHART
      ? `${t('Showing {shown} of {total} runs; filter runs to choose.', { shown: MAX_RUNS_PER_CHART, total: num(this.runs.length) })} ` : '';
    this.note.textContent = capped + (this.zoom ? `${t('Zoomed (double-click to reset).')} ` : `${t('Drag to zoom.')} `)
      + (downsampled ? t('Showing the extremes of {n} points.', { n: num(totals) })
        : t(totals === 1 ? '{n} point.' : '{n} points.', { n: num(totals) }));
    this.card.dataset.points = String(totals);
    // Few points per run: draw markers, a line alone would not show a single point.
    const sparse = tables.map((tb) => tb[0].length <= 1 || tb[0].length < 40).join(',');
    const key = `${names.join('\n')}|${sparse}`;
    if (this.plot && this.plotNames === key) {
      this.plot.setData(joined, !this.zoom);
      if (this.zoom) this.plot.setScale('x', this.zoom);
      return;
    }
    if (this.plot) this.plot.destroy();
    this.plotNames = key;
    this.plot = new uPlot(this.options(names, tables), joined, this.plotBox);
    this.renderLegend(names);
    // Marks for the UI benchmark (platform/benchmarks UiBenchmark): first chart on the page.
    if (performance.getEntriesByName('vdl-scalar:first-chart').length === 0) {
      performance.mark('vdl-scalar:first-chart');
    }
  }

  renderLegend(names) {
    const entries = names.map((name) => ({ name, color: ctx.runColor(name), hidden: this.hidden.has(name) }));
    this.legendEntries = entries;
    this.legendBox.replaceChildren(ctx.ui.legend(entries, (name, hidden) => {
      if (hidden) this.hidden.add(name); else this.hidden.delete(name);
      const k = this.names.indexOf(name);
      if (k >= 0 && this.plot) {
        this.plot.setSeries(1 + 2 * k, { show: !hidden });
        this.plot.setSeries(2 + 2 * k, { show: !hidden });
      }
    }));
  }

  options(names, tables) {
    const series = [{ label: settings.xAxis }];
    names.forEach((n, k) => {
      const color = ctx.runColor(n);
      const count = tables[k][0].length;
      const show = !this.hidden.has(n);
      series.push({ label: `${n} (raw)`, stroke: `${color}40`, width: 1, points: { show: false }, show });
      series.push({ label: n, stroke: color, width: 1.5, show,
        points: count < 40 ? { show: true, size: count <= 1 ? 8 : 6, fill: color, stroke: color } : { show: false } });
    });
    const full = document.fullscreenElement === this.card;
    const width = Math.max(320, this.card.clientWidth - 18);
    const text = ctx.theme.color('--muted');
    const grid = { stroke: ctx.theme.color('--grid'), width: 1 };
    const ticks = { stroke: ctx.theme.color('--grid'), width: 1 };
    const xValues = (u, vals) => {
      if (settings.xAxis === 'relative') return vals.map((v) => ctx.format.duration(v));
      if (settings.xAxis === 'wall') return vals.map((v) => new Date(v * 1000).toLocaleTimeString(ctx.locale, { hour: '2-digit', minute: '2-digit' }));
      const labels = ctx.format.ticks(vals);
      this.card.dataset.xTicks = labels.join('|');
      return labels;
    };
    const yValues = (u, vals) => {
      const labels = ctx.format.ticks(vals, { compactLarge: false });
      this.card.dataset.yTicks = labels.filter(Boolean).join('|');
      return labels;
    };
    return {
      width,
      height: full ? Math.max(240, innerHeight - 160) : 240,
      legend: { show: false },
      cursor: { drag: { x: true, y: false }, points: { size: 5 } },
      scales: {
        x: { time: settings.xAxis === 'wall' },
        y: {
          distr: settings.yScale === 'log' ? 3 : 1,
          range: (u, min, max) => this.yRange(u, min, max),
        },
      },
      axes: [
        { label: settings.xAxis === 'step' ? t('step') : settings.xAxis === 'relative' ? t('relative time') : t('wall time'),
          stroke: text, grid, ticks, values: settings.xAxis === 'wall' ? undefined : xValues },
        { size: 64, stroke: text, grid, ticks, values: yValues },
      ],
      series,
      hooks: {
        setSelect: [(u) => {
          if (u.select.width < 3) return;
          const min = u.posToVal(u.select.left, 'x');
          const max = u.posToVal(u.select.left + u.select.width, 'x');
          u.setSelect({ width: 0, height: 0 }, false);
          this.zoom = { min, max };
          performance.mark('vdl-scalar:zoom-start');
          u.setScale('x', this.zoom);
          this.refresh().then(() => performance.mark('vdl-scalar:zoom-drawn'));
        }],
        setCursor: [(u) => this.showTip(u)],
        draw: [(u) => this.markNonFinite(u)],
        ready: [(u) => {
          u.over.addEventListener('dblclick', () => {
            this.zoom = null;
            this.refresh();
          });
          u.over.addEventListener('mouseleave', () => { this.tip.hidden = true; });
        }],
      },
    };
  }

  yRange(u, min, max) {
    if (settings.ignoreOutliers && this.rawTables) {
      const r = percentileRange(this.rawTables.flatMap((t) => [t[1], t[2]]), 0.02, 0.98);
      if (r) [min, max] = r;
    }
    if (settings.yScale === 'log') {
      return uPlot_logRange(min, max);
    }
    if (min === max) { min -= 1; max += 1; }
    const pad = (max - min) * 0.05;
    return [min - pad, max + pad];
  }

  /** Red marks where a value is NaN (middle) or infinite (top or bottom). */
  markNonFinite(u) {
    if (!this.rawTables) return;
    const c = u.ctx;
    c.save();
    c.fillStyle = ctx.theme.color('--danger');
    c.font = `${10 * devicePixelRatio}px sans-serif`;
    const top = u.bbox.top;
    const bottom = u.bbox.top + u.bbox.height;
    for (const t of this.rawTables) {
      const xs = t[0];
      const raw = t[3];
      for (let i = 0; i < raw.length; i++) {
        const v = raw[i];
        if (Number.isFinite(v)) continue;
        const x = u.valToPos(xs[i], 'x', true);
        if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) continue;
        const y = Number.isNaN(v) ? (top + bottom) / 2 : v > 0 ? top + 8 * devicePixelRatio : bottom - 4 * devicePixelRatio;
        c.fillText(Number.isNaN(v) ? '×NaN' : v > 0 ? '▲+Inf' : '▼-Inf', x - 3 * devicePixelRatio, y);
      }
    }
    c.restore();
  }

  showTip(u) {
    const i = u.cursor.idx;
    if (i == null || !this.joined) { this.tip.hidden = true; return; }
    const x = this.joined[0][i];
    const found = [];
    this.names.forEach((run, k) => {
      if (this.hidden.has(run)) return;
      const tb = this.rawTables[k];
      const j = binarySearch(tb[0], x);
      if (j >= 0) found.push({ run, value: tb[4][j], raw: tb[3][j] });
    });
    if (found.length === 0) { this.tip.hidden = true; return; }
    // Highest value first, as the curves stack on the chart; NaN last.
    found.sort((a, b) => (Number.isNaN(a.value) ? 1 : Number.isNaN(b.value) ? -1 : b.value - a.value));
    const fmt = (v) => ctx.format.number(v);
    const rows = found.map(({ run, value, raw }) => el('tr', { 'data-run': run },
      el('td', {}, el('span', { class: 'sw', 'data-color': ctx.runColor(run) }), run),
      el('td', {}, fmt(value)),
      el('td', {}, settings.smoothing > 0 ? t('raw {value}', { value: fmt(raw) }) : '')));
    const xLabel = settings.xAxis === 'step' ? t('step {step}', { step: ctx.format.number(x) })
      : settings.xAxis === 'relative' ? ctx.format.duration(x) : ctx.format.date(x * 1000);
    this.tip.replaceChildren(el('div', {}, xLabel), el('table', {}, ...rows));
    for (const sw of this.tip.querySelectorAll('.sw')) sw.style.background = sw.dataset.color;
    this.tip.hidden = false;
    // Beside the pointer and above or below it, away from the curve under the pointer.
    const px = u.cursor.left + u.over.offsetLeft;
    const py = u.cursor.top + u.over.offsetTop;
    const w = this.tip.offsetWidth, h = this.tip.offsetHeight;
    let left = px + 16;
    if (left + w > this.card.clientWidth - 4) left = Math.max(4, px - 16 - w);
    const top = py > u.over.offsetTop + u.over.clientHeight / 2 ? py - 14 - h : py + 14;
    this.tip.style.left = `${left}px`;
    this.tip.style.top = `${Math.max(0, top)}px`;
  }

  async downloadData(format) {
    this.note.textContent = t('Collecting every point…');
    try {
      const all = await Promise.all(this.runs.map(async (run) => [run, await everyPoint(run, this.tag)]));
      if (format === 'csv') {
        download(fileName(this.tag, 'csv'), new Blob([csvOf(this.tag, all)], { type: 'text/csv' }));
      } else {
        const json = all.map(([run, d]) => ({
          run, tag: this.tag, steps: Array.from(d.steps), wallTimes: Array.from(d.walls),
          values: Array.from(d.values, (v) => (Number.isFinite(v) ? v : String(v))),
        }));
        download(fileName(this.tag, 'json'), new Blob([JSON.stringify(json)], { type: 'application/json' }));
      }
      this.note.textContent = t('Downloaded {n} points.', { n: ctx.format.number(all.reduce((n, [, d]) => n + d.steps.length, 0)) });
    } catch (e) {
      ctx.showError(t('Download of {tag} failed: {message}', { tag: this.tag, message: e.message }));
    }
  }

  /** A PNG with the title, the axes, the legend and an opaque background in the theme's colour. */
  async downloadPng() {
    if (!this.plot) return;
    const blob = await ctx.ui.chartPng({ title: this.tag, canvas: this.plot.ctx.canvas, legend: this.legendEntries || [] });
    download(fileName(this.tag, 'png'), blob);
  }

  destroy() {
    if (this.plot) this.plot.destroy();
    this.card.remove();
  }
}

function uPlot_logRange(min, max) {
  const lo = Math.max(min, Number.MIN_VALUE);
  const hi = Math.max(max, lo * 10);
  return [10 ** Math.floor(Math.log10(lo)), 10 ** Math.ceil(Math.log10(hi))];
}

function binarySearch(xs, x) {
  let lo = 0;
  let hi = xs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] === x) return mid;
    if (xs[mid] < x) lo = mid + 1; else hi = mid - 1;
  }
  return -1;
}

function emptyState(...content) {
  // A last argument `true` replaces a filter hint that would mislead with the tabs that have data.
  const replace = content[content.length - 1] === true;
  if (typeof content[content.length - 1] === 'boolean') content.pop();
  for (const c of charts.values()) c.destroy();
  charts.clear();
  groups.clear();
  root.querySelectorAll('.empty').forEach((e) => e.remove());
  const p = el('div', { class: 'empty' }, ...content);
  root.append(p);
  ctx.explainEmpty?.(p, ctx.runs, { replace }); // which tabs have the runs' data
}

/** Lays out one chart per tag; charts fetch their data when they scroll into view. */
async function layout() {
  const my = ++generation;
  let selected;
  try {
    selected = await ctx.ui.selectedTags();
  } catch (e) {
    ctx.showError(`${t('Scalars')}: ${e.message}`);
    return;
  }
  if (my !== generation || !root) return;
  const tags = new Map(selected.tags.map(({ tag, runs }) => [tag, runs]));
  if (Object.keys(selected.byRun).length === 0) {
    emptyState(el('p', {}, el('b', {}, t('No scalar data yet.')), ' ', t('Log some from Java:')),
      el('pre', {}, 'try (LogWriter log = LogWriter.open(Path.of("logs/run1"))) {\n  log.addScalar("train/loss", step, loss);\n}'),
      el('p', {}, t('and serve the folder with bin/visualdl --logdir logs. New runs and points appear here by themselves.')));
    return;
  }
  if (tags.size === 0) {
    emptyState(el('p', {}, t('No scalar tag matches the selected runs and the tag filter. Select more runs on the left or change the filter.')), true);
    return;
  }
  root.querySelectorAll('.empty').forEach((e) => e.remove());
  for (const [tag, c] of charts) {
    if (!tags.has(tag)) { c.destroy(); charts.delete(tag); }
  }
  for (const tag of [...tags.keys()].sort()) {
    const runs = tags.get(tag);
    let c = charts.get(tag);
    if (c && c.runs.join('\n') !== runs.join('\n')) {
      c.runs = runs;
      for (const r of [...c.data.keys()]) if (!runs.includes(r)) c.data.delete(r);
      c.stale = true;
      if (c.visible) c.refresh();
    }
    if (!c) {
      c = new Chart(tag, runs);
      charts.set(tag, c);
      groups.add(tag, c.card);
      observer.observe(c.card);
    }
  }
  groups.prune();
}

function onData(changes) {
  if (!changes) { layout().then(() => charts.forEach((c) => { c.stale = true; if (c.visible) c.refresh(); })); return; }
  if (changes.some((c) => c.type !== 'data')) layout();
  const byTag = new Map();
  for (const c of changes) {
    if (c.type !== 'data' || c.kind !== 'scalar') continue;
    if (!byTag.has(c.tag)) byTag.set(c.tag, new Set());
    byTag.get(c.tag).add(c.run);
  }
  for (const [tag, runs] of byTag) {
    const chart = charts.get(tag);
    if (!chart) continue;
    const mine = chart.runs.filter((r) => runs.has(r));
    if (mine.length === 0) continue;
    if (!chart.visible) { chart.stale = true; continue; }
    if (!chart.zoom) chart.refresh(mine);
  }
}

export async function render(element, context) {
  root = element;
  ctx = context;
  t = ctx.t;
  ensureStyle();
  loadSettings();
  root.append(toolbar());
  const body = el('div', { class: 'vdl-scalar-body' });
  root.append(body);
  groups = ctx.ui.tagGroups(body, { prefix: 'vdl-scalar' });
  addEventListener('resize', onResize);
  observer = new IntersectionObserver((entries) => {
    for (const e of entries) {
      const c = [...charts.values()].find((x) => x.card === e.target);
      if (!c) continue;
      c.visible = e.isIntersecting;
      if (c.visible && (c.stale || !c.plot)) {
        if (c.stale) c.refresh(); else c.redraw();
      }
    }
  }, { rootMargin: '300px' });
  unsubscribe = ctx.subscribe((event) => {
    if (event.type === 'data') onData(event.changes);
    else layout();
  });
  await layout();
  // Draw what is in view at once rather than waiting for the observer's first callback.
  const visible = [...charts.values()].filter((c) => {
    const r = c.card.getBoundingClientRect();
    return r.top < innerHeight + 300 && r.bottom > -300;
  });
  visible.forEach((c) => { c.visible = true; });
  await limited(visible.map((c) => () => c.refresh()), FETCH_CONCURRENCY);
}

let resizeTimer = null;
function onResize() {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => { for (const c of charts.values()) c.resize(); }, 150);
}

export function dispose() {
  generation++;
  removeEventListener('resize', onResize);
  if (unsubscribe) unsubscribe();
  if (observer) observer.disconnect();
  for (const c of charts.values()) c.destroy();
  charts.clear();
  root = null;
  ctx = null;
}
