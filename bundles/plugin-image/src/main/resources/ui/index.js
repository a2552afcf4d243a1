// Image dashboard: a card per run and tag with a step slider; sliders may move together; images
// fit their card or show at actual size; a click opens the full-size image in an overlay. A step
// with several images (TF2 summaries: entries with an `index`) shows up to "images per step" of
// them in its card, each with its sample index.
// Contract: export render(element, context) and dispose(); see bundles/api/README.md.

let root = null;
let ctx = null;
let unsubscribe = null;
let generation = 0;
let sheet = null;
let overlay = null;
const cards = new Map(); // `${tag}\n${run}` -> card state
const options = { linked: false, actual: false, perStep: 4 };
const PER_STEP = [1, 2, 4, 8, 16];
let groups = null;   // the shared collapsible tag groups (context.ui.tagGroups)
let t = (text) => text;

const STYLE = `
.vdl-img-toolbar { display: flex; gap: 16px; align-items: center; margin-bottom: 12px; flex-wrap: wrap; font-size: 13px; }
.vdl-img-toolbar label { display: inline-flex; gap: 6px; align-items: center; cursor: pointer; }
.vdl-img-grid { grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); }
.vdl-img-frame { background: repeating-conic-gradient(var(--frame-a) 0% 25%, var(--frame-b) 0% 50%) 50% / 16px 16px;
  border-radius: 4px; min-height: 120px; display: flex; flex-wrap: wrap; gap: 4px; align-items: center; justify-content: center;
  overflow: auto; max-height: 480px; border: 1px solid var(--border); }
.vdl-img-sample { display: flex; flex-direction: column; align-items: center; min-width: 0; flex: 1 1 0; }
.vdl-img-sample .vdl-img-index { font-size: 11px; color: var(--muted); }
.vdl-img-frame img { cursor: zoom-in; image-rendering: auto; display: block; }
.vdl-img-frame img.enlarged { image-rendering: pixelated; }
.vdl-img-card.fit .vdl-img-frame img { width: 100%; height: auto; max-height: 320px; object-fit: contain; }
.vdl-img-card.actual .vdl-img-frame { justify-content: flex-start; align-items: flex-start; }
.vdl-img-card.actual .vdl-img-sample { flex: none; }
.vdl-img-card.actual .vdl-img-frame img { max-width: none; }
.vdl-img-controls { display: flex; align-items: center; gap: 8px; margin-top: 6px; font-size: 12px; color: var(--muted); }
.vdl-img-controls input[type=range] { flex: 1; min-width: 0; }
.vdl-img-step { font-variant-numeric: tabular-nums; white-space: nowrap; }
.vdl-img-meta { font-size: 11px; color: var(--muted); margin-top: 2px; }
.vdl-img-overlay { position: fixed; inset: 0; background: rgba(0,0,0,.82); z-index: 1000; display: flex;
  flex-direction: column; align-items: center; justify-content: center; cursor: zoom-out; padding: 24px; }
.vdl-img-overlay[hidden] { display: none; }
.vdl-img-overlay .vdl-img-big { overflow: auto; max-width: 100%; max-height: calc(100% - 40px); }
.vdl-img-overlay img { display: block; image-rendering: auto; }
.vdl-img-overlay img.enlarged { image-rendering: pixelated; }
.vdl-img-overlay .vdl-img-caption { color: #fff; font-size: 13px; margin-top: 10px; }
.vdl-img-empty { color: var(--muted); max-width: 720px; line-height: 1.5; }
.vdl-img-empty pre { background: var(--panel); color: var(--text); border: 1px solid var(--border); padding: 12px; border-radius: 6px; }
`;

function ensureStyle() {
  // A stylesheet object, not inline styles: the page's Content-Security-Policy allows only 'self'.
  if (sheet) return;
  sheet = new CSSStyleSheet();
  sheet.replaceSync(STYLE);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}

// ---------------------------------------------------------------------------------------------
// Layout

function toolbar() {
  const bar = document.createElement('div');
  bar.className = 'vdl-img-toolbar';
  const link = checkbox('vdl-img-link', t('Move all sliders together'), options.linked, (on) => {
    options.linked = on;
    ctx.urlState.set('linked', on ? 'on' : null);
  });
  const actual = checkbox('vdl-img-actual', t('Actual size'), options.actual, (on) => {
    options.actual = on;
    ctx.urlState.set('size', on ? 'actual' : null);
    for (const c of cards.values()) sizeClass(c);
  });
  const perStep = ctx.ui.el('select', { name: 'vdl-img-per-step', 'aria-label': t('Images per step') },
    ...PER_STEP.map((n) => ctx.ui.el('option', { value: String(n) }, ctx.format.number(n))));
  perStep.value = String(options.perStep);
  perStep.addEventListener('change', () => {
    options.perStep = Number(perStep.value);
    ctx.urlState.set('perStep', options.perStep === 4 ? null : options.perStep);
    for (const c of cards.values()) show(c, c.index);
  });
  const hint = document.createElement('span');
  hint.className = 'vdl-img-meta';
  hint.textContent = t('Click an image to see it full size.');
  bar.append(link, actual, ctx.ui.el('label', {}, t('Images per step'), perStep), hint);
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

function makeCard(tag, run) {
  const frame = document.createElement('div');
  frame.className = 'vdl-img-frame';
  const img = imageElement(`${tag} · ${run}`);
  const first = sampleBox(img);
  frame.append(first);
  const controls = document.createElement('div');
  controls.className = 'vdl-img-controls';
  const slider = document.createElement('input');
  slider.type = 'range';
  slider.min = '0';
  slider.max = '0';
  slider.step = '1';
  slider.setAttribute('aria-label', t('Step of {tag} in {run}', { tag, run }));
  const label = document.createElement('span');
  label.className = 'vdl-img-step';
  controls.append(slider, label);
  const meta = document.createElement('div');
  meta.className = 'vdl-img-meta';
  const card = ctx.ui.runCard(tag, run, frame, controls, meta);
  card.classList.add('vdl-img-card');
  // steps: [{step, wallTime, samples: [entry, ...]}]; the first image element stays for the card's life.
  const c = { tag, run, card, frame, img, boxes: [first], slider, label, meta, steps: [], entries: [], index: -1, followNewest: true };
  slider.addEventListener('input', () => {
    const i = Number(slider.value);
    c.followNewest = i === c.steps.length - 1;
    show(c, i);
    if (options.linked && c.steps[i]) {
      const step = c.steps[i].step;
      for (const other of cards.values()) if (other !== c) showStep(other, step);
    }
  });
  sizeClass(c);
  return c;
}

function imageElement(alt) {
  const img = document.createElement('img');
  img.alt = alt;
  img.decoding = 'async';
  // Smooth when shrunk, sharp pixels only when enlarged.
  const mark = () => img.classList.toggle('enlarged', img.naturalWidth > 0 && img.clientWidth > img.naturalWidth);
  img.addEventListener('load', mark);
  new ResizeObserver(mark).observe(img);
  return img;
}

function sampleBox(img) {
  const box = document.createElement('div');
  box.className = 'vdl-img-sample';
  const index = document.createElement('span');
  index.className = 'vdl-img-index';
  box.append(img, index);
  return box;
}

/** Entries grouped by step, samples of a step ordered by their index. */
export function byStep(entries) {
  const steps = [];
  for (const e of entries) {
    const last = steps[steps.length - 1];
    if (last && last.step === e.step) last.samples.push(e);
    else steps.push({ step: e.step, wallTime: e.wallTime, samples: [e] });
  }
  for (const s of steps) s.samples.sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
  return steps;
}

/** Shows the step at index i of the card: up to "images per step" of its samples. */
function show(c, i) {
  const st = c.steps[i];
  if (!st) {
    c.img.removeAttribute('src');
    c.label.textContent = t('no image');
    c.meta.textContent = '';
    return;
  }
  c.index = i;
  c.slider.value = String(i);
  const shown = st.samples.slice(0, options.perStep);
  while (c.boxes.length < shown.length) {
    const img = imageElement(`${c.tag} · ${c.run}`);
    const box = sampleBox(img);
    c.boxes.push(box);
    c.frame.append(box);
  }
  c.boxes.forEach((box, k) => {
    const e = shown[k];
    box.hidden = !e;
    if (!e) return;
    const img = box.querySelector('img');
    if (img.getAttribute('src') !== e.url) img.src = e.url;
    img.width = e.width;
    img.height = e.height;
    img.onclick = () => openOverlay(c, e);
    box.querySelector('.vdl-img-index').textContent = st.samples.length > 1 || e.index !== undefined
      ? t('sample {index}', { index: ctx.format.number(e.index ?? k) }) : '';
  });
  const e = shown[0];
  c.card.dataset.step = String(st.step);
  c.card.dataset.samples = String(st.samples.length);
  c.label.textContent = t('step {step} ({i}/{n})', {
    step: ctx.format.number(st.step), i: ctx.format.number(i + 1), n: ctx.format.number(c.steps.length) });
  const more = st.samples.length > shown.length
    ? ` · ${t('{shown} of {n} images', { shown: shown.length, n: st.samples.length })}` : '';
  c.meta.textContent = `${e.width}×${e.height} · ${ctx.format.date(e.wallTime)}${more}`;
}

/** Shows the latest entry at or before a step (the first one when all are later). */
function showStep(c, step) {
  if (c.steps.length === 0) return;
  let best = 0;
  for (let i = 0; i < c.steps.length; i++) if (c.steps[i].step <= step) best = i;
  c.followNewest = best === c.steps.length - 1;
  show(c, best);
}

// ---------------------------------------------------------------------------------------------
// Full size

function openOverlay(c, e) {
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
  img.alt = `${c.tag} · ${c.run} · ${t('step {step}', { step: e.step })}`;
  // Small images are enlarged by a whole factor (pixels stay sharp); large ones scroll.
  const scale = Math.max(1, Math.floor(Math.min(
    (window.innerWidth * 0.85) / e.width, (window.innerHeight * 0.75) / e.height)));
  img.width = e.width * scale;
  img.height = e.height * scale;
  img.classList.toggle('enlarged', scale > 1);
  overlay.querySelector('.vdl-img-caption').textContent =
    `${c.run} · ${c.tag} · ${t('step {step}', { step: ctx.format.number(e.step) })}`
    + `${e.index !== undefined ? ` · ${t('sample {index}', { index: e.index })}` : ''} · ${e.width}×${e.height}`
    + `${scale > 1 ? ` ${t('(shown ×{scale})', { scale })}` : ''} — ${t('click or press Escape to close')}`;
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
    if (my === generation) c.label.textContent = t('Cannot load: {message}', { message: e.message });
    return;
  }
  if (my !== generation) return;
  const previousStep = c.steps[c.index]?.step;
  c.entries = answer.entries;
  c.steps = byStep(answer.entries);
  c.slider.max = String(Math.max(0, c.steps.length - 1));
  c.slider.disabled = c.steps.length < 2;
  if (c.followNewest || previousStep === undefined) show(c, c.steps.length - 1);
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
  let selected;
  try {
    selected = await ctx.ui.selectedTags();
  } catch (e) {
    ctx.showError(`${t('Images')}: ${e.message}`);
    return;
  }
  if (my !== generation || !root) return;
  const wanted = selected.tags.flatMap(({ tag, runs }) => runs.map((run) => [tag, run]));
  const body = root.querySelector('.vdl-img-body');
  const el = ctx.ui.el;
  if (wanted.length === 0) {
    cards.clear();
    groups.clear();
    body.querySelector('.vdl-img-empty')?.remove();
    const p = Object.keys(selected.byRun).length === 0
      ? el('div', { class: 'vdl-img-empty' }, el('p', {}, t('No images yet. Log some from Java:')),
        el('pre', {}, 'log.addImage("samples/input", step, bufferedImage);'), el('p', {}, t('New images appear here by themselves.')))
      : el('div', { class: 'vdl-img-empty' }, t('No image tag matches the selected runs and the tag filter.'));
    body.append(p);
    ctx.explainEmpty?.(p, ctx.runs, { replace: Object.keys(selected.byRun).length > 0 }); // which tabs have the runs' data
    return;
  }
  body.querySelector('.vdl-img-empty')?.remove();
  const keys = new Set(wanted.map(([tg, r]) => `${tg}\n${r}`));
  for (const [key, c] of cards) {
    if (!keys.has(key)) { c.card.remove(); cards.delete(key); }
  }
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
  t = ctx.t;
  options.linked = ctx.urlState.get('linked') === 'on';
  options.actual = ctx.urlState.get('size') === 'actual';
  const per = Number(ctx.urlState.get('perStep'));
  options.perStep = PER_STEP.includes(per) ? per : 4;
  ensureStyle();
  const body = document.createElement('div');
  body.className = 'vdl-img-body';
  root.replaceChildren(toolbar(), body);
  groups = ctx.ui.tagGroups(body, { prefix: 'vdl-img' });
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
