// Graph view: a model's structure as a layered DAG (dagre), name scopes collapsed until expanded,
// as TensorBoard's graph dashboard. Pan with the mouse, zoom with the wheel, click a node for its
// attributes, double-click a scope to open it. Contract: export render(element, context) and
// dispose(); see bundles/api/README.md. Routes: ../../../../http-api.md.
import dagre from './lib/dagre.esm.js';

const MAX_LAYOUT = 2500;      // shown nodes beyond this are not laid out (dagre is O(n^2)-ish)
const RETRY_MS = 500;         // the server answers "loading" while it parses a large graph
const NODE_H = 34;
const SCOPE_H = 44;
const SVG_NS = 'http://www.w3.org/2000/svg';

let root = null;
let ctx = null;
let t = (key) => key;
let unsubscribe = null;
let sheet = null;
let generation = 0;
let view = null;              // the graph route's answer being shown
let layout = null;            // {nodes: Map id -> {x, y, width, height, node}, edges: [...], width, height}
let transform = {x: 0, y: 0, k: 1};
let els = {};                 // DOM elements of the page

const STYLE = `
.vdl-graph { display: flex; flex-direction: column; height: calc(100vh - 140px); min-height: 420px; color: var(--text, #1f2328); }
.vdl-graph-toolbar { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; margin-bottom: 8px; }
.vdl-graph-toolbar select, .vdl-graph-toolbar input, .vdl-graph-toolbar button {
  font: inherit; padding: 4px 8px; border: 1px solid var(--border, #d0d7de); border-radius: 6px;
  background: var(--bg, #fff); color: var(--text, #1f2328); }
.vdl-graph-toolbar button { cursor: pointer; }
.vdl-graph-toolbar input[type=search] { min-width: 260px; }
.vdl-graph-status { color: var(--muted, #656d76); font-size: 12px; }
/* the toolbar's status takes the rest of the row and is cut, so the canvas does not jump down
   when a longer status replaces a shorter one */
.vdl-graph-toolbar .vdl-graph-status { flex: 1 1 0; min-width: 8em; white-space: nowrap;
  overflow: hidden; text-overflow: ellipsis; }
.vdl-graph-main { display: flex; flex: 1; min-height: 0; gap: 8px; }
.vdl-graph-canvas { flex: 1; position: relative; overflow: hidden; border: 1px solid var(--border, #d0d7de);
  border-radius: 8px; background: var(--panel-2, #fafbfc); cursor: grab; }
.vdl-graph-canvas.dragging { cursor: grabbing; }
.vdl-graph-canvas svg { width: 100%; height: 100%; display: block; user-select: none; }
.vdl-graph-note { position: absolute; inset: 0; display: flex; align-items: center; justify-content: center;
  padding: 24px; text-align: center; color: var(--muted, #656d76); line-height: 1.5; }
.vdl-graph-note[hidden] { display: none; }
.vdl-graph-side { width: 340px; overflow: auto; border: 1px solid var(--border, #d0d7de); border-radius: 8px;
  padding: 8px 10px; background: var(--bg, #fff); font-size: 12px; }
.vdl-graph-side h3 { margin: 4px 0 6px; font-size: 14px; word-break: break-all; }
.vdl-graph-side h4 { margin: 10px 0 4px; font-size: 12px; color: var(--muted, #656d76); text-transform: uppercase; }
.vdl-graph-side table { border-collapse: collapse; width: 100%; }
.vdl-graph-side td { border-top: 1px solid var(--border, #d0d7de); padding: 3px 4px; vertical-align: top; word-break: break-all; }
.vdl-graph-side td:first-child { color: var(--muted, #656d76); width: 38%; }
.vdl-graph-side button { font: inherit; margin: 4px 4px 0 0; cursor: pointer; border: 1px solid var(--border, #d0d7de);
  border-radius: 6px; background: var(--bg, #fff); color: var(--text, #1f2328); padding: 2px 8px; }
.vdl-graph-side .vdl-graph-link { color: var(--accent, #2f6feb); cursor: pointer; text-decoration: underline; }
.vdl-graph-side ul { margin: 0; padding-left: 16px; }
.vdl-graph-node rect { fill: var(--bg, #fff); stroke: var(--muted, #8c959f); stroke-width: 1; }
.vdl-graph-node.kind-scope rect { fill: var(--panel-2, #e7f0fe); stroke: var(--accent, #2f6feb); stroke-dasharray: 4 3; }
.vdl-graph-node.kind-input rect, .vdl-graph-node.kind-output rect { fill: var(--panel-2, #eef8ee); stroke: var(--vdl-ok, #1a7f37); }
.vdl-graph-node text { fill: var(--text, #1f2328); font-size: 11px; font-family: inherit; }
.vdl-graph-node text.op { font-weight: 600; font-size: 12px; }
.vdl-graph-node text.sub { fill: var(--muted, #656d76); }
.vdl-graph-node { cursor: pointer; }
.vdl-graph-node.match rect { stroke: var(--vdl-warn, #bf8700); stroke-width: 3; }
.vdl-graph-node.selected rect { stroke: var(--accent, #2f6feb); stroke-width: 3; }
.vdl-graph-node.input-of rect { stroke: var(--vdl-in, #1a7f37); stroke-width: 2.5; }
.vdl-graph-node.output-of rect { stroke: var(--danger, #cf222e); stroke-width: 2.5; }
.vdl-graph-edge path { fill: none; stroke: var(--muted, #8c959f); stroke-width: 1.2; }
.vdl-graph-edge.control path { stroke-dasharray: 3 3; }
.vdl-graph-edge.in path { stroke: var(--vdl-in, #1a7f37); stroke-width: 2.2; }
.vdl-graph-edge.out path { stroke: var(--danger, #cf222e); stroke-width: 2.2; }
.vdl-graph-edge text { fill: var(--muted, #656d76); font-size: 10px; font-family: inherit; }
.vdl-graph-arrow { fill: var(--muted, #8c959f); }
.vdl-graph-empty { color: var(--muted, #656d76); max-width: 720px; line-height: 1.5; }
.vdl-graph-empty code { background: var(--panel-2, #f6f8fa); padding: 1px 4px; border-radius: 4px; }
`;

// ---------------------------------------------------------------------------------------------
// Translation: our keys name messages in en.json; the shell's context.t (catalogues keyed by the
// English text) when it has one, else the English itself.

async function englishMessages() {
  let messages = {};
  try {
    const res = await fetch(new URL('./messages/en.json', import.meta.url));
    if (res.ok) messages = await res.json();
  } catch (e) { /* keys are shown as they are */ }
  return messages;
}

function format(text, params) {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
}

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

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

function svg(tag, attrs) {
  const e = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  return e;
}

// ---------------------------------------------------------------------------------------------
// View state, kept in the page URL: graph (run + tag), expanded scopes, selected node, search.

function stateGet(key) {
  return ctx.urlState?.get(key) ?? null;
}

function stateSet(key, value) {
  ctx.urlState?.set(key, value === '' ? null : value);
}

function expanded() {
  const v = stateGet('expand');
  return v ? v.split(',').filter(Boolean) : [];
}

function setExpanded(list) {
  stateSet('expand', list.length ? [...new Set(list)].join(',') : null);
}

// ---------------------------------------------------------------------------------------------

export async function render(element, context) {
  const my = ++generation;
  ctx = context;
  root = element;
  const english = await englishMessages();
  t = context.t
    ? (key, params) => context.t(english[key] ?? key, params)
    : (key, params) => format(english[key] ?? key, params);
  if (my !== generation) return;
  ensureStyle();
  root.replaceChildren();
  buildPage();
  unsubscribe?.();
  unsubscribe = context.subscribe?.((event) => {
    if (event.type === 'selection' || event.type === 'filter') loadTags();
    if (event.type === 'data') {
      const changes = event.changes;
      const cur = current();
      if (!changes || changes.some((c) => c.kind === 'graph' || c.type === 'run_added' || c.type === 'run_removed')) {
        loadTags().then(() => {
          if (!changes || changes.some((c) => cur && c.kind === 'graph' && c.run === cur.run && c.tag === cur.tag)) loadGraph();
        });
      }
    }
  });
  await loadTags();
}

export function dispose() {
  generation++;
  unsubscribe?.();
  unsubscribe = null;
  removeStyle();
  root?.replaceChildren();
  root = null;
  view = null;
  layout = null;
}

function buildPage() {
  const page = el('div', 'vdl-graph');
  const bar = el('div', 'vdl-graph-toolbar');
  els.select = el('select');
  els.select.setAttribute('aria-label', t('graph.select'));
  els.select.addEventListener('change', () => {
    const [run, tag] = JSON.parse(els.select.value);
    stateSet('run', run);
    stateSet('tag', tag);
    stateSet('expand', null);
    stateSet('node', null);
    loadGraph();
  });
  els.search = el('input');
  els.search.type = 'search';
  els.search.placeholder = t('graph.search.placeholder');
  els.search.setAttribute('aria-label', t('graph.search.placeholder'));
  els.search.value = stateGet('q') ?? '';
  els.search.addEventListener('input', () => { stateSet('q', els.search.value); markMatches(); });
  els.search.addEventListener('keydown', (e) => { if (e.key === 'Enter') searchAll(); });
  const button = (key, onClick) => {
    const b = el('button', null, t(key));
    b.type = 'button';
    b.dataset.action = key;
    b.addEventListener('click', onClick);
    return b;
  };
  bar.append(
    els.select, els.search,
    button('graph.expandAll', () => { setExpanded(['*']); loadGraph(); }),
    button('graph.collapseAll', () => { setExpanded([]); loadGraph(); }),
    button('graph.fit', () => { fit(); }),
    button('graph.exportSvg', () => exportSvg()),
    button('graph.exportPng', () => exportPng()));
  els.status = el('span', 'vdl-graph-status');
  new MutationObserver(() => { els.status.title = els.status.textContent; })
    .observe(els.status, {childList: true, characterData: true, subtree: true});
  bar.append(els.status);

  const main = el('div', 'vdl-graph-main');
  els.canvas = el('div', 'vdl-graph-canvas');
  els.svg = svg('svg', {role: 'img', 'aria-label': t('graph.canvas')});
  const defs = svg('defs');
  const marker = svg('marker', {id: 'vdl-graph-arrow', viewBox: '0 0 10 10', refX: '10', refY: '5',
    markerWidth: '7', markerHeight: '7', orient: 'auto-start-reverse'});
  marker.append(svg('path', {d: 'M 0 0 L 10 5 L 0 10 z', class: 'vdl-graph-arrow'}));
  defs.append(marker);
  els.viewport = svg('g', {class: 'vdl-graph-viewport'});
  els.svg.append(defs, els.viewport);
  els.note = el('div', 'vdl-graph-note');
  els.note.hidden = true;
  els.canvas.append(els.svg, els.note);
  els.side = el('aside', 'vdl-graph-side');
  els.side.append(el('div', 'vdl-graph-status', t('graph.side.empty')));
  main.append(els.canvas, els.side);
  page.append(bar, main);
  root.append(page);
  panZoom();
}

function current() {
  const run = stateGet('run');
  const tag = stateGet('tag');
  return run && tag ? {run, tag} : null;
}

async function loadTags() {
  const my = generation;
  let tags;
  try {
    tags = await ctx.fetch('tags');
  } catch (e) {
    ctx.showError?.(e.message);
    return;
  }
  if (my !== generation || !root) return;
  const runs = new Set(ctx.runs ?? Object.keys(tags));
  let filter = null;
  try {
    filter = ctx.tagFilter ? new RegExp(ctx.tagFilter, 'i') : null;
  } catch (e) { /* the shell reports a bad expression */ }
  const options = [];
  for (const [run, list] of Object.entries(tags)) {
    if (!runs.has(run)) continue;
    for (const tag of list) if (!filter || filter.test(tag)) options.push({run, tag});
  }
  if (!options.length) {
    showEmpty();
    return;
  }
  let cur = current();
  if (!cur || !options.some((o) => o.run === cur.run && o.tag === cur.tag)) {
    cur = options[0];
    stateSet('run', cur.run);
    stateSet('tag', cur.tag);
  }
  els.select.replaceChildren(...options.map((o) => {
    const opt = el('option', null, `${o.run} / ${o.tag}`);
    opt.value = JSON.stringify([o.run, o.tag]);
    opt.selected = o.run === cur.run && o.tag === cur.tag;
    return opt;
  }));
  if (!view || view.run !== cur.run || view.tag !== cur.tag) await loadGraph();
}

function showEmpty() {
  view = null;
  els.viewport.replaceChildren();
  els.select.replaceChildren();
  els.note.hidden = false;
  els.note.replaceChildren();
  const box = el('div', 'vdl-graph-empty');
  box.append(el('p', null, t('graph.empty.title')));
  box.append(el('p', null, t('graph.empty.files')));
  box.append(el('p', null, t('graph.empty.tensorboard')));
  els.note.append(box);
}

async function loadGraph() {
  const cur = current();
  if (!cur) return;
  const my = ++generation;
  els.status.textContent = t('graph.loading');
  let answer;
  try {
    for (;;) {
      answer = await ctx.fetch('graph', {run: cur.run, tag: cur.tag, expand: expanded().join(',')});
      if (my !== generation) return;
      if (answer.status === 'done') break;
      await new Promise((r) => setTimeout(r, RETRY_MS));
      if (my !== generation) return;
    }
  } catch (e) {
    if (my !== generation) return;
    els.status.textContent = '';
    ctx.showError?.(e.message);
    return;
  }
  view = answer;
  draw();
  const selected = stateGet('node');
  if (selected && layout?.nodes.has(selected)) select(selected, false);
  else if (selected) showNode(selected);
}

// ---------------------------------------------------------------------------------------------
// Layout and drawing

function labelOf(n) {
  if (n.kind === 'scope') {
    const slash = n.name.lastIndexOf('/');
    return {top: slash < 0 ? n.name : n.name.slice(slash + 1), sub: t('graph.scope.nodes', {count: n.nodeCount})};
  }
  const short = n.name || n.id;
  const slash = short.lastIndexOf('/');
  return {top: n.op || n.kind, sub: slash < 0 ? short : short.slice(slash + 1)};
}

function textWidth(s, px) {
  return Math.min(260, Math.max(40, s.length * px * 0.6));
}

function draw() {
  els.viewport.replaceChildren();
  layout = null;
  const n = view.nodes.length;
  showGraphStatus();
  if (n > MAX_LAYOUT) {
    els.note.hidden = false;
    els.note.textContent = t('graph.tooLarge', {count: n, max: MAX_LAYOUT});
    return;
  }
  els.note.hidden = true;
  const g = new dagre.graphlib.Graph();
  g.setGraph({rankdir: 'TB', nodesep: 24, ranksep: 36, edgesep: 12, marginx: 16, marginy: 16});
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of view.nodes) {
    const label = labelOf(node);
    const width = Math.max(textWidth(label.top, 12), textWidth(label.sub, 11)) + 20;
    g.setNode(node.id, {width, height: node.kind === 'scope' ? SCOPE_H : NODE_H, node, label});
  }
  for (const e of view.edges) {
    const text = edgeLabel(e);
    g.setEdge(e.from, e.to, {edge: e, text, width: text ? text.length * 6 : 0, height: text ? 12 : 0, labelpos: 'c'});
  }
  dagre.layout(g);
  const nodes = new Map();
  for (const id of g.nodes()) nodes.set(id, g.node(id));
  const edges = g.edges().map((k) => g.edge(k));
  layout = {nodes, edges, width: g.graph().width || 0, height: g.graph().height || 0};

  const edgeLayer = svg('g', {class: 'vdl-graph-edges'});
  for (const e of edges) {
    const group = svg('g', {class: 'vdl-graph-edge' + (e.edge.control ? ' control' : '')});
    group.dataset.from = e.edge.from;
    group.dataset.to = e.edge.to;
    const d = e.points.map((p, i) => `${i ? 'L' : 'M'} ${p.x.toFixed(1)} ${p.y.toFixed(1)}`).join(' ');
    group.append(svg('path', {d, 'marker-end': 'url(#vdl-graph-arrow)'}));
    if (e.text) {
      const label = svg('text', {x: e.x, y: e.y + 3, 'text-anchor': 'middle'});
      label.textContent = e.text;
      group.append(label);
    }
    edgeLayer.append(group);
  }
  const nodeLayer = svg('g', {class: 'vdl-graph-nodes'});
  for (const [id, box] of nodes) {
    const node = box.node;
    const group = svg('g', {class: `vdl-graph-node kind-${node.kind}`,
      transform: `translate(${(box.x - box.width / 2).toFixed(1)},${(box.y - box.height / 2).toFixed(1)})`});
    group.dataset.id = id;
    group.append(svg('rect', {width: box.width, height: box.height, rx: node.kind === 'scope' ? 10 : 4}));
    const top = svg('text', {x: box.width / 2, y: node.kind === 'scope' ? 18 : 14, 'text-anchor': 'middle', class: 'op'});
    top.textContent = ellipsis(box.label.top, box.width);
    const sub = svg('text', {x: box.width / 2, y: node.kind === 'scope' ? 34 : 27, 'text-anchor': 'middle', class: 'sub'});
    sub.textContent = ellipsis(box.label.sub, box.width);
    const title = svg('title');
    title.textContent = node.kind === 'scope' ? `${node.name} (${t('graph.scope.hint')})` : `${node.op} ${node.name || node.id}`;
    group.append(title, top, sub);
    group.addEventListener('click', (ev) => { ev.stopPropagation(); select(id, true); });
    group.addEventListener('dblclick', (ev) => {
      ev.stopPropagation();
      if (node.kind === 'scope') expandScope(node.name);
    });
    nodeLayer.append(group);
  }
  els.viewport.append(edgeLayer, nodeLayer);
  markMatches();
  fit();
}

function showGraphStatus() {
  els.status.textContent = t('graph.status', {shown: view.nodes.length, total: view.totalNodes,
    edges: view.totalEdges, scopes: view.scopes.length, format: view.format});
}

function edgeLabel(e) {
  const parts = [];
  if (e.shape) parts.push(e.shape);
  if (e.count > 1) parts.push(`×${e.count}`);
  return parts.join(' ');
}

function ellipsis(s, width) {
  const max = Math.max(4, Math.floor((width - 10) / 6.5));
  return s.length <= max ? s : s.slice(0, max - 1) + '…';
}

function expandScope(name) {
  const list = expanded().filter((s) => s !== '*');
  // open every scope around it too, so the scope itself is shown
  const parts = name.split('/');
  for (let i = 1; i <= parts.length; i++) list.push(parts.slice(0, i).join('/'));
  setExpanded(list);
  loadGraph();
}

function collapseScope(name) {
  const all = expanded().includes('*');
  let list = all ? view.scopes.map((s) => s.name) : expanded();
  list = list.filter((s) => s !== name && !s.startsWith(name + '/'));
  setExpanded(list);
  stateSet('node', null);
  loadGraph();
}

// ---------------------------------------------------------------------------------------------
// Pan and zoom

function applyTransform() {
  els.viewport.setAttribute('transform', `translate(${transform.x},${transform.y}) scale(${transform.k})`);
}

function fit() {
  if (!layout || !els.canvas) return;
  const w = els.canvas.clientWidth || 800;
  const h = els.canvas.clientHeight || 600;
  const k = Math.min(1.25, Math.max(0.02, Math.min(w / (layout.width || 1), h / (layout.height || 1)) * 0.95));
  transform = {k, x: (w - layout.width * k) / 2, y: Math.max(8, (h - layout.height * k) / 2)};
  applyTransform();
}

function centerOn(id) {
  const box = layout?.nodes.get(id);
  if (!box) return;
  const w = els.canvas.clientWidth || 800;
  const h = els.canvas.clientHeight || 600;
  const k = Math.max(transform.k, 0.8);
  transform = {k, x: w / 2 - box.x * k, y: h / 2 - box.y * k};
  applyTransform();
}

function panZoom() {
  let drag = null;
  els.canvas.addEventListener('wheel', (e) => {
    e.preventDefault();
    const r = els.canvas.getBoundingClientRect();
    const mx = e.clientX - r.left;
    const my = e.clientY - r.top;
    const k = Math.min(4, Math.max(0.02, transform.k * Math.exp(-e.deltaY * 0.0015)));
    transform = {k, x: mx - (mx - transform.x) * (k / transform.k), y: my - (my - transform.y) * (k / transform.k)};
    applyTransform();
  }, {passive: false});
  els.canvas.addEventListener('pointerdown', (e) => {
    if (e.button !== 0) return;
    drag = {x: e.clientX, y: e.clientY, tx: transform.x, ty: transform.y, moved: false};
    els.canvas.classList.add('dragging');
  });
  window.addEventListener('pointermove', (e) => {
    if (!drag) return;
    const dx = e.clientX - drag.x;
    const dy = e.clientY - drag.y;
    if (Math.abs(dx) + Math.abs(dy) > 2) drag.moved = true;
    transform = {...transform, x: drag.tx + dx, y: drag.ty + dy};
    applyTransform();
  });
  window.addEventListener('pointerup', () => {
    drag = null;
    els.canvas?.classList.remove('dragging');
  });
}

// ---------------------------------------------------------------------------------------------
// Selection, highlight, side panel

function select(id, fromClick) {
  stateSet('node', id);
  for (const g of els.viewport.querySelectorAll('.vdl-graph-node')) {
    g.classList.toggle('selected', g.dataset.id === id);
    g.classList.remove('input-of', 'output-of');
  }
  for (const g of els.viewport.querySelectorAll('.vdl-graph-edge')) {
    const isIn = g.dataset.to === id;
    const isOut = g.dataset.from === id;
    g.classList.toggle('in', isIn);
    g.classList.toggle('out', isOut);
    if (isIn) els.viewport.querySelector(`.vdl-graph-node[data-id="${CSS.escape(g.dataset.from)}"]`)?.classList.add('input-of');
    if (isOut) els.viewport.querySelector(`.vdl-graph-node[data-id="${CSS.escape(g.dataset.to)}"]`)?.classList.add('output-of');
  }
  if (!fromClick) centerOn(id);
  showNode(id);
}

async function showNode(id) {
  const cur = current();
  if (!cur) return;
  const my = generation;
  els.side.replaceChildren(el('div', 'vdl-graph-status', t('graph.loading')));
  let d;
  try {
    d = await ctx.fetch('node', {run: cur.run, tag: cur.tag, id});
  } catch (e) {
    if (my === generation) els.side.replaceChildren(el('div', 'vdl-graph-status', e.message));
    return;
  }
  if (my !== generation) return;
  const side = els.side;
  side.replaceChildren();
  side.append(el('h3', null, d.kind === 'scope' ? d.name : (d.name || d.id)));
  const facts = [[t('graph.node.kind'), t('graph.kind.' + d.kind)]];
  if (d.op) facts.push([t('graph.node.op'), d.op]);
  if (d.scope) facts.push([t('graph.node.scope'), d.scope]);
  if (d.id !== d.name && d.kind !== 'scope') facts.push([t('graph.node.id'), d.id]);
  if (d.kind === 'scope') facts.push([t('graph.node.count'), String(d.nodeCount)]);
  side.append(table(facts));
  if (d.kind === 'scope') {
    const open = el('button', null, t('graph.scope.expand'));
    open.addEventListener('click', () => expandScope(d.name));
    side.append(open);
    side.append(el('h4', null, t('graph.node.ops')));
    side.append(table(Object.entries(d.ops).sort((a, b) => b[1] - a[1]).map(([op, n]) => [op, String(n)])));
    return;
  }
  if (d.scope) {
    const close = el('button', null, t('graph.scope.collapse', {scope: d.scope}));
    close.addEventListener('click', () => collapseScope(d.scope));
    side.append(close);
  }
  if (d.inputs.length) {
    side.append(el('h4', null, t('graph.node.inputs')));
    side.append(table(d.inputs.map((p) => [p.name, portText(p), p.node])));
  }
  if (d.outputs.length) {
    side.append(el('h4', null, t('graph.node.outputs')));
    side.append(table(d.outputs.map((p) => [p.name, portText(p)])));
  }
  if (d.consumers.length) {
    side.append(el('h4', null, t('graph.node.consumers')));
    side.append(table(d.consumers.map((c) => [c.tensor, '', c.node])));
  }
  const attrs = Object.entries(d.attributes || {});
  side.append(el('h4', null, t('graph.node.attributes')));
  if (!attrs.length) side.append(el('div', 'vdl-graph-status', t('graph.node.noAttributes')));
  else side.append(table(attrs.map(([k, v]) => [k, valueText(v)])));
}

function portText(p) {
  if (p.constant) return tensorText(p.constant);
  return [p.dtype, p.shape].filter(Boolean).join(' ');
}

function tensorText(v) {
  const shape = `${v.dtype}[${v.shape.join(',')}]`;
  if (v.location) return `${shape} (${t('graph.tensor.' + v.location)})`;
  if (!v.values.length) return `${shape} (${t('graph.tensor.noValues')})`;
  const more = v.count > v.values.length ? ', …' : '';
  return `${shape} = [${v.values.map(num).join(', ')}${more}]`;
}

function num(x) {
  return typeof x === 'number' && !Number.isInteger(x) ? Number(x.toPrecision(5)).toString() : String(x);
}

function valueText(v) {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && 'dtype' in v && 'shape' in v && 'values' in v) return tensorText(v);
  if (Array.isArray(v)) return `[${v.map((x) => (typeof x === 'object' && x !== null ? valueText(x) : num(x))).join(', ')}]`;
  if (typeof v === 'object' && 'count' in v && 'first' in v) return `[${v.first.map(num).join(', ')}, …] (${v.count})`;
  if (typeof v === 'object') return JSON.stringify(v);
  return num(v);
}

/** rows of [key, value, optional node id to jump to] */
function table(rows) {
  const tb = el('table');
  for (const [k, v, link] of rows) {
    const tr = el('tr');
    const a = el('td', null, k);
    const b = el('td', null, v);
    if (link) {
      const go = el('span', 'vdl-graph-link', (v ? ' ← ' : '') + link);
      go.addEventListener('click', () => reveal(link));
      b.append(go);
    }
    tr.append(a, b);
    tb.append(tr);
  }
  return tb;
}

// ---------------------------------------------------------------------------------------------
// Search: matches among the shown nodes are outlined; Enter asks the server, which also finds
// nodes inside collapsed scopes.

function markMatches() {
  const q = (els.search?.value || '').trim().toLowerCase();
  if (!view) return;
  const byId = new Map(view.nodes.map((n) => [n.id, n]));
  let count = 0;
  for (const g of els.viewport.querySelectorAll('.vdl-graph-node')) {
    const n = byId.get(g.dataset.id);
    const hit = q && n && [n.id, n.name, n.op].some((s) => (s || '').toLowerCase().includes(q));
    g.classList.toggle('match', !!hit);
    if (hit) count++;
  }
  // an emptied search field gives the graph's own status back
  if (q) els.status.textContent = t('graph.search.shown', {count});
  else showGraphStatus();
}

async function searchAll() {
  const q = els.search.value.trim();
  const cur = current();
  if (!q || !cur) return;
  let answer;
  try {
    answer = await ctx.fetch('search', {run: cur.run, tag: cur.tag, q, limit: 200});
  } catch (e) {
    ctx.showError?.(e.message);
    return;
  }
  // outline the collapsed scopes that hold results too: they were "0 shown nodes match" before
  const byId = new Map((view?.nodes || []).map((n) => [n.id, n]));
  for (const g of els.viewport.querySelectorAll('.vdl-graph-node.kind-scope')) {
    const name = byId.get(g.dataset.id)?.name;
    if (name && answer.matches.some((m) => m.scope === name || (m.scope || '').startsWith(name + '/'))) {
      g.classList.add('match');
    }
  }
  els.side.replaceChildren();
  els.side.append(el('h3', null, t('graph.search.results', {count: answer.total, q})));
  const list = el('ul');
  for (const m of answer.matches) {
    const li = el('li');
    const a = el('span', 'vdl-graph-link', m.name || m.id);
    a.addEventListener('click', () => reveal(m.id, m.scope));
    li.append(a, document.createTextNode(` ${m.op}`));
    list.append(li);
  }
  els.side.append(list);
  if (answer.total > answer.matches.length) els.side.append(el('div', 'vdl-graph-status', t('graph.search.more', {count: answer.total - answer.matches.length})));
}

/** Shows a node: expands the scopes around it when needed, selects and centres it. */
async function reveal(id, scope) {
  if (layout?.nodes.has(id)) {
    select(id, false);
    return;
  }
  let s = scope;
  if (s === undefined) {
    const cur = current();
    try {
      s = (await ctx.fetch('node', {run: cur.run, tag: cur.tag, id})).scope;
    } catch (e) {
      ctx.showError?.(e.message);
      return;
    }
  }
  const list = expanded().filter((x) => x !== '*');
  if (s) {
    const parts = s.split('/');
    for (let i = 1; i <= parts.length; i++) list.push(parts.slice(0, i).join('/'));
  }
  setExpanded(list);
  stateSet('node', id);
  await loadGraph();
  if (layout?.nodes.has(id)) select(id, false);
}

// ---------------------------------------------------------------------------------------------
// Export: the SVG with its computed colours written onto each element (a standalone file has no
// stylesheet); PNG drawn from the same SVG on a canvas.

function standaloneSvg() {
  if (!layout) return null;
  const clone = els.svg.cloneNode(true);
  const originals = els.svg.querySelectorAll('*');
  const copies = clone.querySelectorAll('*');
  originals.forEach((o, i) => {
    const cs = getComputedStyle(o);
    const c = copies[i];
    for (const prop of ['fill', 'stroke', 'stroke-width', 'stroke-dasharray', 'font-size', 'font-weight', 'font-family']) {
      const v = cs.getPropertyValue(prop);
      if (v) c.setAttribute(prop, v);
    }
  });
  clone.querySelector('.vdl-graph-viewport').setAttribute('transform', 'translate(0,0)');
  clone.setAttribute('xmlns', SVG_NS);
  clone.setAttribute('width', Math.ceil(layout.width));
  clone.setAttribute('height', Math.ceil(layout.height));
  clone.setAttribute('viewBox', `0 0 ${Math.ceil(layout.width)} ${Math.ceil(layout.height)}`);
  const bg = svg('rect', {x: 0, y: 0, width: '100%', height: '100%',
    fill: getComputedStyle(els.canvas).backgroundColor || '#ffffff'});
  clone.insertBefore(bg, clone.firstChild.nextSibling);
  return new XMLSerializer().serializeToString(clone);
}

function fileName(ext) {
  const cur = current();
  const base = cur ? `${cur.run}-${cur.tag}` : 'graph';
  return base.replace(/[^A-Za-z0-9._-]+/g, '_') + '.' + ext;
}

function download(blob, name) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

function exportSvg() {
  const text = standaloneSvg();
  if (!text) return;
  download(new Blob([text], {type: 'image/svg+xml'}), fileName('svg'));
}

function exportPng() {
  if (!layout) return;
  // Drawn with Canvas 2D from the layout: an SVG image in a canvas may be refused by the page's
  // Content-Security-Policy (img-src 'self'), a canvas never is.
  const scale = Math.min(2, 16000 / Math.max(layout.width, layout.height, 1));
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(layout.width * scale);
  canvas.height = Math.ceil(layout.height * scale);
  const g = canvas.getContext('2d');
  g.scale(scale, scale);
  const css = (sel, prop, fallback) => {
    const probe = els.viewport.querySelector(sel);
    return (probe && getComputedStyle(probe).getPropertyValue(prop)) || fallback;
  };
  g.fillStyle = getComputedStyle(els.canvas).backgroundColor || '#fff';
  g.fillRect(0, 0, layout.width, layout.height);
  g.strokeStyle = css('.vdl-graph-edge path', 'stroke', '#8c959f');
  g.fillStyle = g.strokeStyle;
  g.lineWidth = 1.2;
  g.font = '10px sans-serif';
  g.textAlign = 'center';
  for (const e of layout.edges) {
    g.beginPath();
    e.points.forEach((p, i) => (i ? g.lineTo(p.x, p.y) : g.moveTo(p.x, p.y)));
    g.stroke();
    const [a, b] = e.points.slice(-2);
    const ang = Math.atan2(b.y - a.y, b.x - a.x);
    g.beginPath();
    g.moveTo(b.x, b.y);
    g.lineTo(b.x - 7 * Math.cos(ang - 0.4), b.y - 7 * Math.sin(ang - 0.4));
    g.lineTo(b.x - 7 * Math.cos(ang + 0.4), b.y - 7 * Math.sin(ang + 0.4));
    g.fill();
    if (e.text) g.fillText(e.text, e.x, e.y + 3);
  }
  for (const [, box] of layout.nodes) {
    const sel = `.vdl-graph-node.kind-${box.node.kind} rect`;
    g.fillStyle = css(sel, 'fill', '#fff');
    g.strokeStyle = css(sel, 'stroke', '#8c959f');
    const x = box.x - box.width / 2;
    const y = box.y - box.height / 2;
    g.beginPath();
    g.roundRect ? g.roundRect(x, y, box.width, box.height, 4) : g.rect(x, y, box.width, box.height);
    g.fill();
    g.stroke();
    g.fillStyle = css('.vdl-graph-node text', 'fill', '#1f2328');
    g.font = '600 12px sans-serif';
    g.fillText(ellipsis(box.label.top, box.width), box.x, y + (box.node.kind === 'scope' ? 18 : 14));
    g.font = '11px sans-serif';
    g.fillText(ellipsis(box.label.sub, box.width), box.x, y + (box.node.kind === 'scope' ? 34 : 27));
  }
  canvas.toBlob((blob) => blob && download(blob, fileName('png')), 'image/png');
}
