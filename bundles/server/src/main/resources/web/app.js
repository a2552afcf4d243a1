// The UI shell: lists runs and plugins, keeps the selection in the URL, and hands each plugin's
// ES module a context (selected runs, tag filter, fetch helper, chart library, live updates,
// translation, formatting, theme, shared UI pieces). Plain ES modules, no build step: a plugin
// author needs no bundler either.
import uPlot from '/static/lib/uPlot.esm.js';
import { PALETTE, assignColors } from './palette.js';
import { formatNumber, compact, tickLabels, duration, middleEllipsis } from './format.js';
import { LOCALES, detectLocale, rememberLocale, loadMessages, translator } from './i18n.js';
import { applyTheme, toggleTheme, currentTheme, onSystemThemeChange, themeColor } from './theme.js';
import * as ui from './ui.js';
import { emptyStateFor } from '/static/empty-state.js';

const ROW_HEIGHT = 26;
const SIDEBAR = { key: 'vdl.sidebarWidth', min: 180, max: 640 };

const state = {
  runs: [],
  plugins: [],
  active: null,        // name of the active plugin
  module: null,        // the active plugin's module
  deselected: new Set(),
  listeners: new Set(),
  health: null,
  locale: 'en',
  messages: {},        // the shell's messages for the locale
  t: translator(),
  colors: JSON.parse(localStorage.getItem('vdl.colors') || '{}'),
  overrides: JSON.parse(localStorage.getItem('vdl.colorOverrides') || '{}'),
  folders: localStorage.getItem('vdl.groupFolders') === '1',
};

const $ = (id) => document.getElementById(id);
const t = (text, params) => state.t(text, params);

// ---- run colours: palette indices remembered per run, so every tab and reload agrees ----

function assignRunColors() {
  const names = state.runs.map((r) => r.name);
  const next = assignColors(names, state.colors);
  if (JSON.stringify(next) !== JSON.stringify(state.colors)) {
    state.colors = next;
    localStorage.setItem('vdl.colors', JSON.stringify(next));
  }
}

/** The colour of a run: the user's choice, else its palette colour; the same everywhere. */
export function runColor(name) {
  if (state.overrides[name]) return state.overrides[name];
  if (state.colors[name] === undefined) {
    state.colors = assignColors([name], state.colors);
    localStorage.setItem('vdl.colors', JSON.stringify(state.colors));
  }
  return PALETTE[state.colors[name] % PALETTE.length];
}

function setRunColor(name, color) {
  if (color) state.overrides[name] = color; else delete state.overrides[name];
  localStorage.setItem('vdl.colorOverrides', JSON.stringify(state.overrides));
  renderRuns();
  rerender();
}

// Other tabs of the same browser changed a colour, the theme or the language.
addEventListener('storage', (e) => {
  if (e.key === 'vdl.colors' || e.key === 'vdl.colorOverrides') {
    state.colors = JSON.parse(localStorage.getItem('vdl.colors') || '{}');
    state.overrides = JSON.parse(localStorage.getItem('vdl.colorOverrides') || '{}');
    renderRuns();
    rerender();
  } else if (e.key === 'vdl.theme') {
    applyTheme();
    renderHeader();
    rerender();
  } else if (e.key === 'vdl.lang') {
    setLocale(detectLocale());
  }
});

async function getJson(url) {
  const resp = await fetch(url, { headers: { Accept: 'application/json' } });
  const body = await resp.json().catch(() => ({ error: resp.statusText }));
  if (!resp.ok) throw new Error(body.error || `${resp.status} ${resp.statusText}`);
  return body;
}

function showError(message) {
  const b = $('banner');
  if (message) { b.textContent = message; b.hidden = false; } else { b.hidden = true; }
}

// ---- the URL holds the whole selection, so a link reproduces the view ----

function params() { return new URLSearchParams(location.search); }

function readUrl() {
  const q = params();
  state.active = q.get('plugin');
  $('tag-filter').value = q.get('tags') || '';
  $('run-filter').value = q.get('runFilter') || '';
  state.deselected = new Set((q.get('hide') || '').split('\n').filter(Boolean));
}

function writeUrl(extra = {}) {
  const q = params();
  const set = (k, v) => { if (v) q.set(k, v); else q.delete(k); };
  set('plugin', state.active);
  set('tags', $('tag-filter').value);
  set('runFilter', $('run-filter').value);
  set('hide', [...state.deselected].join('\n'));
  for (const [k, v] of Object.entries(extra)) set(k, v);
  history.replaceState(null, '', `${location.pathname}?${q}`);
}

function filteredRuns() {
  const re = ui.regex($('run-filter').value);
  return state.runs.filter((r) => !re || re.test(r.name));
}

function selectedRuns() {
  return filteredRuns().map((r) => r.name).filter((n) => !state.deselected.has(n));
}

// ---- the run list is virtualised: only the rows in view exist, so 10,000 runs stay fast ----

function folderOf(name) {
  const i = name.lastIndexOf('/');
  return i < 0 ? '' : name.slice(0, i);
}

/** Rows of the list: runs, and with grouping on a header row before each folder's runs. */
function listItems(runs) {
  if (!state.folders) return runs.map((r) => ({ run: r.name, label: r.name }));
  const byFolder = new Map();
  for (const r of runs) {
    const f = folderOf(r.name);
    if (!byFolder.has(f)) byFolder.set(f, []);
    byFolder.get(f).push(r.name);
  }
  const items = [];
  for (const f of [...byFolder.keys()].sort()) {
    const names = byFolder.get(f);
    if (f) items.push({ folder: f, runs: names });
    for (const n of names) items.push({ run: n, label: f ? n.slice(f.length + 1) : n, nested: !!f });
  }
  return items;
}

const measure = document.createElement('canvas').getContext('2d');

function renderRuns() {
  const list = $('runs');
  const runs = filteredRuns();
  $('run-count').textContent = state.runs.length
    ? t('{shown} of {total} runs shown', {
      shown: formatNumber(selectedRuns().length, state.locale), total: formatNumber(state.runs.length, state.locale),
    }) : '';
  if (state.runs.length === 0) {
    list.replaceChildren();
    list.classList.add('is-empty');
    list.textContent = t('No runs yet. Runs appear here as soon as a training program writes logs.');
    return;
  }
  list.classList.remove('is-empty');
  let spacer = list.querySelector('.runs-spacer');
  if (!spacer) {
    list.textContent = '';
    spacer = document.createElement('div');
    spacer.className = 'runs-spacer';
    list.append(spacer);
  }
  const items = listItems(runs);
  spacer.style.height = `${items.length * ROW_HEIGHT}px`;
  const first = Math.max(0, Math.floor(list.scrollTop / ROW_HEIGHT) - 5);
  const last = Math.min(items.length, first + Math.ceil(list.clientHeight / ROW_HEIGHT) + 10);
  const style = getComputedStyle(list);
  measure.font = `${style.fontSize} ${style.fontFamily}`;
  const rows = [];
  for (let i = first; i < last; i++) {
    const item = items[i];
    const row = item.folder !== undefined ? folderRow(item) : runRow(item, list.clientWidth);
    row.style.top = `${i * ROW_HEIGHT}px`;
    rows.push(row);
  }
  spacer.replaceChildren(...rows);
}

function folderRow(item) {
  const row = ui.el('label', { class: 'run-row run-folder', title: item.folder });
  const box = ui.el('input', { type: 'checkbox', 'data-folder': item.folder });
  const shown = item.runs.filter((n) => !state.deselected.has(n)).length;
  box.checked = shown === item.runs.length;
  box.indeterminate = shown > 0 && shown < item.runs.length;
  box.addEventListener('change', () => {
    for (const n of item.runs) if (box.checked) state.deselected.delete(n); else state.deselected.add(n);
    selectionChanged();
  });
  row.append(box, ui.el('span', { class: 'run-name' }, `${item.folder}/`));
  return row;
}

function runRow(item, width) {
  const name = item.run;
  const row = ui.el('div', { class: `run-row${item.nested ? ' nested' : ''}`, title: name, 'data-run-row': name });
  const label = ui.el('label', { class: 'run-check' });
  const box = ui.el('input', { type: 'checkbox', 'data-run': name });
  box.checked = !state.deselected.has(name);
  box.addEventListener('change', () => {
    if (box.checked) state.deselected.delete(name); else state.deselected.add(name);
    selectionChanged();
  });
  const sw = ui.el('button', {
    type: 'button', class: 'swatch', 'data-run': name, 'aria-label': t('Colour of {run}', { run: name }),
    title: t('Change the colour of {run} (Alt-click: default)', { run: name }),
  });
  sw.style.background = runColor(name);
  sw.addEventListener('click', (e) => {
    if (e.altKey) { setRunColor(name, null); return; }
    const picker = $('color-picker');
    picker.value = runColor(name);
    picker.dataset.run = name;
    picker.click();
  });
  const available = width - (item.nested ? 70 : 54);
  const text = middleEllipsis(item.label, (s) => measure.measureText(s).width <= available);
  label.append(box, ui.el('span', { class: 'run-name' }, text));
  row.append(sw, label);
  return row;
}

function selectionChanged() {
  writeUrl();
  renderRuns();
  notify({ type: 'selection' });
}

function setAll(visible) {
  for (const r of filteredRuns()) {
    if (visible) state.deselected.delete(r.name); else state.deselected.add(r.name);
  }
  selectionChanged();
}

// ---- the sidebar's width: dragged by its edge, remembered ----

function initSidebar() {
  const layout = document.querySelector('.layout');
  const saved = Number(localStorage.getItem(SIDEBAR.key));
  if (saved >= SIDEBAR.min && saved <= SIDEBAR.max) layout.style.setProperty('--sidebar-width', `${saved}px`);
  const handle = $('sidebar-resizer');
  let start = null;
  handle.addEventListener('pointerdown', (e) => {
    start = { x: e.clientX, width: document.querySelector('.sidebar').offsetWidth };
    handle.setPointerCapture(e.pointerId);
  });
  handle.addEventListener('pointermove', (e) => {
    if (!start) return;
    const width = Math.max(SIDEBAR.min, Math.min(SIDEBAR.max, start.width + e.clientX - start.x));
    layout.style.setProperty('--sidebar-width', `${width}px`);
    requestAnimationFrame(renderRuns);
  });
  const end = () => {
    if (!start) return;
    start = null;
    localStorage.setItem(SIDEBAR.key, String(document.querySelector('.sidebar').offsetWidth));
    dispatchEvent(new Event('resize'));
  };
  handle.addEventListener('pointerup', end);
  handle.addEventListener('pointercancel', end);
  handle.addEventListener('keydown', (e) => {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
    const width = document.querySelector('.sidebar').offsetWidth + (e.key === 'ArrowLeft' ? -20 : 20);
    layout.style.setProperty('--sidebar-width', `${Math.max(SIDEBAR.min, Math.min(SIDEBAR.max, width))}px`);
    start = {};
    end();
    renderRuns();
  });
}

// ---- header: tabs, language, theme, status and problems ----

function renderTabs() {
  const nav = $('tabs');
  nav.replaceChildren(...state.plugins.map((p) => {
    const b = document.createElement('button');
    b.textContent = t(p.title);
    b.dataset.plugin = p.name;
    b.setAttribute('role', 'tab');
    b.setAttribute('aria-selected', String(p.name === state.active));
    b.addEventListener('click', () => activate(p.name));
    return b;
  }));
}

/** Translates the page's own text: data-i18n (text), data-i18n-placeholder, data-i18n-title. */
function translatePage() {
  document.documentElement.lang = state.locale;
  document.title = t('VisualDL');
  for (const e of document.querySelectorAll('[data-i18n]')) e.textContent = t(e.dataset.i18n);
  for (const e of document.querySelectorAll('[data-i18n-placeholder]')) e.placeholder = t(e.dataset.i18nPlaceholder);
  for (const e of document.querySelectorAll('[data-i18n-title]')) {
    e.title = t(e.dataset.i18nTitle);
    e.setAttribute('aria-label', e.title);
  }
}

function renderHeader() {
  const lang = $('language');
  lang.replaceChildren(...LOCALES.map(([value, name]) => ui.el('option', { value }, name)));
  lang.value = state.locale;
  const dark = currentTheme() === 'dark';
  $('theme-toggle').textContent = dark ? '☀' : '☾';
  $('theme-toggle').title = dark ? t('Switch to the light theme') : t('Switch to the dark theme');
  $('theme-toggle').setAttribute('aria-label', $('theme-toggle').title);
  $('group-folders').checked = state.folders;
}

async function setLocale(locale) {
  state.locale = locale;
  state.messages = await loadMessages('/static/messages/', locale);
  state.t = translator(state.messages);
  translatePage();
  renderHeader();
  renderTabs();
  renderRuns();
  renderStatus();
  await rerender();
}

function renderStatus() {
  const h = state.health;
  const status = $('status');
  if (!h) return;
  if (h.unreachable) { status.textContent = t('server unreachable'); return; }
  const n = problemList().reduce((sum, p) => sum + p.count, 0);
  status.textContent = [
    h.state === 'loading' ? t('loading…') : t('live'),
    t('{n} runs', { n: formatNumber(h.runs, state.locale) }),
    t('{n} points', { n: formatNumber(h.scalarPoints, state.locale) }),
  ].join(' · ');
  const button = $('problems-button');
  button.hidden = n === 0;
  button.textContent = t('{n} problems', { n: formatNumber(n, state.locale) });
}

/**
 * The load problems as {path, cause, count}: the server's problemDetails, else its one line per
 * problem ("run: file: cause") split up.
 */
function problemList() {
  const out = new Map();
  const h = state.health || {};
  for (const p of h.problemDetails || h.problems || []) {
    let item;
    if (typeof p === 'object' && p) {
      item = { path: p.path || '', cause: p.cause || p.message || '', count: p.count || 1 };
    } else {
      const parts = String(p).split(': ');
      let k = 0;
      while (k < parts.length - 1 && !/\s/.test(parts[k])) k++;
      item = { path: parts.slice(0, k).join('/'), cause: parts.slice(k).join(': '), count: 1 };
    }
    const key = `${item.path}\n${item.cause}`;
    if (out.has(key)) out.get(key).count += item.count; else out.set(key, item);
  }
  return [...out.values()];
}

function openProblems() {
  const dialog = $('problems');
  const rows = problemList().map((p) => ui.el('tr', {},
    ui.el('td', { class: 'path' }, p.path || '—'), ui.el('td', {}, p.cause),
    ui.el('td', { class: 'count' }, formatNumber(p.count, state.locale))));
  dialog.querySelector('tbody').replaceChildren(...rows);
  dialog.showModal();
}

// ---- plugins ----

function notify(event) {
  for (const fn of state.listeners) {
    try { fn(event); } catch (e) { console.error(e); }
  }
}

function contextFor(plugin, pluginMessages) {
  const base = `/api/plugins/${encodeURIComponent(plugin.name)}/`;
  const pt = translator(pluginMessages, state.messages);
  const locale = state.locale;
  const context = {
    plugin: plugin.name,
    get runs() { return selectedRuns(); },
    get tagFilter() { return $('tag-filter').value; },
    runColor,
    charts: { uPlot },
    /** Fetches JSON from one of the plugin's routes. */
    async fetch(path, query = {}) {
      const q = new URLSearchParams();
      for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null) q.set(k, v);
      const qs = q.toString();
      return getJson(base + path + (qs ? `?${qs}` : ''));
    },
    /** The URL of one of the plugin's routes, e.g. for an <img src>. */
    url(path, query = {}) {
      const q = new URLSearchParams(query).toString();
      return base + path + (q ? `?${q}` : '');
    },
    /** Calls fn on every change: {type: 'data', changes}|{type: 'selection'}|{type: 'filter'}. */
    subscribe(fn) { state.listeners.add(fn); return () => state.listeners.delete(fn); },
    /** The plugin's own view settings, kept in the URL so a link reproduces them. */
    urlState: {
      get(key) { return params().get(`${plugin.name}.${key}`); },
      set(key, value) { writeUrl({ [`${plugin.name}.${key}`]: value === null ? '' : String(value) }); },
    },
    showError,
    /** The language: 'en' or 'zh-CN'. */
    locale,
    /** Translates text through the plugin's messages (ui/messages/<locale>.json), then the shell's. */
    t: pt,
    format: {
      number: (v, digits) => formatNumber(v, locale, digits),
      compact: (v) => compact(v, locale),
      ticks: (values, options) => tickLabels(values, locale, options),
      duration,
      date: (ms) => new Date(ms).toLocaleString(locale),
    },
    theme: { name: currentTheme(), dark: currentTheme() === 'dark', color: themeColor },
    ui: {
      el: ui.el,
      regex: ui.regex,
      groupOf: ui.groupOf,
      selectedTags: () => ui.selectedTags(context),
      tagGroups: ui.tagGroups,
      fittedText: ui.fittedText,
      runLabel: (run) => ui.runLabel(context, run),
      runCard: (tag, run, ...body) => ui.runCard(context, tag, run, ...body),
      legend: (entries, onToggle) => ui.legend(context, entries, onToggle),
      fullscreenButton: (element, onChange) => ui.fullscreenButton(context, element, onChange),
      download: ui.download,
      chartPng: (options) => ui.chartPng({
        background: themeColor('--panel'), text: themeColor('--text'), muted: themeColor('--muted'), ...options,
      }),
    },
  };
  // Empty states name the tabs that hold the runs' data (empty-state.js).
  Object.assign(context, emptyStateFor({ plugin: plugin.name, plugins: () => state.plugins, getJson,
    open: activate, get t() { return context.t; } }));
  return context;
}

let rendering = Promise.resolve();

async function activate(name) {
  const plugin = state.plugins.find((p) => p.name === name) || state.plugins[0];
  if (state.module && state.module.dispose) {
    try { state.module.dispose(); } catch (e) { console.error(e); }
  }
  state.listeners.clear();
  state.module = null;
  state.active = plugin ? plugin.name : null;
  writeUrl();
  renderTabs();
  const content = $('content');
  if (!plugin) {
    content.replaceChildren(ui.el('p', { class: 'empty' }, t('No visualization plugin is installed. Copy a plugin bundle into the plugins/ folder; it appears here without a reload.')));
    return;
  }
  content.replaceChildren();
  content.setAttribute('aria-busy', 'true');
  try {
    const [mod, messages] = await Promise.all([
      import(plugin.module),
      loadMessages(plugin.module.replace(/[^/]*$/, 'messages/'), state.locale),
    ]);
    if (state.active !== plugin.name) return;
    state.module = mod;
    await mod.render(content, contextFor(plugin, messages));
  } catch (e) {
    showError(t('The {title} view failed to load: {message}', { title: t(plugin.title), message: e.message }));
  } finally {
    content.removeAttribute('aria-busy');
  }
}

/** Draws the active plugin again (new theme, language or run colours), keeping the scroll. */
function rerender() {
  if (!state.active) return rendering;
  const y = scrollY;
  rendering = rendering.then(() => activate(state.active)).then(() => scrollTo(0, y));
  return rendering;
}

async function loadRuns() {
  const runs = await getJson('/api/runs');
  const changed = JSON.stringify(runs.map((r) => r.name)) !== JSON.stringify(state.runs.map((r) => r.name));
  state.runs = runs;
  assignRunColors();
  if (changed) renderRuns();
  return changed;
}

async function setPlugins(plugins) {
  const changed = JSON.stringify(plugins) !== JSON.stringify(state.plugins);
  state.plugins = plugins;
  if (!changed) return;
  const stillThere = plugins.some((p) => p.name === state.active);
  if (!stillThere || !state.module) await activate(state.active);
  else renderTabs();
}

async function loadHealth() {
  try {
    state.health = await getJson('/api/health');
    $('progress').hidden = state.health.state !== 'loading';
  } catch (e) {
    state.health = { unreachable: true };
  }
  renderStatus();
}

/**
 * Live updates: the server pushes changes; while the stream is down, poll instead. All tabs share
 * one stream through a SharedWorker where the browser has it (a stream per tab would use up the
 * few connections a browser allows per server).
 */
function listen() {
  let polling = null;
  const handlers = {
    open() {
      showError(null);
      if (polling) { clearInterval(polling); polling = null; }
    },
    plugins(data) { setPlugins(JSON.parse(data)); },
    async changes(data) {
      const changes = JSON.parse(data);
      if (changes.some((c) => c.type === 'run_added' || c.type === 'run_removed')) await loadRuns();
      notify({ type: 'data', changes });
    },
    async resync() {
      await loadRuns();
      notify({ type: 'data' });
    },
    error() {
      if (polling) return;
      polling = setInterval(async () => {
        try {
          await loadRuns();
          await setPlugins(await getJson('/api/plugins'));
          showError(null);
          notify({ type: 'data' });
        } catch (err) {
          showError(t('Cannot reach the VisualDL server: {message}', { message: err.message }));
        }
      }, 2000);
    },
  };
  if (typeof SharedWorker === 'function') {
    try {
      const worker = new SharedWorker('/static/events-worker.js', { name: 'visualdl-events' });
      worker.port.onmessage = (m) => handlers[m.data.type] && handlers[m.data.type](m.data.data);
      worker.port.start();
      addEventListener('pagehide', () => worker.port.postMessage('close'));
      return;
    } catch (e) {
      console.warn('No shared event stream, using one per tab:', e);
    }
  }
  const source = new EventSource('/api/events');
  // Free the connection at once when the page goes (browsers allow few per server).
  addEventListener('pagehide', () => source.close());
  source.addEventListener('open', () => handlers.open());
  source.addEventListener('error', () => handlers.error());
  for (const event of ['plugins', 'changes', 'resync']) {
    source.addEventListener(event, (e) => handlers[event](e.data));
  }
}

applyTheme();
onSystemThemeChange(() => { renderHeader(); rerender(); });
readUrl();
for (const id of ['tag-filter', 'run-filter']) {
  let timer = null;
  $(id).addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      writeUrl();
      if (id === 'run-filter') renderRuns();
      notify({ type: id === 'run-filter' ? 'selection' : 'filter' });
    }, 150);
  });
}
$('runs').addEventListener('scroll', () => requestAnimationFrame(renderRuns), { passive: true });
window.addEventListener('resize', () => requestAnimationFrame(renderRuns));
$('select-all').addEventListener('click', () => setAll(true));
$('select-none').addEventListener('click', () => setAll(false));
$('group-folders').addEventListener('change', (e) => {
  state.folders = e.target.checked;
  localStorage.setItem('vdl.groupFolders', state.folders ? '1' : '0');
  renderRuns();
});
$('color-picker').addEventListener('change', (e) => setRunColor(e.target.dataset.run, e.target.value));
$('language').addEventListener('change', (e) => { rememberLocale(e.target.value); setLocale(e.target.value); });
$('theme-toggle').addEventListener('click', () => { toggleTheme(); renderHeader(); rerender(); });
$('problems-button').addEventListener('click', openProblems);
$('problems-close').addEventListener('click', () => $('problems').close());
initSidebar();
state.locale = detectLocale();
state.messages = await loadMessages('/static/messages/', state.locale);
state.t = translator(state.messages);
translatePage();
renderHeader();
try {
  await Promise.all([loadRuns(), loadHealth()]);
  await setPlugins(await getJson('/api/plugins'));
  if (!state.module) await activate(state.active);
} catch (e) {
  showError(t('Cannot reach the VisualDL server: {message}', { message: e.message }));
}
setInterval(loadHealth, 3000);
listen();
