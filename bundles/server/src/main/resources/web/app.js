// The UI shell: lists runs and plugins, keeps the selection in the URL, and hands each plugin's
// ES module a context (selected runs, tag filter, fetch helper, chart library, live updates).
// Plain ES modules, no build step: a plugin author needs no bundler either.
import uPlot from '/static/lib/uPlot.esm.js';
import { emptyStateFor } from '/static/empty-state.js';

const ROW_HEIGHT = 26;

const state = {
  runs: [],
  plugins: [],
  active: null,        // name of the active plugin
  module: null,        // the active plugin's module
  deselected: new Set(),
  listeners: new Set(),
  health: null,
};

const $ = (id) => document.getElementById(id);

/**
 * A stable colour per run name, the same in every session and on every page: the hue comes from
 * a hash of the name, lightness from other bits of it, so two runs rarely look alike.
 */
export function runColor(name) {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) { h ^= name.charCodeAt(i); h = Math.imul(h, 16777619); }
  // Mix the bits (murmur3's finaliser) so similar names get unrelated hues.
  h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b); h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35); h ^= h >>> 16;
  h >>>= 0;
  const hue = h % 360;
  const light = [38, 46, 54][(h >>> 9) % 3];
  return hslToHex(hue, 70, light);
}

function hslToHex(h, s, l) {
  const a = (s / 100) * Math.min(l / 100, 1 - l / 100);
  const f = (n) => {
    const k = (n + h / 30) % 12;
    const c = l / 100 - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(c * 255).toString(16).padStart(2, '0');
  };
  return `#${f(0)}${f(8)}${f(4)}`;
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

function regex(text) {
  try { return text ? new RegExp(text, 'i') : null; } catch { return null; }
}

function filteredRuns() {
  const re = regex($('run-filter').value);
  return state.runs.filter((r) => !re || re.test(r.name));
}

function selectedRuns() {
  return filteredRuns().map((r) => r.name).filter((n) => !state.deselected.has(n));
}

// ---- the run list is virtualised: only the rows in view exist, so 10,000 runs stay fast ----

function renderRuns() {
  const list = $('runs');
  const runs = filteredRuns();
  $('run-count').textContent = state.runs.length
    ? `${selectedRuns().length} of ${state.runs.length} runs shown` : '';
  if (state.runs.length === 0) {
    list.replaceChildren();
    list.classList.add('is-empty');
    list.textContent = 'No runs yet. Runs appear here as soon as a training program writes logs.';
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
  spacer.style.height = `${runs.length * ROW_HEIGHT}px`;
  const first = Math.max(0, Math.floor(list.scrollTop / ROW_HEIGHT) - 5);
  const last = Math.min(runs.length, first + Math.ceil(list.clientHeight / ROW_HEIGHT) + 10);
  const rows = [];
  for (let i = first; i < last; i++) {
    const r = runs[i];
    const label = document.createElement('label');
    label.className = 'run-row';
    label.style.top = `${i * ROW_HEIGHT}px`;
    label.title = r.name;
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.checked = !state.deselected.has(r.name);
    box.dataset.run = r.name;
    box.addEventListener('change', () => {
      if (box.checked) state.deselected.delete(r.name); else state.deselected.add(r.name);
      writeUrl();
      renderRuns();
      notify({ type: 'selection' });
    });
    const sw = document.createElement('span');
    sw.className = 'swatch';
    sw.style.background = runColor(r.name);
    const name = document.createElement('span');
    name.className = 'run-name';
    name.textContent = r.name;
    label.append(box, sw, name);
    rows.push(label);
  }
  spacer.replaceChildren(...rows);
}

function setAll(visible) {
  for (const r of filteredRuns()) {
    if (visible) state.deselected.delete(r.name); else state.deselected.add(r.name);
  }
  writeUrl();
  renderRuns();
  notify({ type: 'selection' });
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
  };
  // Empty states name the tabs that hold the runs' data (empty-state.js).
  Object.assign(context, emptyStateFor({ plugin: plugin.name, plugins: () => state.plugins, getJson,
    open: activate, get t() { return context.t; } }));
  return context;
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
    content.innerHTML = '<p class="empty">No visualization plugin is installed. Copy a plugin '
      + 'bundle into the <code>plugins/</code> folder; it appears here without a reload.</p>';
    return;
  }
  content.replaceChildren();
  content.setAttribute('aria-busy', 'true');
  try {
    const mod = await import(plugin.module);
    if (state.active !== plugin.name) return;
    state.module = mod;
    await mod.render(content, contextFor(plugin));
  } catch (e) {
    showError(`The ${plugin.title} view failed to load: ${e.message}`);
  } finally {
    content.removeAttribute('aria-busy');
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
    state.health = h;
    const problems = h.problems.length ? ` · ${h.problems.length} problem${h.problems.length > 1 ? 's' : ''}` : '';
    $('status').textContent = `${h.state === 'loading' ? 'loading…' : 'live'} · ${h.runs} runs · `
      + `${h.scalarPoints.toLocaleString()} points${problems}`;
    $('status').title = h.problems.slice(-10).join('\n');
    $('progress').hidden = h.state !== 'loading';
  } catch (e) {
    $('status').textContent = 'server unreachable';
  }
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
          showError(`Cannot reach the VisualDL server: ${err.message}`);
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
try {
  await Promise.all([loadRuns(), loadHealth()]);
  await setPlugins(await getJson('/api/plugins'));
  if (!state.module) await activate(state.active);
} catch (e) {
  showError(`Cannot reach the VisualDL server: ${e.message}`);
}
setInterval(loadHealth, 3000);
listen();
