// Histogram dashboard: per tag, a card for each selected run, drawn as offset ridges (one per
// step, newer in front, as TensorBoard), overlaid curves, or a distribution of percentile bands
// over steps. Contract: export render(element, context) and dispose(); see bundles/api/README.md.

const BUCKETS = 30;          // re-binned buckets per step for the offset and overlay views
const RETRY_MS = 400;        // the server answers "running" when re-binning is still queued
const CARD_HEIGHT = 260;

let root = null;
let ctx = null;
let unsubscribe = null;
let generation = 0;
let mode = 'offset';         // 'offset' | 'overlay' | 'distribution'
const cards = new Map();     // `${tag}\n${run}` -> card state
let sheet = null;
let groups = null;           // the shared collapsible tag groups (context.ui.tagGroups)
let t = (text) => text;
const MODES = ['offset', 'overlay', 'distribution'];

const STYLE = `
.vdl-hist-toolbar { display: flex; gap: 12px; align-items: center; margin-bottom: 12px; flex-wrap: wrap; }
.vdl-hist-toolbar .vdl-hist-modes { display: inline-flex; border: 1px solid var(--border); border-radius: 6px; overflow: hidden; }
.vdl-hist-toolbar button { background: var(--panel); border: 0; padding: 5px 12px; font: inherit; cursor: pointer; color: var(--text); }
.vdl-hist-toolbar button + button { border-left: 1px solid var(--border); }
.vdl-hist-toolbar button[aria-pressed="true"] { background: var(--accent); color: var(--accent-text); }
.vdl-hist-plot { position: relative; width: 100%; height: ${CARD_HEIGHT}px; }
.vdl-hist-plot canvas { display: block; width: 100%; height: 100%; }
.vdl-hist-tip { position: absolute; pointer-events: none; background: var(--tip-bg); color: var(--tip-text); font-size: 12px;
  border: 1px solid var(--border); padding: 4px 6px; border-radius: 4px; white-space: nowrap; z-index: 2; box-shadow: 0 2px 8px var(--shadow); }
.vdl-hist-tip[hidden] { display: none; }
.vdl-hist-note { color: var(--muted); font-size: 12px; padding: 8px 0; }
.vdl-hist-empty { color: var(--muted); max-width: 720px; line-height: 1.5; }
.vdl-hist-empty pre { background: var(--panel); color: var(--text); border: 1px solid var(--border); padding: 12px; border-radius: 6px; }
`;

function ensureStyle() {
  // A stylesheet object, not inline styles: the page's Content-Security-Policy allows only 'self'.
  if (sheet) return;
  sheet = new CSSStyleSheet();
  sheet.replaceSync(STYLE);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}

function removeStyle() {
  if (!sheet) return;
  document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
  sheet = null;
}

function num(v) {
  if (typeof v === 'number') return v;
  return Number(v); // "NaN", "Infinity" parse as such
}

function fmt(v) {
  return ctx.format.number(v, 4);
}

/** A re-binned count is spread over buckets by overlap, so it is an estimate: "about 452". */
function countText(n) {
  return t('about {n}', { n: ctx.format.number(Math.round(n)) });
}

/** Fetches a route, asking again while the server reports the computation as still running. */
async function fetchDone(path, params, my) {
  for (let attempt = 0; attempt < 50; attempt++) {
    const answer = await ctx.fetch(path, params);
    if (answer.status === 'done') return answer;
    if (my !== generation) return null;
    await new Promise((r) => setTimeout(r, RETRY_MS));
  }
  throw new Error(t('{path} of {tag} did not finish', { path, tag: params.tag }));
}

// ---------------------------------------------------------------------------------------------
// Layout

function toolbar() {
  const bar = document.createElement('div');
  bar.className = 'vdl-hist-toolbar';
  const modes = document.createElement('div');
  modes.className = 'vdl-hist-modes';
  modes.setAttribute('role', 'group');
  modes.setAttribute('aria-label', t('Histogram view'));
  for (const [id, label] of [['offset', t('Offset')], ['overlay', t('Overlay')], ['distribution', t('Distribution')]]) {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = label;
    b.dataset.mode = id;
    b.setAttribute('aria-pressed', String(id === mode));
    b.addEventListener('click', () => {
      if (mode === id) return;
      mode = id;
      ctx.urlState.set('mode', mode === 'offset' ? null : mode);
      for (const other of modes.querySelectorAll('button')) {
        other.setAttribute('aria-pressed', String(other.dataset.mode === mode));
      }
      root.dataset.mode = mode;
      for (const c of cards.values()) load(c, generation);
    });
    modes.append(b);
  }
  const note = document.createElement('span');
  note.className = 'vdl-hist-note';
  note.textContent = t('Hover a plot for step, range and count.');
  bar.append(modes, note);
  return bar;
}

function makeCard(tag, run) {
  const plot = document.createElement('div');
  plot.className = 'vdl-hist-plot';
  const tip = document.createElement('div');
  tip.className = 'vdl-hist-tip';
  tip.hidden = true;
  const card = ctx.ui.runCard(tag, run, plot);
  card.classList.add('vdl-hist-card');
  return { tag, run, card, plot, tip, canvas: null, uplot: null, series: null, dist: null, hover: null, loaded: '' };
}

function clearPlot(c) {
  if (c.uplot) { c.uplot.destroy(); c.uplot = null; }
  c.canvas = null;
  c.plot.replaceChildren();
}

// ---------------------------------------------------------------------------------------------
// Data

async function load(c, my) {
  try {
    if (mode === 'distribution') {
      const d = await fetchDone('distribution', { run: c.run, tag: c.tag }, my);
      if (!d || my !== generation) return;
      c.dist = d;
      drawDistribution(c);
    } else {
      const s = await fetchDone('series', { run: c.run, tag: c.tag, buckets: BUCKETS }, my);
      if (!s || my !== generation) return;
      c.series = prepare(s.entries);
      drawRidges(c);
    }
  } catch (e) {
    if (my !== generation) return;
    clearPlot(c);
    const p = document.createElement('div');
    p.className = 'vdl-hist-note';
    p.textContent = t('Cannot load: {message}', { message: e.message });
    c.plot.append(p);
  }
}

/** Entries with numeric buckets, plus the ranges the drawing needs. */
function prepare(entries) {
  let xmin = Infinity; let xmax = -Infinity; let cmax = 0;
  const steps = entries.map((e) => {
    const buckets = e.buckets.map((b) => [num(b[0]), num(b[1]), num(b[2])]);
    for (const [l, r, n] of buckets) {
      if (n > 0) { xmin = Math.min(xmin, l); xmax = Math.max(xmax, r); }
      cmax = Math.max(cmax, n);
    }
    return { step: e.step, wallTime: e.wallTime, buckets };
  }).filter((e) => e.buckets.length > 0);
  if (!(xmax > xmin)) { xmin = (Number.isFinite(xmin) ? xmin : 0) - 0.5; xmax = xmin + 1; }
  return { steps, xmin, xmax, cmax: cmax || 1 };
}

// ---------------------------------------------------------------------------------------------
// Offset and overlay: Canvas 2D

const PAD = { left: 8, right: 56, top: 10, bottom: 24 };

/** The right margin: wide enough for the longest step label, so ridges never run into it. */
function rightPad(c) {
  const steps = c.series ? c.series.steps : [];
  const longest = steps.reduce((m, e) => Math.max(m, ctx.format.compact(e.step).length), 5);
  return 14 + longest * 7;
}

function niceTicks(lo, hi, count) {
  const span = hi - lo;
  if (!(span > 0)) return [lo];
  const step0 = span / count;
  const mag = 10 ** Math.floor(Math.log10(step0));
  const norm = step0 / mag;
  const step = (norm >= 5 ? 10 : norm >= 2 ? 5 : norm >= 1 ? 2 : 1) * mag;
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return out;
}

function rgba(hex, alpha) {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${alpha})`;
}

/** Geometry shared by drawing and hit-testing. */
function geometry(c, width, height) {
  const { steps, xmin, xmax, cmax } = c.series;
  const right = rightPad(c);
  const plotW = width - PAD.left - right;
  const plotH = height - PAD.top - PAD.bottom;
  const n = steps.length;
  const offset = mode === 'offset';
  // Offset: ridges share the height, each as tall as a third of it; newest at the bottom (front).
  const ridgeH = offset ? (n > 1 ? plotH / 3 : plotH) : plotH;
  const baseline = (i) => (offset && n > 1
    ? PAD.top + ridgeH + (plotH - ridgeH) * (i / (n - 1))
    : PAD.top + plotH);
  const x = (v) => PAD.left + ((v - xmin) / (xmax - xmin)) * plotW;
  const y = (i, count) => baseline(i) - (count / cmax) * ridgeH;
  return { plotW, plotH, ridgeH, baseline, x, y, n, xmin, xmax, right };
}

function ridgePath(g, e, i) {
  const path = new Path2D();
  const b = e.buckets;
  path.moveTo(g.x(b[0][0]), g.baseline(i));
  for (const [l, r, n] of b) {
    const cx = g.x((l + r) / 2);
    path.lineTo(cx, g.y(i, n));
  }
  path.lineTo(g.x(b[b.length - 1][1]), g.baseline(i));
  return path;
}

function drawRidges(c) {
  if (!c.canvas) {
    clearPlot(c);
    const canvas = document.createElement('canvas');
    c.plot.append(canvas, c.tip);
    c.canvas = canvas;
    canvas.addEventListener('mousemove', (ev) => hover(c, ev));
    canvas.addEventListener('mouseleave', () => { c.hover = null; c.tip.hidden = true; paint(c); });
  }
  paint(c);
}

function paint(c) {
  const canvas = c.canvas;
  if (!canvas || !c.series) return;
  const dpr = window.devicePixelRatio || 1;
  const width = Math.max(200, c.plot.clientWidth);
  const height = CARD_HEIGHT;
  canvas.width = Math.round(width * dpr);
  canvas.height = Math.round(height * dpr);
  const g2 = canvas.getContext('2d');
  g2.setTransform(dpr, 0, 0, dpr, 0, 0);
  g2.clearRect(0, 0, width, height);
  const { steps } = c.series;
  canvas.dataset.ridges = String(steps.length);
  canvas.dataset.mode = mode;
  const theme = { text: ctx.theme.color('--text'), muted: ctx.theme.color('--muted'),
    border: ctx.theme.color('--border'), panel: ctx.theme.color('--panel') };
  if (steps.length === 0) {
    g2.fillStyle = theme.muted;
    g2.font = '12px system-ui, sans-serif';
    g2.fillText(t('No values in this histogram yet.'), PAD.left, PAD.top + 20);
    return;
  }
  const g = geometry(c, width, height);
  const color = ctx.runColor(c.run);
  // Axis: value ticks along the bottom.
  g2.strokeStyle = theme.border;
  g2.fillStyle = theme.muted;
  g2.font = '11px system-ui, sans-serif';
  g2.textAlign = 'center';
  g2.beginPath();
  g2.moveTo(PAD.left, PAD.top + g.plotH + 0.5);
  g2.lineTo(PAD.left + g.plotW, PAD.top + g.plotH + 0.5);
  g2.stroke();
  const ticks = niceTicks(g.xmin, g.xmax, Math.max(2, Math.floor(g.plotW / 80)));
  const tickText = ctx.format.ticks(ticks);
  ticks.forEach((v, k) => {
    const tx = g.x(v);
    g2.beginPath();
    g2.moveTo(tx, PAD.top + g.plotH);
    g2.lineTo(tx, PAD.top + g.plotH + 4);
    g2.stroke();
    g2.fillText(tickText[k], tx, height - 6);
  });
  // Ridges stay inside the plot area: buckets beyond the drawn range never reach the step labels.
  g2.save();
  g2.beginPath();
  g2.rect(PAD.left, 0, g.plotW, PAD.top + g.plotH);
  g2.clip();
  const labels = [];
  const n = steps.length;
  const hovered = c.hover ? c.hover.index : -1;
  if (mode === 'offset') {
    // Oldest at the back (top), newest in front (bottom): draw back to front so front hides back.
    g2.textAlign = 'left';
    const labelEvery = Math.max(1, Math.ceil(n / Math.max(1, Math.floor(g.plotH / 16))));
    for (let i = 0; i < n; i++) {
      const path = ridgePath(g, steps[i], i);
      const age = n > 1 ? i / (n - 1) : 1;
      g2.fillStyle = i === hovered ? rgba(color, 0.55) : theme.panel;
      g2.globalAlpha = i === hovered ? 1 : 0.92;
      g2.fill(path);
      g2.globalAlpha = 1;
      g2.fillStyle = rgba(color, i === hovered ? 0 : 0.08 + 0.35 * age);
      g2.fill(path);
      g2.strokeStyle = i === hovered ? theme.text : rgba(color, 0.35 + 0.65 * age);
      g2.lineWidth = i === hovered ? 1.6 : 1;
      g2.stroke(path);
      if ((n - 1 - i) % labelEvery === 0) labels.push([ctx.format.compact(steps[i].step), g.baseline(i) + 3]);
    }
    g2.restore();
    // Step labels last, in the margin the ridges cannot reach.
    g2.textAlign = 'left';
    g2.fillStyle = theme.muted;
    for (const [text, y] of labels) g2.fillText(text, PAD.left + g.plotW + 6, y);
  } else {
    for (let i = 0; i < n; i++) {
      const age = n > 1 ? i / (n - 1) : 1;
      const path = ridgePath(g, steps[i], i);
      g2.strokeStyle = i === hovered ? theme.text : rgba(color, 0.12 + 0.88 * age ** 2);
      g2.lineWidth = i === hovered || i === n - 1 ? 1.8 : 1;
      g2.stroke(path);
    }
    g2.restore();
    g2.textAlign = 'left';
    g2.fillStyle = theme.muted;
    g2.fillText(t('steps'), PAD.left + g.plotW + 6, PAD.top + 10);
    g2.fillText(`${ctx.format.compact(steps[0].step)}–`, PAD.left + g.plotW + 6, PAD.top + 24);
    g2.fillText(ctx.format.compact(steps[n - 1].step), PAD.left + g.plotW + 6, PAD.top + 38);
  }
  if (c.hover) {
    const { index, bucket } = c.hover;
    const [l, r] = steps[index].buckets[bucket];
    g2.strokeStyle = theme.muted;
    g2.setLineDash([3, 3]);
    g2.lineWidth = 1;
    for (const v of [l, r]) {
      g2.beginPath();
      g2.moveTo(g.x(v), PAD.top);
      g2.lineTo(g.x(v), PAD.top + g.plotH);
      g2.stroke();
    }
    g2.setLineDash([]);
  }
}

/** Finds the step and bucket under the mouse and shows them in the tooltip. */
function hover(c, ev) {
  if (!c.series || c.series.steps.length === 0) return;
  const rect = c.canvas.getBoundingClientRect();
  const mx = ev.clientX - rect.left;
  const my = ev.clientY - rect.top;
  const g = geometry(c, rect.width, rect.height);
  const { steps } = c.series;
  const value = g.xmin + ((mx - PAD.left) / g.plotW) * (g.xmax - g.xmin);
  const bucketAt = (e) => {
    const b = e.buckets;
    let k = b.findIndex(([l, r]) => value >= l && value < r);
    if (k < 0) k = value < b[0][0] ? 0 : b.length - 1;
    return k;
  };
  let index = steps.length - 1;
  if (mode === 'offset') {
    // The front-most ridge whose curve reaches up to the mouse, else the nearest baseline.
    let best = -1;
    for (let i = steps.length - 1; i >= 0; i--) {
      const k = bucketAt(steps[i]);
      if (my <= g.baseline(i) && my >= g.y(i, steps[i].buckets[k][2])) { best = i; break; }
    }
    if (best < 0) {
      let d = Infinity;
      steps.forEach((_, i) => { const di = Math.abs(g.baseline(i) - my); if (di < d) { d = di; best = i; } });
    }
    index = best;
  } else {
    let d = Infinity;
    steps.forEach((e, i) => {
      const di = Math.abs(g.y(i, e.buckets[bucketAt(e)][2]) - my);
      if (di < d) { d = di; index = i; }
    });
  }
  const bucket = bucketAt(steps[index]);
  const [l, r, n] = steps[index].buckets[bucket];
  c.hover = { index, bucket };
  c.tip.textContent = t('step {step} · [{left}, {right}) · count {count}', {
    step: ctx.format.number(steps[index].step), left: fmt(l), right: fmt(r), count: countText(n) });
  c.tip.hidden = false;
  const left = Math.min(mx + 12, rect.width - c.tip.offsetWidth - 4);
  c.tip.style.left = `${Math.max(0, left)}px`;
  c.tip.style.top = `${Math.max(0, my - 28)}px`;
  c.card.dataset.hoverStep = String(steps[index].step);
  if (!c.frame) c.frame = requestAnimationFrame(() => { c.frame = 0; paint(c); });
}

// ---------------------------------------------------------------------------------------------
// Distribution: uPlot with bands between symmetric percentiles

function drawDistribution(c) {
  const { uPlot } = ctx.charts;
  clearPlot(c);
  const d = c.dist;
  const color = ctx.runColor(c.run);
  if (d.entries.length === 0) {
    const p = document.createElement('div');
    p.className = 'vdl-hist-note';
    p.textContent = t('No values in this histogram yet.');
    c.plot.append(p);
    return;
  }
  const pct = d.percentiles.map(num);
  const data = [Float64Array.from(d.entries, (e) => e.step)];
  for (let k = 0; k < pct.length; k++) data.push(Float64Array.from(d.entries, (e) => num(e.values[k])));
  const series = [{ label: t('step') }];
  pct.forEach((p, k) => {
    const median = p === 50;
    series.push({
      label: `p${p}`,
      stroke: median ? color : rgba(color, 0.35),
      width: median ? 2 : 0.5,
      points: { show: false },
      value: (u, v) => (v == null ? '–' : fmt(v)),
    });
  });
  // Bands between p0/p100, p7/p93, p16/p84, p31/p69 (series indices are k + 1), darker inside.
  const bands = [];
  for (let k = 0; k < Math.floor(pct.length / 2); k++) {
    bands.push({ series: [pct.length - k, k + 1], fill: rgba(color, 0.12 + 0.08 * k) });
  }
  const width = Math.max(200, c.plot.clientWidth);
  c.uplot = new uPlot({
    width,
    height: CARD_HEIGHT,
    scales: { x: { time: false } },
    axes: [
      { label: t('step'), size: 40, labelSize: 14, stroke: ctx.theme.color('--muted'), values: (u, ticks) => ctx.format.ticks(ticks),
        grid: { stroke: ctx.theme.color('--grid') }, ticks: { stroke: ctx.theme.color('--grid') } },
      { size: 56, values: (u, ticks) => ctx.format.ticks(ticks, { compactLarge: false }), stroke: ctx.theme.color('--muted'),
        grid: { stroke: ctx.theme.color('--grid') }, ticks: { stroke: ctx.theme.color('--grid') } }],
    // A one-line tooltip instead of uPlot's legend, which would not fit nine percentiles.
    legend: { show: false },
    cursor: { points: { show: false }, y: false },
    series,
    bands,
    hooks: { setCursor: [(u) => distributionTip(c, u)] },
  }, data, c.plot);
  c.tip.hidden = true;
  c.plot.append(c.tip);
  c.plot.dataset.entries = String(d.entries.length);
}

/** Shows the percentiles of the step under the cursor. */
function distributionTip(c, u) {
  const i = u.cursor.idx;
  if (i == null || u.cursor.left < 0) { c.tip.hidden = true; return; }
  const e = c.dist.entries[i];
  const v = e.values.map(num);
  c.tip.textContent = t('step {step} · median {median} · 68% [{lo}, {hi}] · range [{min}, {max}]', {
    step: ctx.format.number(e.step), median: fmt(v[4]), lo: fmt(v[2]), hi: fmt(v[6]), min: fmt(v[0]), max: fmt(v[8]) });
  c.tip.hidden = false;
  const over = u.over.getBoundingClientRect();
  const plot = c.plot.getBoundingClientRect();
  const x = over.left - plot.left + u.cursor.left;
  c.tip.style.left = `${Math.max(0, Math.min(x + 12, plot.width - c.tip.offsetWidth - 4))}px`;
  c.tip.style.top = `${Math.max(0, over.top - plot.top + u.cursor.top - 28)}px`;
  c.card.dataset.hoverStep = String(e.step);
}

// ---------------------------------------------------------------------------------------------
// Updates

/** Rebuilds the cards for the selected runs and filter; with data changes, reloads only those. */
async function update(changes) {
  if (changes && cards.size > 0) {
    const structural = changes.some((ch) => ch.type !== 'data');
    if (!structural) {
      const my = generation;
      for (const ch of changes) {
        if (ch.kind !== 'histogram') continue;
        const c = cards.get(`${ch.tag}\n${ch.run}`);
        if (c) load(c, my);
      }
      return;
    }
  }
  const my = ++generation;
  let selected;
  try {
    selected = await ctx.ui.selectedTags();
  } catch (e) {
    ctx.showError(`${t('Histograms')}: ${e.message}`);
    return;
  }
  if (my !== generation || !root) return;
  const wanted = selected.tags.flatMap(({ tag, runs }) => runs.map((run) => [tag, run]));
  const body = root.querySelector('.vdl-hist-body');
  const el = ctx.ui.el;
  if (Object.keys(selected.byRun).length === 0 || wanted.length === 0) {
    for (const c of cards.values()) clearPlot(c);
    cards.clear();
    groups.clear();
    body.querySelector('.vdl-hist-empty')?.remove();
    const p = Object.keys(selected.byRun).length === 0
      ? el('div', { class: 'vdl-hist-empty' }, el('p', {}, t('No histogram data yet. Log some from Java:')),
        el('pre', {}, 'log.addHistogram("weights/fc", step, weights);'), el('p', {}, t('New histograms appear here by themselves.')))
      : el('div', { class: 'vdl-hist-empty' }, t('No histogram tag matches the selected runs and the tag filter.'));
    body.append(p);
    ctx.explainEmpty?.(p, ctx.runs, { replace: Object.keys(selected.byRun).length > 0 }); // which tabs have the runs' data
    return;
  }
  body.querySelector('.vdl-hist-empty')?.remove();
  const keys = new Set(wanted.map(([tg, r]) => `${tg}\n${r}`));
  for (const [key, c] of cards) {
    if (!keys.has(key)) { clearPlot(c); c.card.remove(); cards.delete(key); }
  }
  groups.prune();
  for (const [tag, run] of wanted) {
    const key = `${tag}\n${run}`;
    if (!cards.has(key)) {
      const c = makeCard(tag, run);
      cards.set(key, c);
      groups.add(tag, c.card, key);
    }
  }
  await Promise.all([...cards.values()].map((c) => load(c, my)));
}

let resizeTimer = null;
function onResize() {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => {
    for (const c of cards.values()) {
      if (c.canvas) paint(c);
      else if (c.uplot) c.uplot.setSize({ width: Math.max(200, c.plot.clientWidth), height: CARD_HEIGHT });
    }
  }, 150);
}

export async function render(element, context) {
  root = element;
  ctx = context;
  t = ctx.t;
  mode = MODES.includes(ctx.urlState.get('mode')) ? ctx.urlState.get('mode') : 'offset';
  ensureStyle();
  root.dataset.mode = mode;
  const body = document.createElement('div');
  body.className = 'vdl-hist-body';
  root.replaceChildren(toolbar(), body);
  groups = ctx.ui.tagGroups(body, { prefix: 'vdl-hist' });
  window.addEventListener('resize', onResize);
  unsubscribe = ctx.subscribe((event) => update(event.type === 'data' ? event.changes : undefined));
  await update();
}

export function dispose() {
  generation++;
  if (unsubscribe) unsubscribe();
  unsubscribe = null;
  window.removeEventListener('resize', onResize);
  for (const c of cards.values()) clearPlot(c);
  cards.clear();
  removeStyle();
  if (root) delete root.dataset.mode;
  root = null;
  ctx = null;
}
