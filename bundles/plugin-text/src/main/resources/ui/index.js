// Text dashboard: a card per tag and run with a step slider; the text rendered as Markdown
// (marked), sanitised (DOMPurify: no script, no event handlers, no styles, no remote images);
// 2-D texts as tables. The runs of a tag move together: the slider sets the tag's step (kept in
// the URL) and every run shows its latest text at or before it.
// Contract: export render(element, context) and dispose(); see bundles/api/README.md.
import { Marked } from './lib/marked.esm.js';
import DOMPurify from './lib/purify.es.mjs';

let root = null;
let ctx = null;
let t = null;
let unsubscribe = null;
let generation = 0;
let sheet = null;
let groups = null; // the shared collapsible tag groups (context.ui.tagGroups)
const cards = new Map(); // `${tag}\n${run}` -> card state

const markdown = new Marked({ gfm: true, breaks: false });
const purify = DOMPurify(window);
purify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'IMG') {
    // Remote images would leak that the page was opened (and are refused by the CSP anyway):
    // only images carried in the text itself are shown.
    const src = node.getAttribute('src') || '';
    if (!/^data:image\/(png|gif|jpeg|webp);/i.test(src)) {
      const span = document.createElement('span');
      span.className = 'vdl-text-blocked';
      span.textContent = t('text.imageBlocked', { alt: node.getAttribute('alt') || src });
      node.replaceWith(span);
    }
  }
  if (node.tagName === 'A') {
    node.setAttribute('rel', 'noopener noreferrer');
    node.setAttribute('target', '_blank');
  }
});
const PURIFY_OPTIONS = {
  FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'object', 'embed', 'svg', 'math'],
  FORBID_ATTR: ['style', 'srcset'],
  RETURN_DOM_FRAGMENT: true,
};

/** Markdown to a sanitised DOM fragment. */
export function renderMarkdown(text, inline = false) {
  const html = inline ? markdown.parseInline(text ?? '') : markdown.parse(text ?? '');
  return purify.sanitize(html, PURIFY_OPTIONS);
}

const ENGLISH = {};
function fallbackT(key, params) {
  const s = ENGLISH[key] ?? key;
  return params ? s.replace(/\{(\w+)\}/g, (m, k) => (k in params ? String(params[k]) : m)) : s;
}

const STYLE = `
.vdl-text-group > summary { color: var(--text, #1f2328); }
.vdl-text-grid { grid-template-columns: repeat(auto-fill, minmax(420px, 1fr)); }
.vdl-text-card { background: var(--panel, #fff); color: var(--text, #1f2328); border: 1px solid var(--border, #d0d7de);
  border-radius: 8px; padding: 8px 12px; min-width: 0; }
.vdl-text-card .vdl-run { margin-bottom: 6px; }
.vdl-text-controls { display: flex; align-items: center; gap: 8px; font-size: 12px; color: var(--muted, #656d76); }
.vdl-text-controls input[type=range] { flex: 1; min-width: 0; }
.vdl-text-step { font-variant-numeric: tabular-nums; white-space: nowrap; }
.vdl-text-body { margin-top: 8px; font-size: 14px; line-height: 1.5; overflow: auto; max-height: 480px; overflow-wrap: anywhere; }
.vdl-text-body > :first-child { margin-top: 0; }
.vdl-text-body pre, .vdl-text-body code { background: var(--panel-2, #f6f8fa); border-radius: 4px; font-size: 12px; }
.vdl-text-body pre { padding: 8px; overflow: auto; }
.vdl-text-body code { padding: 1px 4px; }
.vdl-text-body pre code { padding: 0; }
.vdl-text-body table { border-collapse: collapse; margin: 4px 0; }
.vdl-text-body th, .vdl-text-body td { border: 1px solid var(--border, #d0d7de); padding: 4px 8px; text-align: left; vertical-align: top; }
.vdl-text-body th { background: var(--panel-2, #f6f8fa); }
.vdl-text-body a { color: var(--accent, #0969da); }
.vdl-text-body blockquote { margin: 0; padding-left: 12px; border-left: 3px solid var(--border, #d0d7de); color: var(--muted, #656d76); }
.vdl-text-blocked { color: var(--muted, #656d76); font-style: italic; }
.vdl-text-meta { font-size: 11px; color: var(--muted, #8b949e); margin-top: 4px; }
.vdl-text-empty { color: var(--muted, #656d76); max-width: 720px; line-height: 1.5; }
.vdl-text-empty pre { background: var(--panel, #fff); color: var(--text, #1f2328); border: 1px solid var(--border, #d0d7de); padding: 12px; border-radius: 6px; }
`;

function ensureStyle() {
  // A stylesheet object, not inline styles: the page's Content-Security-Policy allows only 'self'.
  if (sheet) return;
  sheet = new CSSStyleSheet();
  sheet.replaceSync(STYLE);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** A tag's group: its part before the first '/'; tags without one share a group. */
function groupOf(tag) {
  return tag.includes('/') ? ctx.ui.groupOf(tag) : t('text.ungrouped');
}

function stepKey(tag) {
  return `step:${tag}`;
}

function makeCard(tag, run) {
  const controls = el('div', 'vdl-text-controls');
  const slider = el('input');
  slider.type = 'range';
  slider.min = '0';
  slider.max = '0';
  slider.step = '1';
  slider.setAttribute('aria-label', t('text.sliderLabel', { tag, run }));
  const label = el('span', 'vdl-text-step');
  controls.append(slider, label);
  const body = el('div', 'vdl-text-body');
  const meta = el('div', 'vdl-text-meta');
  const card = ctx.ui.runCard(tag, run, controls, body, meta);
  card.classList.add('vdl-text-card');
  const c = { tag, run, card, slider, label, body, meta, entries: [], index: -1 };
  slider.addEventListener('input', () => {
    const i = Number(slider.value);
    const e = c.entries[i];
    if (!e) return;
    // The newest step is the default: the URL keeps a step only when another one is chosen.
    ctx.urlState.set(stepKey(tag), i === c.entries.length - 1 ? null : e.step);
    for (const other of cards.values()) if (other.tag === tag) showChosen(other);
  });
  return c;
}

/** Shows the text the URL chooses for the card's tag: the latest at or before its step. */
function showChosen(c) {
  const chosen = ctx.urlState.get(stepKey(c.tag));
  let i = c.entries.length - 1;
  if (chosen !== null && chosen !== '' && Number.isFinite(Number(chosen))) {
    const step = Number(chosen);
    i = 0;
    for (let k = 0; k < c.entries.length; k++) if (c.entries[k].step <= step) i = k;
  }
  show(c, i);
}

function show(c, i) {
  const e = c.entries[i];
  if (!e) {
    c.label.textContent = t('text.noEntry');
    c.body.replaceChildren();
    c.meta.textContent = '';
    return;
  }
  c.slider.value = String(i);
  c.card.dataset.step = String(e.step);
  c.label.textContent = t('text.step', { step: e.step, index: i + 1, count: c.entries.length });
  c.meta.textContent = t('text.wallTime', { time: new Date(e.wallTime).toLocaleString() });
  if (c.index === i && c.shown === e) return;
  c.index = i;
  c.shown = e;
  const parts = [];
  // A table's text is the same table as markdown, for readers that show only markdown.
  if (e.table) parts.push(table(e.table));
  else if (e.text) parts.push(renderMarkdown(e.text));
  c.body.replaceChildren(...parts);
}

function table(tbl) {
  const tableEl = el('table', 'vdl-text-table');
  tableEl.dataset.rows = String(tbl.rows);
  tableEl.dataset.columns = String(tbl.columns);
  const caption = el('caption', 'vdl-text-meta', t('text.tableCaption', { rows: tbl.rows, columns: tbl.columns }));
  const tbody = el('tbody');
  for (const row of tbl.cells) {
    const tr = el('tr');
    for (const cell of row) {
      const td = el('td');
      td.append(renderMarkdown(cell, true));
      tr.append(td);
    }
    tbody.append(tr);
  }
  tableEl.append(caption, tbody);
  return tableEl;
}

async function load(c, my) {
  let entries;
  try {
    entries = await ctx.fetch('entries', { run: c.run, tag: c.tag });
  } catch (e) {
    if (my === generation) c.label.textContent = t('text.loadFailed', { message: e.message });
    return;
  }
  if (my !== generation) return;
  c.entries = entries;
  c.slider.max = String(Math.max(0, entries.length - 1));
  c.slider.disabled = entries.length < 2;
  c.shown = null;
  showChosen(c);
}

function emptyState(body, tagsByRun) {
  cards.clear();
  groups.clear();
  body.querySelector('.vdl-text-empty')?.remove();
  const p = el('div', 'vdl-text-empty');
  if (Object.keys(tagsByRun).length === 0) {
    p.append(el('p', null, t('text.empty')), el('pre', null, 'log.addText("notes/summary", step, "**loss** fell to 0.12");'),
      el('p', null, t('text.emptyHint')));
  } else {
    p.textContent = t('text.noMatch');
  }
  body.append(p);
  ctx.explainEmpty?.(p, ctx.runs, { replace: Object.keys(tagsByRun).length > 0 }); // which tabs have the runs' data
}

async function update(changes) {
  if (changes && cards.size > 0 && !changes.some((ch) => ch.type !== 'data')) {
    const my = generation;
    for (const ch of changes) {
      const c = ch.kind === 'text' && cards.get(`${ch.tag}\n${ch.run}`);
      if (c) load(c, my);
    }
    return;
  }
  const my = ++generation;
  let selected;
  try {
    selected = await ctx.ui.selectedTags();
  } catch (e) {
    ctx.showError(t('text.fetchFailed', { message: e.message }));
    return;
  }
  if (my !== generation || !root) return;
  const wanted = selected.tags.flatMap(({ tag, runs }) => runs.map((run) => [tag, run]));
  const body = root.querySelector('.vdl-text-cards');
  if (wanted.length === 0) {
    emptyState(body, selected.byRun);
    return;
  }
  body.querySelector('.vdl-text-empty')?.remove();
  const keys = new Set(wanted.map(([tag, run]) => `${tag}\n${run}`));
  for (const [key, c] of cards) if (!keys.has(key)) { c.card.remove(); cards.delete(key); }
  groups.prune();
  for (const [tag, run] of wanted) {
    const key = `${tag}\n${run}`;
    if (cards.has(key)) continue;
    const c = makeCard(tag, run);
    cards.set(key, c);
    groups.add(tag, c.card, key);
  }
  await Promise.all([...cards.values()].map((c) => load(c, my)));
}

export async function render(element, context) {
  root = element;
  ctx = context;
  if (Object.keys(ENGLISH).length === 0) {
    try {
      Object.assign(ENGLISH, await (await fetch(new URL('./messages/en.json', import.meta.url))).json());
    } catch { /* keys are shown instead */ }
  }
  // Our keys name messages; the shell's catalogues are keyed by the English text (en.json).
  t = typeof context.t === 'function' ? (k, p) => context.t(ENGLISH[k] ?? k, p) : fallbackT;
  ensureStyle();
  const body = el('div', 'vdl-text-cards');
  root.replaceChildren(body);
  groups = ctx.ui.tagGroups(body, { prefix: 'vdl-text', group: groupOf });
  unsubscribe = ctx.subscribe((event) => update(event.type === 'data' ? event.changes : undefined));
  await update();
}

export function dispose() {
  generation++;
  if (unsubscribe) unsubscribe();
  unsubscribe = null;
  if (sheet) {
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
    sheet = null;
  }
  cards.clear();
  groups = null;
  root = null;
  ctx = null;
}
