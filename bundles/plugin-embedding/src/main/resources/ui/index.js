// Embedding projector: PCA, t-SNE and UMAP projections of an embedding tag, drawn as a 2-D or 3-D
// WebGL scatter, coloured by the labels or any metadata column, with label search, nearest
// neighbours and, when the embedding has a sprite sheet, image thumbnails for the points. The whole
// view (embedding, step, method, dimensions, colouring, search, metric) is in the URL.
// Contract: export render(element, context) and dispose(); see bundles/api/README.md.
import { Scatter } from './scatter.js';

const STYLE = `
.vdl-emb { display: flex; flex-direction: column; gap: 8px; height: calc(100vh - 120px); min-height: 420px; }
.vdl-emb-toolbar { display: flex; flex-wrap: wrap; gap: 8px 14px; align-items: end; }
.vdl-emb-toolbar label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); gap: 2px; }
.vdl-emb-toolbar select, .vdl-emb-toolbar input { font: inherit; font-size: 13px; padding: 3px 6px; }
.vdl-emb-body { flex: 1; display: flex; gap: 10px; min-height: 0; }
.vdl-emb-plot { position: relative; flex: 1; min-width: 0; border: 1px solid var(--border); border-radius: 8px; overflow: hidden; background: var(--panel); }
.vdl-emb-canvas, .vdl-emb-overlay { position: absolute; left: 0; top: 0; }
.vdl-emb-overlay { cursor: crosshair; touch-action: none; }
.vdl-emb-side { width: 260px; flex: none; overflow: auto; font-size: 13px; }
.vdl-emb-side h4 { margin: 8px 0 4px; font-size: 13px; }
.vdl-emb-side ol { margin: 0; padding-left: 22px; }
.vdl-emb-side li { cursor: pointer; padding: 1px 0; }
.vdl-emb-side li:hover { text-decoration: underline; }
.vdl-emb-side .dist { color: var(--muted); font-variant-numeric: tabular-nums; }
.vdl-emb-legend { display: flex; flex-wrap: wrap; gap: 4px 10px; font-size: 12px; }
.vdl-emb-legend span.sw { display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin-right: 4px; vertical-align: -1px; }
.vdl-emb-status { font-size: 12px; color: var(--muted); min-height: 16px; }
.vdl-emb-progress { height: 4px; background: var(--panel-2); border-radius: 2px; overflow: hidden; }
.vdl-emb-progress > div { height: 100%; width: 0; background: var(--accent); transition: width 0.3s; }
.vdl-emb-progress.done { visibility: hidden; }
`;

const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2',
  '#7f7f7f', '#bcbd22', '#17becf', '#393b79', '#637939', '#8c6d31', '#843c39', '#7b4173',
  '#3182bd', '#e6550d', '#31a354', '#756bb1', '#636363'];
const POLL_MS = 400;

let root = null;
let ctx = null;
let unsubscribe = null;
let scatter = null;
let generation = 0;
let pollTimer = null;
let ui = null;
let t = (text) => text;
const METHODS = ['pca', 'tsne', 'umap'];
const view = {
  key: null,          // "run\ntag"
  step: null,
  method: 'pca',
  dims: 2,
  colorBy: null,
  search: '',
  metric: 'cosine',
  entries: null,      // the entries route's steps (with sprite sheets, when present)
  data: null,         // last projection answer
  header: null,       // its metadata header, as JSON
  selected: null,
  neighbors: [],
  hover: null,
};

function ensureStyle() {
  if (document.getElementById('vdl-emb-style')) return;
  // A stylesheet object, not an inline style: the page's Content-Security-Policy allows only 'self'.
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(STYLE);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  const marker = document.createElement('meta');
  marker.id = 'vdl-emb-style';
  document.head.append(marker);
}

function el(tag, props = {}, ...children) {
  const e = document.createElement(tag);
  Object.assign(e, props);
  e.append(...children);
  return e;
}

function field(label, control) {
  return el('label', {}, label, control);
}

function select(name, options) {
  const s = el('select', { name });
  s.replaceChildren(...options.map(([value, text]) => el('option', { value, textContent: text })));
  return s;
}

function hexToRgb(hex) {
  const v = parseInt(hex.slice(1), 16);
  return [(v >> 16 & 255) / 255, (v >> 8 & 255) / 255, (v & 255) / 255];
}

function build() {
  const tag = select('tag', []);
  const step = select('step', []);
  const method = select('method', [['pca', 'PCA'], ['tsne', 't-SNE'], ['umap', 'UMAP']]);
  const dims = select('dims', [['2', t('2-D')], ['3', t('3-D')]]);
  const colorBy = select('color', []);
  const search = el('input', { type: 'search', name: 'search', placeholder: t('label regex'), autocomplete: 'off' });
  const metric = select('metric', [['cosine', t('cosine')], ['euclidean', t('euclidean')]]);
  const toolbar = el('div', { className: 'vdl-emb-toolbar' },
    field(t('Embedding'), tag), field(t('Step'), step), field(t('Method'), method), field(t('Dimensions'), dims),
    field(t('Colour by'), colorBy), field(t('Search labels'), search), field(t('Neighbour distance'), metric));
  const bar = el('div');
  const progress = el('div', { className: 'vdl-emb-progress done' }, bar);
  const status = el('div', { className: 'vdl-emb-status' });
  const plot = el('div', { className: 'vdl-emb-plot' });
  const legend = el('div', { className: 'vdl-emb-legend' });
  const side = el('aside', { className: 'vdl-emb-side' });
  const body = el('div', { className: 'vdl-emb-body' }, plot, side);
  const container = el('div', { className: 'vdl-emb' }, toolbar, progress, status, body, legend);
  root.replaceChildren(container);
  ui = { tag, step, method, dims, colorBy, search, metric, progress, bar, status, plot, legend, side };
  method.value = view.method;
  dims.value = String(view.dims);
  metric.value = view.metric;
  search.value = view.search;
  scatter = new Scatter(plot, { onPick: pickPoint, onHover: hoverPoint });
  plot.dataset.renderer = scatter.renderer;
  scatter.setTheme({
    background: cssRgb(ctx.theme.color('--panel')),
    text: ctx.theme.color('--text'),
    halo: ctx.theme.dark ? 'rgba(22,27,34,0.9)' : 'rgba(255,255,255,0.9)',
  });

  tag.addEventListener('change', () => { view.key = tag.value; view.step = null; saveView(); loadEntries(); });
  step.addEventListener('change', () => { view.step = step.value; saveView(); project(true); });
  method.addEventListener('change', () => { view.method = method.value; saveView(); project(true); });
  dims.addEventListener('change', () => { view.dims = Number(dims.value); saveView(); project(true); });
  colorBy.addEventListener('change', () => { view.colorBy = colorBy.value; saveView(); restyle(); });
  search.addEventListener('input', () => { view.search = search.value; saveView(); restyle(); });
  metric.addEventListener('change', () => { view.metric = metric.value; saveView(); if (view.selected != null) pickPoint(view.selected); });
}

/** '#rrggbb' or 'rgb(r, g, b)' as [r, g, b] in 0..1. */
function cssRgb(text) {
  if (text.startsWith('#')) return hexToRgb(text.length === 4 ? `#${[...text.slice(1)].map((c) => c + c).join('')}` : text);
  const m = text.match(/[\d.]+/g) || [255, 255, 255];
  return m.slice(0, 3).map((v) => Number(v) / 255);
}

/** The view in the URL, so that a link reproduces it. */
function loadView() {
  const u = ctx.urlState;
  const rt = [u.get('run'), u.get('tag')];
  view.key = rt[0] !== null && rt[1] !== null ? `${rt[0]}\n${rt[1]}` : null;
  view.step = u.get('step');
  view.method = METHODS.includes(u.get('method')) ? u.get('method') : 'pca';
  view.dims = u.get('dims') === '3' ? 3 : 2;
  view.colorBy = u.get('color');       // null: the default for the data
  view.search = u.get('search') || '';
  view.metric = u.get('metric') === 'euclidean' ? 'euclidean' : 'cosine';
  view.header = null;
  view.hover = null;
}

function saveView() {
  const u = ctx.urlState;
  const rt = currentRunTag();
  u.set('run', rt ? rt.run : null);
  u.set('tag', rt ? rt.tag : null);
  u.set('step', view.step);
  u.set('method', view.method === 'pca' ? null : view.method);
  u.set('dims', view.dims === 2 ? null : view.dims);
  u.set('color', view.colorBy);
  u.set('search', view.search || null);
  u.set('metric', view.metric === 'cosine' ? null : view.metric);
}

function currentRunTag() {
  if (!view.key) return null;
  const [run, tag] = view.key.split('\n');
  return { run, tag };
}

/** Lists the embedding tags of the selected runs that pass the tag filter. */
async function loadTags() {
  const my = ++generation;
  let byRun;
  try {
    byRun = await ctx.fetch('tags');
  } catch (e) {
    ctx.showError(`${t('Embeddings')}: ${e.message}`);
    return;
  }
  if (my !== generation || !root) return;
  let filter = null;
  try { filter = ctx.tagFilter ? new RegExp(ctx.tagFilter, 'i') : null; } catch { filter = null; }
  const options = [];
  for (const run of ctx.runs) {
    for (const tag of byRun[run] || []) {
      if (!filter || filter.test(tag)) options.push([`${run}\n${tag}`, `${run} · ${tag}`]);
    }
  }
  if (options.length === 0) {
    stopPolling();
    const message = Object.keys(byRun).length === 0
      ? t('No embeddings yet. Log some from Java with log.addEmbedding("features", step, vectors, labels).')
      : t('No embedding tag matches the selected runs and the tag filter.');
    const note = el('div', { className: 'empty' });
    note.append(el('p', { textContent: message }));
    root.replaceChildren(note);
    ctx.explainEmpty?.(note, ctx.runs, { replace: Object.keys(byRun).length > 0 }); // which tabs have the runs' data
    if (scatter) { scatter.dispose(); scatter = null; }
    ui = null;
    return;
  }
  if (!ui) build();
  ui.tag.replaceChildren(...options.map(([value, text]) => el('option', { value, textContent: text })));
  if (!options.some(([v]) => v === view.key)) { view.key = options[0][0]; view.step = null; }
  ui.tag.value = view.key;
  await loadEntries();
}

async function loadEntries() {
  const rt = currentRunTag();
  if (!rt || !ui) return;
  let entries;
  try {
    entries = (await ctx.fetch('entries', rt)).entries;
  } catch (e) {
    ui.status.textContent = e.message;
    return;
  }
  if (!ui) return;
  view.entries = entries;
  ui.step.replaceChildren(...entries.map((s) => el('option', {
    value: String(s.step), textContent: `${ctx.format.number(s.step)} (${ctx.format.number(s.rows)} × ${s.dims})`,
  })));
  if (view.step == null || !entries.some((s) => String(s.step) === view.step)) {
    view.step = entries.length ? String(entries[entries.length - 1].step) : null;
  }
  ui.step.value = view.step;
  saveView();
  await project(true);
}

function stopPolling() {
  if (pollTimer) { clearTimeout(pollTimer); pollTimer = null; }
}

/** Asks for the projection and polls until it is done, drawing intermediate layouts. */
async function project(reset) {
  stopPolling();
  const rt = currentRunTag();
  if (!rt || view.step == null || !ui) return;
  const my = ++generation;
  if (reset) {
    // A new projection: drop the old layout rather than show it under the new method's name.
    view.selected = null;
    view.neighbors = [];
    view.data = null;
    view.hover = null; // the point under the mouse is another point in the new layout
    scatter.setPoints([], view.dims, true);
    ui.legend.replaceChildren();
    renderSide();
  }
  const params = { ...rt, step: view.step, method: view.method, dims: view.dims };
  let first = reset;
  const poll = async () => {
    let a;
    try {
      a = await ctx.fetch('projection', params);
    } catch (e) {
      if (my !== generation) return;
      showProgress(null);
      ui.status.textContent = e.message;
      return;
    }
    if (my !== generation || !ui) return;
    const names = { pca: 'PCA', tsne: 't-SNE', umap: 'UMAP' };
    if (a.status === 'failed') {
      showProgress(null);
      ui.status.textContent = t('{method} failed: {error}', { method: names[a.method], error: a.error });
      return;
    }
    if (a.points.length) {
      const header = JSON.stringify(a.metadataHeader);
      const newHeader = header !== view.header;
      view.header = header;
      view.data = a;
      scatter.setPoints(a.points, a.dims, first);
      first = false;
      if (newHeader) fillColorOptions(a);
      useSprite(a);
      restyle();
    }
    const pct = (v) => new Intl.NumberFormat(ctx.locale, { style: 'percent', maximumFractionDigits: 1 }).format(v);
    const explained = a.explainedVariance
      ? ` · ${t('variance explained {list}', { list: a.explainedVariance.map(pct).join(', ') })}` : '';
    if (a.status === 'done') {
      showProgress(null);
      ui.status.textContent = t('{method} of {n} points at step {step}', {
        method: names[a.method], n: ctx.format.number(a.rows), step: ctx.format.number(a.step) }) + explained;
      ui.plot.dataset.status = 'done';
      ui.plot.dataset.points = String(a.points.length);
      return;
    }
    ui.plot.dataset.status = a.status;
    showProgress(a.progress);
    ui.status.textContent = t('{method}: {status} {percent} of {n} points', {
      method: names[a.method], status: t(a.status), percent: pct(a.progress), n: ctx.format.number(a.rows) });
    pollTimer = setTimeout(poll, POLL_MS);
  };
  ui.plot.dataset.status = 'loading';
  showProgress(0);
  await poll();
}

function showProgress(fraction) {
  if (!ui) return;
  ui.progress.classList.toggle('done', fraction == null);
  ui.bar.style.width = `${Math.round((fraction || 0) * 100)}%`;
}

/**
 * Colouring choices: none, the labels (TensorBoard's single-column metadata is the labels), and
 * every metadata column. The default is the first column, else the labels.
 */
function fillColorOptions(a) {
  const options = [['none', t('none')]];
  if (a.labels.length) options.push(['label', t('label')]);
  options.push(...a.metadataHeader.map((h, i) => [String(i), h]));
  ui.colorBy.replaceChildren(...options.map(([value, text]) => el('option', { value, textContent: text })));
  if (view.colorBy === null || !options.some(([v]) => v === view.colorBy)) {
    view.colorBy = a.metadataHeader.length ? '0' : a.labels.length ? 'label' : 'none';
  }
  ui.colorBy.value = view.colorBy;
  saveView();
}

/**
 * Point thumbnails when the step has a sprite sheet: the entries and projection routes give
 * {"sprite": {"url", "cellWidth", "cellHeight"}} (see http-api.md); the scatter wants
 * {url, singleImageDim: [w, h]}.
 */
function asSprite(s) {
  if (!s || !s.url) return null;
  if (Array.isArray(s.singleImageDim)) return s;
  return s.cellWidth > 0 && s.cellHeight > 0 ? { url: s.url, singleImageDim: [s.cellWidth, s.cellHeight] } : null;
}

function spriteOf(step) {
  const entry = (view.entries || []).find((s) => String(s.step) === String(step));
  return asSprite(entry && entry.sprite);
}

function useSprite(a) {
  const sprite = asSprite(a.sprite) || spriteOf(view.step);
  if (!sprite || !sprite.url || !Array.isArray(sprite.singleImageDim)) {
    if (scatter.sprite) scatter.setSprite(null);
    return;
  }
  if (scatter.sprite && scatter.sprite.url === sprite.url) return;
  const image = new Image();
  image.decoding = 'async';
  image.onload = () => {
    if (!scatter || view.data !== a && asSprite(view.data?.sprite)?.url !== sprite.url && spriteOf(view.step)?.url !== sprite.url) return;
    const [width, height] = sprite.singleImageDim;
    scatter.setSprite({ url: sprite.url, image, width, height });
    if (ui) ui.plot.dataset.sprite = 'shown';
  };
  image.src = sprite.url;
}

/** Colours by the chosen column: categories get a palette, numbers a blue-to-red ramp. */
function colorFunction(a) {
  const byLabel = view.colorBy === 'label' && a.labels.length;
  if (!byLabel && (!view.colorBy || view.colorBy === 'none' || !a.metadata.length)) {
    return { color: () => [0.12, 0.47, 0.71], legend: [] };
  }
  const col = Number(view.colorBy);
  const values = byLabel ? a.labels.map((v) => v ?? '') : a.metadata.map((row) => row[col] ?? '');
  const distinct = [...new Set(values)];
  const numeric = distinct.length > PALETTE.length && values.every((v) => v !== '' && Number.isFinite(Number(v)));
  if (numeric) {
    const nums = values.map(Number);
    const lo = Math.min(...nums), hi = Math.max(...nums);
    const ramp = (t) => [0.2 + 0.7 * t, 0.3 + 0.2 * (1 - Math.abs(2 * t - 1)), 0.9 - 0.7 * t];
    return {
      color: (i) => ramp(hi > lo ? (nums[i] - lo) / (hi - lo) : 0.5),
      legend: [[`${lo}`, ramp(0)], [`${hi}`, ramp(1)]],
    };
  }
  distinct.sort((x, y) => x.localeCompare(y, undefined, { numeric: true }));
  const index = new Map(distinct.map((v, i) => [v, i]));
  const rgb = PALETTE.map(hexToRgb);
  const grey = [0.6, 0.6, 0.6];
  return {
    color: (i) => (index.get(values[i]) < PALETTE.length ? rgb[index.get(values[i])] : grey),
    legend: distinct.slice(0, PALETTE.length).map((v, i) => [v || t('(empty)'), rgb[i]])
      .concat(distinct.length > PALETTE.length
        ? [[t('{n} more', { n: ctx.format.number(distinct.length - PALETTE.length) }), grey]] : []),
  };
}

function searchMatches(a) {
  if (!view.search) return null;
  let re;
  try { re = new RegExp(view.search, 'i'); } catch { re = null; }
  const matches = new Set();
  const n = a.points.length;
  for (let i = 0; i < n; i++) {
    const label = a.labels[i] ?? String(i);
    if (re ? re.test(label) : label.toLowerCase().includes(view.search.toLowerCase())) matches.add(i);
  }
  return matches;
}

/** Recomputes colours, sizes and drawn labels from the colouring, search and selection. */
function restyle() {
  const a = view.data;
  if (!a || !scatter || !ui) return;
  const n = a.points.length;
  const { color, legend } = colorFunction(a);
  const matches = searchMatches(a);
  const neighborSet = new Set(view.neighbors.map((nb) => nb.index));
  const focus = matches != null || view.selected != null;
  const colors = new Float32Array(n * 4);
  const sizes = new Float32Array(n);
  const base = n > 20000 ? 2.5 : n > 5000 ? 3.5 : 5;
  for (let i = 0; i < n; i++) {
    const c = color(i);
    const hit = (matches && matches.has(i)) || i === view.selected || neighborSet.has(i);
    colors[i * 4] = c[0]; colors[i * 4 + 1] = c[1]; colors[i * 4 + 2] = c[2];
    colors[i * 4 + 3] = focus && !hit ? 0.35 : 0.85;
    sizes[i] = hit ? base * 1.8 : base;
  }
  if (view.selected != null && view.selected < n) {
    colors.set([0.85, 0.1, 0.1, 1], view.selected * 4);
    sizes[view.selected] = base * 2.6;
  }
  const labelled = [];
  if (view.hover != null) labelled.push(view.hover);
  if (view.selected != null) labelled.push(view.selected, ...view.neighbors.map((nb) => nb.index));
  if (matches && matches.size <= 500) labelled.push(...matches);
  scatter.setStyle(colors, sizes, a.labels.length ? a.labels : [...Array(n).keys()].map(String), labelled);
  ui.legend.replaceChildren(...legend.map(([text, c]) => {
    const sw = el('span', { className: 'sw' });
    sw.style.background = `rgb(${c.map((v) => Math.round(v * 255)).join(',')})`;
    return el('span', {}, sw, text);
  }));
  if (matches) {
    ui.legend.prepend(el('span', { textContent: `${t('{matched} of {n} labels match', {
      matched: ctx.format.number(matches.size), n: ctx.format.number(n) })} · ` }));
  }
}

function hoverPoint(i) {
  if (!ui || !view.data) return;
  if (i === view.hover) return;
  view.hover = i;
  restyle();
}

async function pickPoint(i) {
  view.selected = i;
  view.neighbors = [];
  restyle();
  renderSide();
  const rt = currentRunTag();
  if (i == null || !rt) return;
  try {
    const a = await ctx.fetch('neighbors', { ...rt, step: view.step, index: i, k: 12, metric: view.metric });
    if (view.selected !== i) return;
    view.neighbors = a.neighbors;
    restyle();
    renderSide();
  } catch (e) {
    ui.status.textContent = e.message;
  }
}

function renderSide() {
  if (!ui) return;
  const a = view.data;
  if (view.selected == null || !a) {
    ui.side.replaceChildren(el('p', { className: 'empty', textContent: t('Click a point to list its nearest neighbours.') }));
    return;
  }
  const i = view.selected;
  const label = a.labels[i] ?? String(i);
  const parts = [el('h4', { textContent: `${label} (#${i})` })];
  a.metadataHeader.forEach((h, c) => {
    parts.push(el('div', { textContent: `${h}: ${a.metadata[i]?.[c] ?? ''}` }));
  });
  parts.push(el('h4', { textContent: t('Nearest neighbours ({metric})', { metric: t(view.metric) }) }));
  const list = el('ol', { className: 'vdl-emb-neighbors' });
  for (const nb of view.neighbors) {
    const li = el('li', {}, `${nb.label} `, el('span', { className: 'dist', textContent: ctx.format.number(nb.distance, 4) }));
    li.dataset.index = String(nb.index);
    li.addEventListener('click', () => pickPoint(nb.index));
    list.append(li);
  }
  parts.push(list);
  ui.side.replaceChildren(...parts);
}

export async function render(element, context) {
  root = element;
  ctx = context;
  t = ctx.t;
  ensureStyle();
  loadView();
  unsubscribe = ctx.subscribe((event) => {
    // New data of the shown tag gives new steps; other changes may add tags or runs.
    if (event.type === 'data' && event.changes && !event.changes.some((c) => c.kind === 'embedding' || c.type !== 'data')) return;
    loadTags();
  });
  await loadTags();
}

export function dispose() {
  generation++;
  stopPolling();
  if (unsubscribe) unsubscribe();
  if (scatter) scatter.dispose();
  scatter = null;
  ui = null;
  root = null;
  ctx = null;
}
