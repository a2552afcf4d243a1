// Hyperparameters dashboard, as TensorBoard's: a table, parallel coordinates and a scatter-plot
// matrix over one session per run, sharing one set of filters, visible columns and colour.
// Contract: export render(element, context) and dispose(); see bundles/api/README.md.
// Everything the user reads goes through t(key, params) (messages/<lang>.json); every colour is
// a CSS variable, read from computed styles for the canvases.
import {
  active, buildTable, compactFilters, filterRows, fmt, interpolate, nextSort, parseJson, ramp, sortRows,
} from './model.js';
import { createTable } from './table.js';
import { createParallel } from './parallel.js';
import { createScatter } from './scatter.js';
import { createDetail } from './detail.js';
import { onThemeChange, themeOf } from './theme.js';
import { STYLE } from './style.js';
import { columnControl, sidePanel } from './side.js';

const VIEWS = ['table', 'parallel', 'scatter'];
const BUCKETS = 16;
const RELOAD_MS = 1000;


let sheet = null;
let ctx = null;
let t = null;
let root = null;
let unsubscribe = null;
let stopTheme = null;
let reloadTimer = 0;
let generation = 0;

// The view's state; what a link should reproduce is mirrored in context.urlState.
const ui = {
  experiment: null, table: null, view: 'table', sort: null, filters: {}, hidden: new Set(),
  color: null, selected: null, rows: null, views: {}, detail: null,
  els: {},
};

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

/** The shell's translation function, or English from our own messages file while the shell has none. */
async function translator(context) {
  let messages = {};
  try {
    messages = await (await fetch(new URL('./messages/en.json', import.meta.url))).json();
  } catch {
    // keys are shown as they are
  }
  // Our keys name messages; the shell's catalogues are keyed by the English text (en.json).
  if (typeof context.t === 'function') return (key, params) => context.t(messages[key] ?? key, params);
  return (key, params) => interpolate(messages[key] ?? key, params);
}

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

// ---------------------------------------------------------------------------------------------
// State in the URL

function readUrlState() {
  const s = ctx.urlState;
  const view = s.get('view');
  ui.view = VIEWS.includes(view) ? view : 'table';
  ui.sort = s.get('sort') || null;
  ui.filters = parseJson(s.get('filters'), {});
  ui.hidden = new Set(parseJson(s.get('hidden'), []));
  ui.color = s.get('color') || null;
  ui.selectedRun = s.get('session') || null;
}

function saveUrlState() {
  const s = ctx.urlState;
  s.set('view', ui.view === 'table' ? null : ui.view);
  s.set('sort', ui.sort);
  const f = compactFilters(ui.filters);
  s.set('filters', Object.keys(f).length ? JSON.stringify(f) : null);
  s.set('hidden', ui.hidden.size ? JSON.stringify([...ui.hidden]) : null);
  s.set('color', ui.color);
  s.set('session', ui.selected === null || !ui.table ? null : ui.table.runs[ui.selected]);
}

// ---------------------------------------------------------------------------------------------
// Render

export async function render(element, context) {
  dispose();
  const my = ++generation;
  ctx = context;
  t = await translator(context);
  if (my !== generation) return;
  ensureStyle();
  root = el('div', 'vdl-hp');
  element.append(root);
  readUrlState();
  stopTheme = onThemeChange(() => redrawCanvases());
  unsubscribe = context.subscribe((event) => {
    if (event.type === 'data') scheduleReload();
    else if (event.type === 'selection') refresh();
    else if (event.type === 'locale' || event.type === 'language') rerender(element);
    else if (event.type === 'theme') redrawCanvases();
  });
  await load(my);
}

async function rerender(element) {
  const c = ctx;
  dispose();
  element.replaceChildren();
  await render(element, c);
}

function scheduleReload() {
  clearTimeout(reloadTimer);
  const my = generation;
  reloadTimer = setTimeout(() => load(my), RELOAD_MS);
}

async function load(my) {
  let experiment;
  try {
    experiment = await ctx.fetch('experiment');
  } catch (e) {
    if (my === generation) ctx.showError(t('error.load', { message: e.message }));
    return;
  }
  if (my !== generation) return;
  performance.mark('vdl-hparams:loaded');
  const selectedRun = ui.selected !== null && ui.table ? ui.table.runs[ui.selected] : ui.selectedRun;
  const before = ui.table && ui.els.count ? shapeOf(ui.table) : null;
  ui.experiment = experiment;
  ui.table = buildTable(experiment);
  ui.selected = selectedRun ? indexOrNull(ui.table.runs.indexOf(selectedRun)) : null;
  // New values of the same columns (a live sweep): update in place, so scrolling, open filters
  // and the open session stay as they are.
  if (before !== null && before === shapeOf(ui.table)) refresh();
  else build();
}

/** What the side panel and the colour menu are built from: columns, their types and categories. */
function shapeOf(table) {
  return JSON.stringify(table.columns.map((c) => [c.id, c.type, c.categories || null]));
}

function indexOrNull(i) {
  return i < 0 ? null : i;
}

function build() {
  for (const v of Object.values(ui.views)) v.dispose();
  ui.views = {};
  if (ui.detail) ui.detail.dispose();
  ui.detail = null;
  root.replaceChildren();
  const table = ui.table;
  if (table.runs.length === 0) {
    const p = el('div', 'vdl-hp-empty');
    p.append(el('p', '', t('empty.none')), el('pre', '', t('empty.example')));
    root.append(p);
    ctx.explainEmpty?.(p, ctx.runs); // which tabs have the runs' data
    performance.mark('vdl-hparams:empty');
    return;
  }
  const toolbar = el('div', 'vdl-hp-toolbar');
  const views = el('div', 'vdl-hp-views');
  views.setAttribute('role', 'group');
  views.setAttribute('aria-label', t('toolbar.view'));
  for (const v of VIEWS) {
    const b = el('button', '', t(`view.${v}`));
    b.type = 'button';
    b.dataset.view = v;
    b.addEventListener('click', () => { if (ui.view !== v) { ui.view = v; saveUrlState(); showView(); } });
    views.append(b);
  }
  const colorLabel = el('label', '', t('toolbar.colorBy'));
  const color = el('select', 'vdl-hp-color');
  colorLabel.append(color);
  const legend = el('span', 'vdl-hp-legend');
  const count = el('span', 'vdl-hp-count');
  const reset = el('button', 'vdl-hp-button', t('toolbar.reset'));
  reset.type = 'button';
  reset.addEventListener('click', () => { ui.filters = {}; saveUrlState(); buildSide(); refresh(); });
  toolbar.append(views, colorLabel, legend, count, reset);

  const main = el('div', 'vdl-hp-main');
  const side = el('aside', 'vdl-hp-side');
  side.setAttribute('aria-label', t('side.columns'));
  const view = el('div', 'vdl-hp-view');
  main.append(side, view);
  const tip = el('div', 'vdl-hp-tip');
  tip.hidden = true;
  tip.setAttribute('role', 'tooltip');
  root.append(toolbar, main, tip);
  ui.els = { views, color, legend, count, side, view, tip, reset };

  const numeric = table.columns.filter((c) => c.type === 'number');
  const metrics = numeric.filter((c) => c.group === 'metric');
  if (ui.color === null || (ui.color !== 'none' && !table.byId.has(ui.color))) {
    ui.color = metrics.length ? metrics[0].id : 'none';
  }
  const none = el('option', '', t('toolbar.colorNone'));
  none.value = 'none';
  color.append(none);
  for (const c of [...metrics, ...numeric.filter((x) => x.group === 'hparam')]) {
    const o = el('option', '', c.name);
    o.value = c.id;
    color.append(o);
  }
  color.value = ui.color;
  color.addEventListener('change', () => { ui.color = color.value; saveUrlState(); refresh(); });

  ui.detail = createDetail(root, {
    t, root, runColor: ctx.runColor, uPlot: ctx.charts.uPlot,
    onClose: () => select(null),
  });
  buildSide();
  showView();
  if (ui.selected !== null) ui.detail.show(table, ui.selected);
}

function sideEnv() {
  return {
    t,
    table: ui.table,
    get filters() { return ui.filters; },
    get hidden() { return ui.hidden; },
    setFilter,
    changed: () => { saveUrlState(); refresh(); },
    rebuild: () => { saveUrlState(); buildSide(); refresh(); },
  };
}

function buildSide() {
  sidePanel(ui.els.side, sideEnv());
}

/** Sets one column's filter (null clears it); rebuilds the side panel when the change came from a view. */
function setFilter(id, filter, fromView) {
  if (filter && active(filter)) ui.filters[id] = filter; else delete ui.filters[id];
  saveUrlState();
  if (fromView) {
    const old = ui.els.side.querySelector(`details[data-col="${CSS.escape(id)}"]`);
    const col = ui.table.byId.get(id);
    if (old && col) old.replaceWith(columnControl(col, sideEnv()));
  } else {
    const box = ui.els.side.querySelector(`details[data-col="${CSS.escape(id)}"]`);
    box?.classList.toggle('is-filtered', active(ui.filters[id]));
  }
  refresh();
}

function select(row) {
  ui.selected = row;
  saveUrlState();
  ui.detail.show(ui.table, row);
  refresh();
  if (row !== null) ui.views.table?.reveal(row);
}

function showView() {
  for (const b of ui.els.views.querySelectorAll('button')) b.setAttribute('aria-pressed', String(b.dataset.view === ui.view));
  for (const v of Object.values(ui.views)) v.dispose();
  ui.views = {};
  const host = ui.els.view;
  host.replaceChildren();
  host.dataset.view = ui.view;
  const tooltip = (e, row) => showTip(e, row);
  if (ui.view === 'table') {
    ui.views.table = createTable(host, {
      t, runColor: ctx.runColor,
      onSort: (id) => { ui.sort = nextSort(ui.sort, id); saveUrlState(); refresh(); },
      onSelect: (row) => select(row === ui.selected ? null : row),
    });
  } else if (ui.view === 'parallel') {
    host.append(el('p', 'vdl-hp-hint', t('parallel.hint')));
    ui.views.parallel = createParallel(host, {
      t, root, tooltip,
      onFilter: (id, f) => setFilter(id, f, true),
      onSelect: (row) => select(row),
    });
  } else {
    host.append(el('p', 'vdl-hp-hint', t('scatter.hint')));
    ui.views.scatter = createScatter(host, { t, root, tooltip, onSelect: (row) => select(row) });
  }
  refresh();
}

/** Filters, sorts and colours again, and redraws the open view. */
function refresh() {
  if (!ui.table || !ui.els.count) return;
  const table = ui.table;
  const selectedRuns = ctx.runs;
  const runSet = Array.isArray(selectedRuns) ? new Set(selectedRuns) : null;
  let rows = filterRows(table, ui.filters, runSet);
  rows = sortRows(table, rows, ui.sort);
  ui.rows = rows;
  const inSelection = runSet ? table.runs.filter((r) => runSet.has(r)).length : table.runs.length;
  ui.els.count.textContent = t('toolbar.count', { shown: rows.length, total: inSelection });
  ui.els.reset.disabled = Object.keys(compactFilters(ui.filters)).length === 0;
  const columns = table.columns.filter((c) => !ui.hidden.has(c.id));
  const coloring = colouring();
  const state = {
    table, rows, columns, sort: ui.sort, filters: ui.filters, selected: ui.selected, ...coloring,
  };
  const host = ui.els.view;
  let note = host.querySelector('.vdl-hp-empty');
  const message = columns.length === 0 ? t('empty.noColumns')
    : inSelection === 0 ? t('empty.noneSelected', { count: table.runs.length })
      : ui.view === 'scatter' && !columns.some((c) => c.group === 'metric') ? t('empty.noMetrics')
        : rows.length === 0 ? t('empty.filtered') : null;
  if (message) {
    if (!note) { note = el('p', 'vdl-hp-empty'); host.prepend(note); }
    note.textContent = message;
  } else if (note) {
    note.remove();
  }
  for (const v of Object.values(ui.views)) v.update(state);
}

/** The colour-by column's buckets: bucketOf(row) in 0..BUCKETS-1, -1 when uncoloured. */
function colouring() {
  const legend = ui.els.legend;
  legend.replaceChildren();
  const col = ui.color && ui.color !== 'none' ? ui.table.byId.get(ui.color) : null;
  if (!col || col.type !== 'number' || !Number.isFinite(col.min)) return { bucketOf: null, bucketColor: null };
  const lo = col.min; const span = col.max - col.min;
  const values = col.values;
  const bucketOf = (r) => {
    const v = values[r];
    if (!Number.isFinite(v)) return -1;
    return span === 0 ? BUCKETS >> 1 : Math.min(BUCKETS - 1, Math.floor(((v - lo) / span) * BUCKETS));
  };
  const bucketColor = (b, theme) => ramp(theme.ramp, (b + 0.5) / BUCKETS);
  const theme = themeOf(root);
  const gradient = el('span', 'vdl-hp-gradient');
  gradient.style.background = `linear-gradient(to right, ${theme.ramp.join(', ')})`;
  legend.append(el('span', '', fmt(col.min)), gradient, el('span', '', fmt(col.max)));
  return { bucketOf, bucketColor };
}

let tipRow = null;

function showTip(e, row) {
  const tip = ui.els.tip;
  if (!e || row === null || row === undefined) { tip.hidden = true; tipRow = null; return; }
  if (row !== tipRow) fillTip(tip, row);
  tipRow = row;
  tip.hidden = false;
  const x = Math.min(e.clientX + 14, window.innerWidth - tip.offsetWidth - 8);
  const y = Math.min(e.clientY + 14, window.innerHeight - tip.offsetHeight - 8);
  tip.style.left = `${Math.max(0, x)}px`;
  tip.style.top = `${Math.max(0, y)}px`;
}

function fillTip(tip, row) {
  const table = ui.table;
  const lines = [table.runs[row]];
  for (const c of table.columns) {
    if (ui.hidden.has(c.id)) continue;
    const v = c.type === 'number' ? c.values[row] : c.codes[row] < 0 ? null : c.categories[c.codes[row]];
    if (v === null || (typeof v === 'number' && Number.isNaN(v))) continue;
    lines.push(`${c.name}: ${fmt(v)}`);
    if (lines.length > 14) { lines.push('…'); break; }
  }
  tip.replaceChildren(...lines.map((l, i) => el('div', i === 0 ? 'vdl-hp-tip-run' : '', l)));
}

function redrawCanvases() {
  if (!ui.table || !ui.els.count) return;
  refresh();
  for (const v of Object.values(ui.views)) v.redraw?.();
}

export function dispose() {
  generation++;
  clearTimeout(reloadTimer);
  if (unsubscribe) unsubscribe();
  unsubscribe = null;
  if (stopTheme) stopTheme();
  stopTheme = null;
  for (const v of Object.values(ui.views)) v.dispose();
  ui.views = {};
  if (ui.detail) ui.detail.dispose();
  ui.detail = null;
  ui.els = {};
  ui.table = null;
  tipRow = null;
  ui.selected = null;
  if (root) root.remove();
  root = null;
  removeStyle();
}
