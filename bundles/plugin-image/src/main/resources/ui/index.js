// Image dashboard: a card per run and tag with a step slider; sliders may move together; images
// fit their card or show at actual size; a click opens the full-size image in an overlay.
// Contract: export render(element, context) and dispose(); see bundles/api/README.md.

let root = null;
let ctx = null;
let unsubscribe = null;
let generation = 0;
let sheet = null;
let overlay = null;
const cards = new Map(); // `${tag}\n${run}` -> card state
const options = { linked: false, actual: false };

const STYLE = `
.vdl-img-toolbar { display: flex; gap: 16px; align-items: center; margin-bottom: 12px; flex-wrap: wrap; font-size: 13px; }
.vdl-img-toolbar label { display: inline-flex; gap: 6px; align-items: center; cursor: pointer; }
.vdl-img-group { margin-bottom: 16px; }
.vdl-img-group > summary { font-weight: 600; cursor: pointer; padding: 6px 0; }
.vdl-img-grid { display: grid; gap: 12px; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); }
.vdl-img-card { background: #fff; border: 1px solid #d0d7de; border-radius: 8px; padding: 8px; min-width: 0; }
.vdl-img-card h3 { margin: 0 0 2px; font-size: 13px; font-weight: 600; word-break: break-all; }
.vdl-img-run { font-size: 12px; color: #656d76; margin-bottom: 6px; display: flex; align-items: center; gap: 6px; }
.vdl-img-swatch { width: 10px; height: 10px; border-radius: 2px; display: inline-block; }
.vdl-img-frame { background: repeating-conic-gradient(#f0f0f0 0% 25%, #fff 0% 50%) 50% / 16px 16px;
  border-radius: 4px; min-height: 120px; display: flex; align-items: center; justify-content: center; overflow: auto; max-height: 480px; }
.vdl-img-frame img { cursor: zoom-in; image-rendering: pixelated; display: block; }
.vdl-img-card.fit .vdl-img-frame img { width: 100%; height: auto; max-height: 320px; object-fit: contain; }
.vdl-img-card.actual .vdl-img-frame { justify-content: flex-start; align-items: flex-start; }
.vdl-img-card.actual .vdl-img-frame img { max-width: none; }
.vdl-img-controls { display: flex; align-items: center; gap: 8px; margin-top: 6px; font-size: 12px; color: #656d76; }
.vdl-img-controls input[type=range] { flex: 1; min-width: 0; }
.vdl-img-step { font-variant-numeric: tabular-nums; white-space: nowrap; }
.vdl-img-meta { font-size: 11px; color: #8b949e; margin-top: 2px; }
.vdl-img-overlay { position: fixed; inset: 0; background: rgba(0,0,0,.82); z-index: 1000; display: flex;
  flex-direction: column; align-items: center; justify-content: center; cursor: zoom-out; padding: 24px; }
.vdl-img-overlay[hidden] { display: none; }
.vdl-img-overlay .vdl-img-big { overflow: auto; max-width: 100%; max-height: calc(100% - 40px); }
.vdl-img-overlay img { display: block; image-rendering: pixelated; }
.vdl-img-overlay .vdl-img-caption { color: #fff; font-size: 13px; margin-top: 10px; }
.vdl-img-empty { color: #656d76; max-width: 720px; line-height: 1.5; }
.vdl-img-empty pre { background: #fff; border: 1px solid #d0d7de; padding: 12px; border-radius: 6px; }
`;

function ensureStyle() {
  // A stylesheet object, not inline styles: the page's Content-Security-Policy allows only 'self'.
  if (sheet) return;
  sheet = new CSSStyleSheet();
  sheet.replaceSync(STYLE);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}

function groupOf(tag) {
  const i = tag.indexOf('/');
  return i < 0 ? '(ungrouped)' : tag.slice(0, i);
}

// ---------------------------------------------------------------------------------------------
// Layout

function toolbar() {
  const bar = document.createElement('div');
  bar.className = 'vdl-img-toolbar';
  const link = checkbox('vdl-img-link', 'Move all sliders together', options.linked, (on) => {
    options.linked = on;
  });
  const actual = checkbox('vdl-img-actual', 'Actual size', options.actual, (on) => {
    options.actual = on;
    for (const c of cards.values()) sizeClass(c);
  });
  const hint = document.createElement('span');
  hint.className = 'vdl-img-meta';
  hint.textContent = 'Click an image to see it full size.';
  bar.append(link, actual, hint);
  return bar;
}

function checkbox(name, text, checked, onChange) {
  const label = document.createElement('label');
  const box = document.createElement('input');
  box.type = 'checkbox';
  box.name = name;
  box.checked = checked;
  box.addEventListener('change', () => onChange(box.checked));
  label.append(box, document.createTextNode(text));
  return label;
}

function sizeClass(c) {
  c.card.classList.toggle('actual', options.actual);
  c.card.classList.toggle('fit', !options.actual);
}

function groupGrid(body, group) {
  let el = body.querySelector(`details[data-group="${CSS.escape(group)}"]`);
  if (!el) {
    el = document.createElement('details');
    el.open = true;
    el.className = 'vdl-img-group';
    el.dataset.group = group;
    const summary = document.createElement('summary');
    summary.textContent = group;
    const grid = document.createElement('div');
    grid.className = 'vdl-img-grid';
    el.append(summary, grid);
    const after = [...body.querySelectorAll('details.vdl-img-group')].find((g) => g.dataset.group > group);
    if (after) body.insertBefore(el, after); else body.append(el);
  }
  return el.querySelector('.vdl-img-grid');
}

function makeCard(tag, run) {
  const card = document.createElement('section');
  card.className = 'vdl-img-card';
  card.dataset.tag = tag;
  card.dataset.run = run;
  const h = document.createElement('h3');
  h.textContent = tag;
  const r = document.createElement('div');
  r.className = 'vdl-img-run';
  const sw = document.createElement('span');
  sw.className = 'vdl-img-swatch';
  sw.style.background = ctx.runColor(run);
  r.append(sw, document.createTextNode(run));
  const frame = document.createElement('div');
  frame.className = 'vdl-img-frame';
  const img = document.createElement('img');
  img.alt = `${tag} of ${run}`;
  img.decoding = 'async';
  frame.append(img);
  const controls = document.createElement('div');
  controls.className = 'vdl-img-controls';
  const slider = document.createElement('input');
  slider.type = 'range';
  slider.min = '0';
  slider.max = '0';
  slider.step = '1';
  slider.setAttribute('aria-label', `Step of ${tag} in ${run}`);
  const label = document.createElement('span');
  label.className = 'vdl-img-step';
  controls.append(slider, label);
  const meta = document.createElement('div');
  meta.className = 'vdl-img-meta';
  card.append(h, r, frame, controls, meta);
  const c = { tag, run, card, img, slider, label, meta, entries: [], index: -1, followNewest: true };
  slider.addEventListener('input', () => {
    const i = Number(slider.value);
    c.followNewest = i === c.entries.length - 1;
    show(c, i);
    if (options.linked && c.entries[i]) {
      const step = c.entries[i].step;
      for (const other of cards.values()) if (other !== c) showStep(other, step);
    }
  });
  img.addEventListener('click', () => openOverlay(c));
  sizeClass(c);
  return c;
}

/** Shows the entry at index i of the card. */
function show(c, i) {
  const e = c.entries[i];
  if (!e) {
    c.img.removeAttribute('src');
    c.label.textContent = 'no image';
    c.meta.textContent = '';
    return;
  }
  c.index = i;
  c.slider.value = String(i);
  if (c.img.getAttribute('src') !== e.url) c.img.src = e.url;
  c.img.width = e.width;
  c.img.height = e.height;
  c.card.dataset.step = String(e.step);
  c.label.textContent = `step ${e.step} (${i + 1}/${c.entries.length})`;
  c.meta.textContent = `${e.width}×${e.height} · ${new Date(e.wallTime).toLocaleString()}`;
}

/** Shows the latest entry at or before a step (the first one when all are later). */
function showStep(c, step) {
  if (c.entries.length === 0) return;
  let best = 0;
  for (let i = 0; i < c.entries.length; i++) if (c.entries[i].step <= step) best = i;
  c.followNewest = best === c.entries.length - 1;
  show(c, best);
}

// ---------------------------------------------------------------------------------------------
// Full size

function openOverlay(c) {
  const e = c.entries[c.index];
  if (!e) return;
  if (!overlay) {
    overlay = document.createElement('div');
    overlay.className = 'vdl-img-overlay';
    overlay.setAttribute('role', 'dialog');
    overlay.setAttribute('aria-modal', 'true');
    overlay.hidden = true;
    const big = document.createElement('div');
    big.className = 'vdl-img-big';
    const img = document.createElement('img');
    big.append(img);
    const caption = document.createElement('div');
    caption.className = 'vdl-img-caption';
    overlay.append(big, caption);
    overlay.addEventListener('click', closeOverlay);
    document.body.append(overlay);
  }
  const img = overlay.querySelector('img');
  img.src = e.url;
  img.alt = `${c.tag} of ${c.run} at step ${e.step}`;
  // Small images are enlarged by a whole factor (pixels stay sharp); large ones scroll.
  const scale = Math.max(1, Math.floor(Math.min(
    (window.innerWidth * 0.85) / e.width, (window.innerHeight * 0.75) / e.height)));
  img.width = e.width * scale;
  img.height = e.height * scale;
  overlay.querySelector('.vdl-img-caption').textContent =
    `${c.run} · ${c.tag} · step ${e.step} · ${e.width}×${e.height}`
    + `${scale > 1 ? ` (shown ×${scale})` : ''} — click or press Escape to close`;
  overlay.hidden = false;
}

function closeOverlay() {
  if (overlay) overlay.hidden = true;
}

function onKey(ev) {
  if (ev.key === 'Escape') closeOverlay();
}

// ---------------------------------------------------------------------------------------------
// Data

async function load(c, my) {
  let answer;
  try {
    answer = await ctx.fetch('entries', { run: c.run, tag: c.tag });
  } catch (e) {
    if (my === generation) c.label.textContent = `Cannot load: ${e.message}`;
    return;
  }
  if (my !== generation) return;
  const previousStep = c.entries[c.index]?.step;
  c.entries = answer.entries;
  c.slider.max = String(Math.max(0, c.entries.length - 1));
  c.slider.disabled = c.entries.length < 2;
  if (c.followNewest || previousStep === undefined) show(c, c.entries.length - 1);
  else showStep(c, previousStep);
}

async function update(changes) {
  if (changes && cards.size > 0) {
    const structural = changes.some((ch) => ch.type !== 'data');
    if (!structural) {
      const my = generation;
      for (const ch of changes) {
        if (ch.kind !== 'image') continue;
        const c = cards.get(`${ch.tag}\n${ch.run}`);
        if (c) load(c, my);
      }
      return;
    }
  }
  const my = ++generation;
  let tagsByRun;
  try {
    tagsByRun = await ctx.fetch('tags');
  } catch (e) {
    ctx.showError(`Images: ${e.message}`);
    return;
  }
  if (my !== generation || !root) return;
  let filter = null;
  try { filter = ctx.tagFilter ? new RegExp(ctx.tagFilter, 'i') : null; } catch { filter = null; }
  const wanted = [];
  for (const run of ctx.runs) {
    for (const tag of tagsByRun[run] || []) {
      if (!filter || filter.test(tag)) wanted.push([tag, run]);
    }
  }
  const body = root.querySelector('.vdl-img-body');
  if (wanted.length === 0) {
    cards.clear();
    const p = document.createElement('div');
    p.className = 'vdl-img-empty';
    if (Object.keys(tagsByRun).length === 0) {
      p.innerHTML = `<p>No images yet. Log some from Java:</p><pre>log.addImage("samples/input", step, bufferedImage);</pre>
<p>New images appear here by themselves.</p>`;
    } else {
      p.textContent = 'No image tag matches the selected runs and the tag filter.';
    }
    body.replaceChildren(p);
    ctx.explainEmpty?.(p, ctx.runs, { replace: Object.keys(tagsByRun).length > 0 }); // which tabs have the runs' data
    return;
  }
  body.querySelector('.vdl-img-empty')?.remove();
  const keys = new Set(wanted.map(([t, r]) => `${t}\n${r}`));
  for (const [key, c] of cards) {
    if (!keys.has(key)) { c.card.remove(); cards.delete(key); }
  }
  for (const g of body.querySelectorAll('details.vdl-img-group')) {
    if (!g.querySelector('.vdl-img-card')) g.remove();
  }
  wanted.sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1));
  for (const [tag, run] of wanted) {
    const key = `${tag}\n${run}`;
    if (cards.has(key)) continue;
    const c = makeCard(tag, run);
    cards.set(key, c);
    const grid = groupGrid(body, groupOf(tag));
    const after = [...grid.children].find((el) => `${el.dataset.tag}\n${el.dataset.run}` > key);
    if (after) grid.insertBefore(c.card, after); else grid.append(c.card);
  }
  await Promise.all([...cards.values()].map((c) => load(c, my)));
}

export async function render(element, context) {
  root = element;
  ctx = context;
  ensureStyle();
  const body = document.createElement('div');
  body.className = 'vdl-img-body';
  root.replaceChildren(toolbar(), body);
  document.addEventListener('keydown', onKey);
  unsubscribe = ctx.subscribe((event) => update(event.type === 'data' ? event.changes : undefined));
  await update();
}

export function dispose() {
  generation++;
  if (unsubscribe) unsubscribe();
  unsubscribe = null;
  document.removeEventListener('keydown', onKey);
  if (overlay) { overlay.remove(); overlay = null; }
  if (sheet) {
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
    sheet = null;
  }
  cards.clear();
  root = null;
  ctx = null;
}
