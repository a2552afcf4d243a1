// Scalar dashboard: one chart per tag with every selected run overlaid, grouped by tag prefix.
// Contract: export render(element, context) and dispose(); see bundles/api/README.md.

let root = null;
let ctx = null;
let unsubscribe = null;
const charts = new Map(); // tag -> { card, plot, runs }
let generation = 0;

const STYLE = `
.vdl-scalar-group { margin-bottom: 16px; }
.vdl-scalar-group > summary { font-weight: 600; cursor: pointer; padding: 6px 0; }
.vdl-scalar-grid { display: grid; gap: 12px; grid-template-columns: repeat(auto-fill, minmax(420px, 1fr)); }
.vdl-scalar-card { background: #fff; border: 1px solid #d0d7de; border-radius: 8px; padding: 8px; min-width: 0; }
.vdl-scalar-card h3 { margin: 0 0 4px; font-size: 13px; font-weight: 600; word-break: break-all; }
`;

function ensureStyle() {
  if (document.getElementById('vdl-scalar-style')) return;
  // A stylesheet object, not an inline style: the page's Content-Security-Policy allows only 'self'.
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(STYLE);
  sheet.vdlScalar = true;
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  const marker = document.createElement('meta');
  marker.id = 'vdl-scalar-style';
  document.head.append(marker);
}

function toNumber(v) {
  if (typeof v === 'number') return v;
  if (v === 'NaN') return NaN;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  return Number(v);
}

function groupOf(tag) {
  const i = tag.indexOf('/');
  return i < 0 ? '(ungrouped)' : tag.slice(0, i);
}

function emptyState(message) {
  const p = document.createElement('div');
  p.className = 'empty';
  p.innerHTML = message;
  root.replaceChildren(p);
}

/** Redraws the charts; with changes, only those of the tags that received data. */
async function update(changes) {
  if (changes && charts.size > 0) {
    const touched = new Set(changes.filter((c) => c.type === 'data' && c.kind === 'scalar')
      .map((c) => c.tag));
    const added = changes.some((c) => c.type !== 'data');
    if (!added) {
      const my = generation;
      for (const tag of touched) {
        const c = charts.get(tag);
        if (!c) continue;
        const tagRuns = c.key.split('\n');
        const series = await Promise.all(tagRuns.map((run) =>
          ctx.fetch('series', { run, tag }).catch(() => null)));
        if (my !== generation) return;
        draw(tag, tagRuns, series);
      }
      return;
    }
  }
  const my = ++generation;
  const runs = ctx.runs;
  let tagsByRun;
  try {
    tagsByRun = await ctx.fetch('tags');
  } catch (e) {
    ctx.showError(`Scalars: ${e.message}`);
    return;
  }
  if (my !== generation) return;
  let filter = null;
  try { filter = ctx.tagFilter ? new RegExp(ctx.tagFilter, 'i') : null; } catch { filter = null; }
  const tags = new Map(); // tag -> runs that have it
  for (const run of runs) {
    for (const tag of tagsByRun[run] || []) {
      if (filter && !filter.test(tag)) continue;
      if (!tags.has(tag)) tags.set(tag, []);
      tags.get(tag).push(run);
    }
  }
  if (Object.keys(tagsByRun).length === 0) {
    for (const c of charts.values()) c.plot.destroy();
    charts.clear();
    emptyState(`<p>No scalar data yet. Log some from Java:</p><pre>try (LogWriter log = LogWriter.open(Path.of("logs/run1"))) {
  log.addScalar("train/loss", step, loss);
}</pre><p>then start <code>bin/visualdl --logdir logs</code>. New runs appear here by themselves.</p>`);
    return;
  }
  if (tags.size === 0) {
    for (const c of charts.values()) c.plot.destroy();
    charts.clear();
    emptyState('<p>No scalar tag matches the selected runs and the tag filter.</p>');
    return;
  }
  if (root.querySelector('.empty')) root.replaceChildren();
  // Drop charts of tags that went away.
  for (const [tag, c] of charts) {
    if (!tags.has(tag)) { c.plot.destroy(); c.card.remove(); charts.delete(tag); }
  }
  const sorted = [...tags.keys()].sort();
  for (const tag of sorted) {
    const tagRuns = tags.get(tag);
    const series = await Promise.all(tagRuns.map((run) =>
      ctx.fetch('series', { run, tag }).catch(() => null)));
    if (my !== generation) return;
    draw(tag, tagRuns, series);
  }
}

function groupElement(group) {
  let el = root.querySelector(`details[data-group="${CSS.escape(group)}"]`);
  if (!el) {
    el = document.createElement('details');
    el.open = true;
    el.className = 'vdl-scalar-group';
    el.dataset.group = group;
    const summary = document.createElement('summary');
    summary.textContent = group;
    const grid = document.createElement('div');
    grid.className = 'vdl-scalar-grid';
    el.append(summary, grid);
    const groups = [...root.querySelectorAll('details.vdl-scalar-group')];
    const after = groups.find((g) => g.dataset.group > group);
    if (after) root.insertBefore(el, after); else root.append(el);
  }
  return el.querySelector('.vdl-scalar-grid');
}

function draw(tag, runs, series) {
  const { uPlot } = ctx.charts;
  const tables = [];
  const names = [];
  series.forEach((s, i) => {
    if (!s) return;
    tables.push([Float64Array.from(s.steps), Float64Array.from(s.values, toNumber)]);
    names.push(runs[i]);
  });
  if (tables.length === 0) return;
  const data = tables.length === 1 ? tables[0] : uPlot.join(tables);
  for (let k = 1; k < data.length; k++) {
    // uPlot draws gaps for null; keep finite values only in the drawn line.
    data[k] = Array.from(data[k], (v) => (v == null || !Number.isFinite(v) ? null : v));
  }
  const key = names.join('\n');
  let c = charts.get(tag);
  if (c && c.key === key) {
    c.plot.setData(data);
    return;
  }
  if (c) { c.plot.destroy(); c.card.remove(); }
  const card = document.createElement('section');
  card.className = 'vdl-scalar-card';
  card.dataset.tag = tag;
  const h = document.createElement('h3');
  h.textContent = tag;
  card.append(h);
  groupElement(groupOf(tag)).append(card);
  const width = Math.max(300, card.clientWidth - 16);
  const opts = {
    width,
    height: 240,
    scales: { x: { time: false } },
    axes: [{ label: 'step' }, {}],
    series: [{ label: 'step' }, ...names.map((n) => ({
      label: n, stroke: ctx.runColor(n), width: 1.5, spanGaps: true,
    }))],
  };
  const plot = new uPlot(opts, data, card);
  charts.set(tag, { card, plot, key });
}

export async function render(element, context) {
  root = element;
  ctx = context;
  ensureStyle();
  unsubscribe = ctx.subscribe((event) => update(event.type === 'data' ? event.changes : undefined));
  await update();
}

export function dispose() {
  generation++;
  if (unsubscribe) unsubscribe();
  for (const c of charts.values()) c.plot.destroy();
  charts.clear();
  root = null;
  ctx = null;
}
