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

const VIEWS = ['table', 'parallel', 'scatter'];
const BUCKETS = 16;
const MAX_CHECKBOXES = 40;
const RELOAD_MS = 1000;

const STYLE = `
.vdl-hp { --hp-fg: var(--vdl-fg, var(--text, #1f2328)); --hp-muted: var(--vdl-muted, var(--muted, #656d76));
  --hp-bg: var(--vdl-panel, var(--panel, #ffffff)); --hp-border: var(--vdl-border, var(--border, #d0d7de));
  --hp-accent: var(--vdl-accent, var(--accent, #2f6feb)); --hp-faint: var(--vdl-faint, rgba(128,128,128,0.18));
  --hp-brush: var(--vdl-selection, rgba(47,111,235,0.18)); --hp-highlight: var(--vdl-danger, var(--danger, #cf222e));
  --hp-stripe: var(--vdl-stripe, rgba(127,127,127,0.06)); --hp-selected: var(--vdl-selected, rgba(47,111,235,0.16));
  --hp-ramp: var(--vdl-hparams-ramp, #440154, #3b528b, #21918c, #5ec962, #fde725);
  color: var(--hp-fg); }
.vdl-hp-toolbar { display: flex; gap: 12px; align-items: center; flex-wrap: wrap; margin-bottom: 12px; }
.vdl-hp-views { display: inline-flex; border: 1px solid var(--hp-border); border-radius: 6px; overflow: hidden; }
.vdl-hp-views button { background: var(--hp-bg); color: var(--hp-fg); border: 0; padding: 5px 12px; font: inherit; cursor: pointer; }
.vdl-hp-views button + button { border-left: 1px solid var(--hp-border); }
.vdl-hp-views button[aria-pressed="true"] { background: var(--hp-accent); color: var(--vdl-on-accent, #fff); }
.vdl-hp-toolbar label { display: inline-flex; gap: 6px; align-items: center; color: var(--hp-muted); }
.vdl-hp select, .vdl-hp input[type="text"], .vdl-hp input[type="number"] { font: inherit; color: var(--hp-fg);
  background: var(--hp-bg); border: 1px solid var(--hp-border); border-radius: 4px; padding: 3px 6px; }
.vdl-hp-button { font: inherit; color: var(--hp-fg); background: var(--hp-bg); border: 1px solid var(--hp-border);
  border-radius: 4px; padding: 3px 10px; cursor: pointer; }
.vdl-hp-count { color: var(--hp-muted); }
.vdl-hp-legend { display: inline-flex; gap: 6px; align-items: center; color: var(--hp-muted); font-size: 12px; }
.vdl-hp-legend .vdl-hp-gradient { width: 120px; height: 10px; border-radius: 2px; border: 1px solid var(--hp-border); }
.vdl-hp-main { display: grid; grid-template-columns: 260px minmax(0, 1fr); gap: 12px; align-items: start; }
.vdl-hp-side { background: var(--hp-bg); border: 1px solid var(--hp-border); border-radius: 8px; padding: 8px;
  max-height: 75vh; overflow-y: auto; font-size: 13px; }
.vdl-hp-side h4 { margin: 8px 0 4px; font-size: 12px; color: var(--hp-muted); font-weight: 600; text-transform: uppercase; }
.vdl-hp-side-tools { display: flex; gap: 6px; margin-bottom: 4px; }
.vdl-hp-col { border-top: 1px solid var(--hp-border); padding: 4px 0; }
.vdl-hp-col > summary { display: flex; gap: 6px; align-items: center; cursor: pointer; list-style: none; }
.vdl-hp-col > summary::-webkit-details-marker { display: none; }
.vdl-hp-col .vdl-hp-colname { flex: 1; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.vdl-hp-col .vdl-hp-type { color: var(--hp-muted); font-size: 11px; }
.vdl-hp-col.is-filtered .vdl-hp-colname { color: var(--hp-accent); font-weight: 600; }
.vdl-hp-filter { padding: 4px 0 4px 22px; display: grid; gap: 4px; }
.vdl-hp-filter .vdl-hp-range { display: flex; gap: 4px; }
.vdl-hp-filter .vdl-hp-range input { width: 50%; min-width: 0; }
.vdl-hp-filter label { display: flex; gap: 6px; align-items: center; overflow: hidden; white-space: nowrap; text-overflow: ellipsis; }
.vdl-hp-note { color: var(--hp-muted); font-size: 12px; }
.vdl-hp-view { min-width: 0; position: relative; }
.vdl-hp-table { position: relative; overflow: auto; height: 70vh; border: 1px solid var(--hp-border); border-radius: 8px;
  background: var(--hp-bg); font-size: 13px; }
.vdl-hp-table:focus { outline: 2px solid var(--hp-accent); outline-offset: -2px; }
.vdl-hp-thead { position: sticky; top: 0; z-index: 1; display: grid; background: var(--hp-bg); border-bottom: 1px solid var(--hp-border); width: max-content; min-width: 100%; }
.vdl-hp-th { display: flex; gap: 4px; align-items: center; text-align: left; font: inherit; font-weight: 600; color: var(--hp-fg);
  background: none; border: 0; padding: 6px 8px; cursor: pointer; overflow: hidden; white-space: nowrap; }
.vdl-hp-th span:first-child { overflow: hidden; text-overflow: ellipsis; }
.vdl-hp-th.is-metric { color: var(--hp-accent); }
.vdl-hp-arrow { font-size: 10px; }
.vdl-hp-spacer { position: relative; }
.vdl-hp-tbody { position: absolute; left: 0; top: 0; will-change: transform; }
.vdl-hp-tr { display: grid; height: 28px; align-items: center; cursor: pointer; }
.vdl-hp-tr.is-odd { background: var(--hp-stripe); }
.vdl-hp-tr:hover { background: var(--hp-selected); }
.vdl-hp-tr.is-selected { background: var(--hp-selected); box-shadow: inset 3px 0 0 var(--hp-highlight); }
.vdl-hp-td { padding: 0 8px; overflow: hidden; white-space: nowrap; text-overflow: ellipsis; }
.vdl-hp-td.is-num { text-align: right; font-variant-numeric: tabular-nums; }
.vdl-hp-run { display: flex; gap: 6px; align-items: center; }
.vdl-hp-run span:last-child { overflow: hidden; text-overflow: ellipsis; }
.vdl-hp-swatch { width: 10px; height: 10px; border-radius: 2px; flex: none; display: inline-block; }
.vdl-hp-canvasbox { position: relative; background: var(--hp-bg); border: 1px solid var(--hp-border); border-radius: 8px; overflow: hidden; }
.vdl-hp-canvasbox canvas { display: block; }
.vdl-hp-canvasbox .vdl-hp-over { position: absolute; left: 0; top: 0; cursor: crosshair; }
.vdl-hp-canvasbox .vdl-hp-over.is-axis { cursor: ns-resize; }
.vdl-hp-matrix { overflow: auto; max-height: 75vh; }
.vdl-hp-view[data-view="parallel"] .vdl-hp-canvasbox { overflow-x: auto; }
.vdl-hp-hint { color: var(--hp-muted); font-size: 12px; margin: 0 0 6px; }
.vdl-hp-tip { position: fixed; z-index: 10; pointer-events: none; background: var(--vdl-tooltip-bg, rgba(36,41,47,.94));
  color: var(--vdl-tooltip-fg, #fff); font-size: 12px; padding: 6px 8px; border-radius: 4px; max-width: 360px; }
.vdl-hp-tip[hidden] { display: none; }
.vdl-hp-tip .vdl-hp-tip-run { font-weight: 600; }
.vdl-hp-tip div { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.vdl-hp-detail { margin-top: 16px; background: var(--hp-bg); border: 1px solid var(--hp-border); border-radius: 8px; padding: 12px; }
.vdl-hp-detail[hidden] { display: none; }
.vdl-hp-detail-head { display: flex; gap: 8px; align-items: center; }
.vdl-hp-detail-head h3 { margin: 0; font-size: 14px; flex: 1; word-break: break-all; }
.vdl-hp-values { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 2px 16px; margin: 10px 0; font-size: 13px; }
.vdl-hp-values dt { color: var(--hp-muted); float: left; margin-right: 6px; }
.vdl-hp-values dt::after { content: ":"; }
.vdl-hp-values dd { margin: 0; }
.vdl-hp-charts { display: grid; gap: 12px; grid-template-columns: repeat(auto-fill, minmax(320px, 1fr)); }
.vdl-hp-chart { border: 1px solid var(--hp-border); border-radius: 6px; padding: 8px; min-width: 0; }
.vdl-hp-chart h4 { margin: 0 0 4px; font-size: 13px; word-break: break-all; }
.vdl-hp-plot { min-height: 160px; color: var(--hp-muted); font-size: 12px; }
.vdl-hp-empty { color: var(--hp-muted); max-width: 720px; line-height: 1.5; }
.vdl-hp-empty pre { background: var(--hp-bg); border: 1px solid var(--hp-border); padding: 12px; border-radius: 6px; color: var(--hp-fg); }
@media (max-width: 900px) { .vdl-hp-main { grid-template-columns: 1fr; } .vdl-hp-side { max-height: 240px; } }
`;

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
  if (typeof context.t === 'function') return (key, params) => context.t(key, params);
  let messages = {};
  try {
    messages = await (await fetch(new URL('./messages/en.json', import.meta.url))).json();
  } catch {
    // keys are shown as they are
  }
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

function buildSide() {
  const side = ui.els.side;
  side.replaceChildren();
  const tools = el('div', 'vdl-hp-side-tools');
  const showAll = el('button', 'vdl-hp-button', t('side.showAll'));
  const hideAll = el('button', 'vdl-hp-button', t('side.hideAll'));
  showAll.type = 'button';
  hideAll.type = 'button';
  showAll.addEventListener('click', () => { ui.hidden.clear(); saveUrlState(); buildSide(); refresh(); });
  hideAll.addEventListener('click', () => {
    for (const c of ui.table.columns) ui.hidden.add(c.id);
    saveUrlState(); buildSide(); refresh();
  });
  tools.append(showAll, hideAll);
  side.append(tools);
  for (const group of ['hparam', 'metric']) {
    const cols = ui.table.columns.filter((c) => c.group === group);
    if (cols.length === 0) continue;
    side.append(el('h4', '', t(group === 'hparam' ? 'side.hparams' : 'side.metrics')));
    for (const c of cols) side.append(columnControl(c));
  }
}

function columnControl(col) {
  const box = el('details', 'vdl-hp-col');
  box.dataset.col = col.id;
  box.classList.toggle('is-filtered', active(ui.filters[col.id]));
  if (active(ui.filters[col.id])) box.open = true;
  const summary = el('summary');
  const show = el('input');
  show.type = 'checkbox';
  show.checked = !ui.hidden.has(col.id);
  show.setAttribute('aria-label', t('side.show', { name: col.name }));
  show.addEventListener('click', (e) => e.stopPropagation());
  show.addEventListener('change', () => {
    if (show.checked) ui.hidden.delete(col.id); else ui.hidden.add(col.id);
    saveUrlState();
    refresh();
  });
  const name = el('span', 'vdl-hp-colname', col.name);
  name.title = col.name;
  const type = el('span', 'vdl-hp-type', t(col.group === 'metric' ? 'side.metric' : `type.${col.type}`));
  summary.append(show, name, type);
  box.append(summary);

  const filter = el('div', 'vdl-hp-filter');
  const current = ui.filters[col.id] || {};
  if (col.type === 'number') {
    const range = el('div', 'vdl-hp-range');
    const min = el('input');
    const max = el('input');
    for (const [input, key, bound] of [[min, 'min', col.min], [max, 'max', col.max]]) {
      input.type = 'number';
      input.step = 'any';
      input.placeholder = Number.isFinite(bound) ? fmt(bound) : t(`side.${key}`);
      input.setAttribute('aria-label', t(`side.${key}Of`, { name: col.name }));
      if (Number.isFinite(current[key])) input.value = String(current[key]);
      input.addEventListener('change', () => {
        const f = { ...(ui.filters[col.id] || {}) };
        const v = input.value === '' ? NaN : Number(input.value);
        if (Number.isFinite(v)) f[key] = v; else delete f[key];
        delete f.exclude; delete f.match;
        setFilter(col.id, f, false);
      });
    }
    range.append(min, max);
    filter.append(range);
  } else {
    const excluded = new Set(current.exclude || []);
    if (col.categories.length > MAX_CHECKBOXES) {
      const match = el('input');
      match.type = 'text';
      match.placeholder = t('side.contains');
      match.setAttribute('aria-label', t('side.containsOf', { name: col.name }));
      match.value = current.match || '';
      let timer = 0;
      match.addEventListener('input', () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          const f = { ...(ui.filters[col.id] || {}) };
          if (match.value) f.match = match.value; else delete f.match;
          setFilter(col.id, f, false);
        }, 200);
      });
      filter.append(match);
    }
    for (const value of col.categories.slice(0, MAX_CHECKBOXES)) {
      const label = el('label');
      label.title = value;
      const cb = el('input');
      cb.type = 'checkbox';
      cb.checked = !excluded.has(value);
      cb.addEventListener('change', () => {
        const f = { ...(ui.filters[col.id] || {}) };
        const ex = new Set(f.exclude || []);
        if (cb.checked) ex.delete(value); else ex.add(value);
        f.exclude = [...ex];
        if (f.exclude.length === 0) delete f.exclude;
        setFilter(col.id, f, false);
      });
      label.append(cb, document.createTextNode(value));
      filter.append(label);
    }
    if (col.categories.length > MAX_CHECKBOXES) {
      filter.append(el('span', 'vdl-hp-note', t('side.more', { count: col.categories.length - MAX_CHECKBOXES })));
    }
  }
  box.append(filter);
  return box;
}

/** Sets one column's filter (null clears it); rebuilds the side panel when the change came from a view. */
function setFilter(id, filter, fromView) {
  if (filter && active(filter)) ui.filters[id] = filter; else delete ui.filters[id];
  saveUrlState();
  if (fromView) {
    const old = ui.els.side.querySelector(`details[data-col="${CSS.escape(id)}"]`);
    const col = ui.table.byId.get(id);
    if (old && col) old.replaceWith(columnControl(col));
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
