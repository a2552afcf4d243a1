// The UI shell: lists runs and plugins, keeps the selection in the URL, and hands each plugin's
// ES module a context (selected runs, tag filter, fetch helper, chart library, live updates).
import uPlot from '/static/lib/uPlot.esm.js';

const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2',
  '#bcbd22', '#17becf', '#3366cc', '#dc3912', '#109618', '#990099', '#0099c6'];

const state = {
  runs: [],
  plugins: [],
  active: null,        // name of the active plugin
  module: null,        // the active plugin's module
  deselected: new Set(),
  listeners: new Set(),
};

const $ = (id) => document.getElementById(id);

/** A stable colour per run name, the same in every session. */
export function runColor(name) {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) { h ^= name.charCodeAt(i); h = Math.imul(h, 16777619); }
  return PALETTE[(h >>> 0) % PALETTE.length];
}

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

function readUrl() {
  const q = new URLSearchParams(location.search);
  state.active = q.get('plugin');
  $('tag-filter').value = q.get('tags') || '';
  $('run-filter').value = q.get('runFilter') || '';
  state.deselected = new Set((q.get('hide') || '').split('\n').filter(Boolean));
}

function writeUrl() {
  const q = new URLSearchParams();
  if (state.active) q.set('plugin', state.active);
  if ($('tag-filter').value) q.set('tags', $('tag-filter').value);
  if ($('run-filter').value) q.set('runFilter', $('run-filter').value);
  if (state.deselected.size) q.set('hide', [...state.deselected].join('\n'));
  history.replaceState(null, '', `${location.pathname}?${q}`);
}

function regex(text) {
  try { return text ? new RegExp(text, 'i') : null; } catch { return undefined; }
}

function selectedRuns() {
  const re = regex($('run-filter').value);
  return state.runs.map((r) => r.name)
    .filter((n) => !state.deselected.has(n) && (re == null || re === undefined || re.test(n)));
}

function renderRuns() {
  const ul = $('runs');
  const re = regex($('run-filter').value);
  ul.replaceChildren(...state.runs
    .filter((r) => re == null || re === undefined || re.test(r.name))
    .map((r) => {
      const li = document.createElement('li');
      const label = document.createElement('label');
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.checked = !state.deselected.has(r.name);
      box.dataset.run = r.name;
      box.addEventListener('change', () => {
        if (box.checked) state.deselected.delete(r.name); else state.deselected.add(r.name);
        writeUrl();
        notify({ type: 'selection' });
      });
      const sw = document.createElement('span');
      sw.className = 'swatch';
      sw.style.background = runColor(r.name);
      label.append(box, sw, document.createTextNode(r.name));
      li.append(label);
      return li;
    }));
}

function renderTabs() {
  const nav = $('tabs');
  nav.replaceChildren(...state.plugins.map((p) => {
    const b = document.createElement('button');
    b.textContent = p.title;
    b.dataset.plugin = p.name;
    b.setAttribute('role', 'tab');
    b.setAttribute('aria-selected', String(p.name === state.active));
    b.addEventListener('click', () => activate(p.name));
    return b;
  }));
}

function notify(event) {
  for (const fn of state.listeners) {
    try { fn(event); } catch (e) { console.error(e); }
  }
}

function contextFor(plugin) {
  const base = `/api/plugins/${encodeURIComponent(plugin.name)}/`;
  return {
    plugin: plugin.name,
    get runs() { return selectedRuns(); },
    get tagFilter() { return $('tag-filter').value; },
    runColor,
    charts: { uPlot },
    /** Fetches JSON from one of the plugin's routes. */
    async fetch(path, params = {}) {
      const q = new URLSearchParams();
      for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null) q.set(k, v);
      const qs = q.toString();
      return getJson(base + path + (qs ? `?${qs}` : ''));
    },
    /** Calls fn on every change: {type: 'data'|'selection'|'filter'}; returns an unsubscribe. */
    subscribe(fn) { state.listeners.add(fn); return () => state.listeners.delete(fn); },
    showError,
  };
}

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
    content.innerHTML = '<p class="empty">No visualization plugin is installed.</p>';
    return;
  }
  content.replaceChildren();
  try {
    const mod = await import(plugin.module);
    if (state.active !== plugin.name) return;
    state.module = mod;
    await mod.render(content, contextFor(plugin));
  } catch (e) {
    showError(`The ${plugin.title} view failed to load: ${e.message}`);
  }
}

async function loadRuns() {
  const runs = await getJson('/api/runs');
  const changed = JSON.stringify(runs.map((r) => r.name)) !== JSON.stringify(state.runs.map((r) => r.name));
  state.runs = runs;
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
    const h = await getJson('/api/health');
    const problems = h.problems.length ? ` · ${h.problems.length} problems` : '';
    $('status').textContent = `${h.state} · ${h.runs} runs · ${h.scalarPoints.toLocaleString()} points${problems}`;
    $('status').title = h.problems.slice(-10).join('\n');
  } catch (e) {
    $('status').textContent = 'server unreachable';
  }
}

/** Live updates: the server pushes changes; while the stream is down, poll instead. */
function listen() {
  let polling = null;
  const source = new EventSource('/api/events');
  source.addEventListener('open', () => {
    showError(null);
    if (polling) { clearInterval(polling); polling = null; }
  });
  source.addEventListener('plugins', (e) => setPlugins(JSON.parse(e.data)));
  source.addEventListener('changes', async (e) => {
    const changes = JSON.parse(e.data);
    if (changes.some((c) => c.type === 'run_added' || c.type === 'run_removed')) await loadRuns();
    notify({ type: 'data', changes });
  });
  source.addEventListener('resync', async () => {
    await loadRuns();
    notify({ type: 'data' });
  });
  source.addEventListener('error', () => {
    if (!polling) {
      polling = setInterval(async () => {
        try {
          await loadRuns();
          await setPlugins(await getJson('/api/plugins'));
          showError(null);
          notify({ type: 'data' });
        } catch (err) {
          showError(`Cannot reach the VisualDL server: ${err.message}`);
        }
      }, 2000);
    }
  });
}

readUrl();
for (const id of ['tag-filter', 'run-filter']) {
  $(id).addEventListener('input', () => {
    writeUrl();
    if (id === 'run-filter') renderRuns();
    notify({ type: 'filter' });
  });
}
try {
  await loadRuns();
  await setPlugins(await getJson('/api/plugins'));
  if (!state.module) await activate(state.active);
} catch (e) {
  showError(`Cannot reach the VisualDL server: ${e.message}`);
}
loadHealth();
setInterval(loadHealth, 3000);
listen();
