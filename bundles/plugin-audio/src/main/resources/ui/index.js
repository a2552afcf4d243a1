// Audio dashboard: a card per tag and run with a step slider, the clip's waveform (a click seeks)
// and a player; duration and sample rate shown. The runs of a tag move together: the slider sets
// the tag's step (kept in the URL) and every run shows its latest clip at or before it. The
// server answers Range requests on the clip's URL, so the player can seek.
// Contract: export render(element, context) and dispose(); see bundles/api/README.md.

let root = null;
let ctx = null;
let t = null;
let unsubscribe = null;
let generation = 0;
let sheet = null;
let groups = null; // the shared collapsible tag groups (context.ui.tagGroups)
const cards = new Map(); // `${tag}\n${run}` -> card state
const waveforms = new Map(); // url -> Promise<Float32Array> (one channel, or the channels' mean)

const ENGLISH = {};
function fallbackT(key, params) {
  const s = ENGLISH[key] ?? key;
  return params ? s.replace(/\{(\w+)\}/g, (m, k) => (k in params ? String(params[k]) : m)) : s;
}

const STYLE = `
.vdl-audio-group > summary { color: var(--text, #1f2328); }
.vdl-audio-grid { grid-template-columns: repeat(auto-fill, minmax(360px, 1fr)); }
.vdl-audio-card { background: var(--panel, #fff); color: var(--text, #1f2328); border: 1px solid var(--border, #d0d7de);
  border-radius: 8px; padding: 8px 12px; min-width: 0; }
.vdl-audio-card .vdl-run { margin-bottom: 6px; }
.vdl-audio-wave { position: relative; height: 96px; background: var(--panel-2, #f6f8fa); border-radius: 4px; cursor: pointer; overflow: hidden; }
.vdl-audio-wave canvas { width: 100%; height: 100%; display: block; }
.vdl-audio-head { position: absolute; top: 0; bottom: 0; width: 1px; background: var(--text, #1f2328); left: 0; pointer-events: none; }
.vdl-audio-wavemsg { position: absolute; inset: 0; display: flex; align-items: center; justify-content: center; font-size: 12px; color: var(--muted, #656d76); }
.vdl-audio-card audio { width: 100%; margin-top: 6px; }
.vdl-audio-controls { display: flex; align-items: center; gap: 8px; margin-top: 6px; font-size: 12px; color: var(--muted, #656d76); }
.vdl-audio-controls input[type=range] { flex: 1; min-width: 0; }
.vdl-audio-step { font-variant-numeric: tabular-nums; white-space: nowrap; }
.vdl-audio-meta { font-size: 11px; color: var(--muted, #8b949e); margin-top: 2px; font-variant-numeric: tabular-nums; }
.vdl-audio-empty { color: var(--muted, #656d76); max-width: 720px; line-height: 1.5; }
.vdl-audio-empty pre { background: var(--panel, #fff); color: var(--text, #1f2328); border: 1px solid var(--border, #d0d7de); padding: 12px; border-radius: 6px; }
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
  return tag.includes('/') ? ctx.ui.groupOf(tag) : t('audio.ungrouped');
}

function stepKey(tag) {
  return `step:${tag}`;
}

// ---------------------------------------------------------------------------------------------
// Waveform

/**
 * The samples of a PCM WAV file (8, 16, 24, 32-bit integers or 32-bit floats), channels averaged,
 * or null when the bytes are no such file.
 */
export function decodeWav(buffer) {
  const v = new DataView(buffer);
  const tag = (o) => String.fromCharCode(v.getUint8(o), v.getUint8(o + 1), v.getUint8(o + 2), v.getUint8(o + 3));
  if (buffer.byteLength < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') return null;
  let format = null;
  let off = 12;
  while (off + 8 <= buffer.byteLength) {
    const id = tag(off);
    const size = v.getUint32(off + 4, true);
    const body = off + 8;
    if (id === 'fmt ') {
      format = { code: v.getUint16(body, true), channels: v.getUint16(body + 2, true), bits: v.getUint16(body + 14, true) };
      if (format.code === 0xfffe && size >= 26) format.code = v.getUint16(body + 24, true); // extensible
    } else if (id === 'data' && format) {
      const { code, channels, bits } = format;
      const bytes = bits / 8;
      if (channels < 1 || ![1, 2, 3, 4].includes(bytes) || (code !== 1 && !(code === 3 && bits === 32))) return null;
      const end = Math.min(buffer.byteLength, body + size);
      const frames = Math.floor((end - body) / (bytes * channels));
      const out = new Float32Array(frames);
      for (let f = 0; f < frames; f++) {
        let sum = 0;
        for (let c = 0; c < channels; c++) {
          const o = body + (f * channels + c) * bytes;
          if (code === 3) sum += v.getFloat32(o, true);
          else if (bytes === 1) sum += (v.getUint8(o) - 128) / 128;
          else if (bytes === 2) sum += v.getInt16(o, true) / 32768;
          else if (bytes === 3) sum += (((v.getInt8(o + 2) << 16) | (v.getUint8(o + 1) << 8) | v.getUint8(o))) / 8388608;
          else sum += v.getInt32(o, true) / 2147483648;
        }
        out[f] = sum / channels;
      }
      return out;
    }
    off = body + size + (size % 2);
  }
  return null;
}

async function samplesOf(url) {
  if (!waveforms.has(url)) {
    waveforms.set(url, (async () => {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
      const buffer = await response.arrayBuffer();
      const wav = decodeWav(buffer);
      if (wav) return wav;
      // Other encodings: the browser's decoder, without playing anything.
      const audio = await new OfflineAudioContext(1, 1, 44100).decodeAudioData(buffer);
      return audio.getChannelData(0);
    })());
    waveforms.get(url).catch(() => waveforms.delete(url));
  }
  return waveforms.get(url);
}

function draw(c, samples) {
  const canvas = c.canvas;
  const ratio = window.devicePixelRatio || 1;
  const width = Math.max(1, Math.round(canvas.clientWidth * ratio));
  const height = Math.max(1, Math.round(canvas.clientHeight * ratio));
  canvas.width = width;
  canvas.height = height;
  const g = canvas.getContext('2d');
  g.clearRect(0, 0, width, height);
  g.fillStyle = ctx.runColor(c.run);
  const mid = height / 2;
  const per = samples.length / width;
  for (let x = 0; x < width; x++) {
    const from = Math.floor(x * per);
    const to = Math.max(from + 1, Math.floor((x + 1) * per));
    let min = 1;
    let max = -1;
    for (let i = from; i < to && i < samples.length; i++) {
      if (samples[i] < min) min = samples[i];
      if (samples[i] > max) max = samples[i];
    }
    if (max < min) continue;
    const top = mid - Math.min(1, max) * mid;
    const bottom = mid - Math.max(-1, min) * mid;
    g.fillRect(x, top, 1, Math.max(1, bottom - top));
  }
}

async function drawWaveform(c, e) {
  c.waveMsg.textContent = '';
  try {
    const samples = await samplesOf(e.url);
    if (c.entries[c.index] !== e) return;
    c.samples = samples;
    draw(c, samples);
  } catch (err) {
    if (c.entries[c.index] !== e) return;
    c.canvas.getContext('2d').clearRect(0, 0, c.canvas.width, c.canvas.height);
    c.waveMsg.textContent = t('audio.waveformFailed', { message: err.message });
  }
}

// ---------------------------------------------------------------------------------------------
// Cards


function makeCard(tag, run) {
  const wave = el('div', 'vdl-audio-wave');
  wave.title = t('audio.seekHint');
  const canvas = el('canvas');
  const head = el('div', 'vdl-audio-head');
  const waveMsg = el('div', 'vdl-audio-wavemsg');
  wave.append(canvas, head, waveMsg);
  const audio = el('audio');
  audio.controls = true;
  audio.preload = 'metadata';
  const controls = el('div', 'vdl-audio-controls');
  const slider = el('input');
  slider.type = 'range';
  slider.min = '0';
  slider.max = '0';
  slider.step = '1';
  slider.setAttribute('aria-label', t('audio.sliderLabel', { tag, run }));
  const label = el('span', 'vdl-audio-step');
  controls.append(slider, label);
  const meta = el('div', 'vdl-audio-meta');
  const card = ctx.ui.runCard(tag, run, wave, audio, controls, meta);
  card.classList.add('vdl-audio-card');
  const c = { tag, run, card, canvas, head, waveMsg, audio, slider, label, meta, entries: [], index: -1, samples: null };
  slider.addEventListener('input', () => {
    const i = Number(slider.value);
    const e = c.entries[i];
    if (!e) return;
    ctx.urlState.set(stepKey(tag), i === c.entries.length - 1 ? null : e.step);
    for (const other of cards.values()) if (other.tag === tag) showChosen(other);
  });
  wave.addEventListener('click', (ev) => {
    const e = c.entries[c.index];
    if (!e || !e.sampleRate) return;
    const rect = wave.getBoundingClientRect();
    const duration = Number.isFinite(audio.duration) ? audio.duration : e.frames / e.sampleRate;
    audio.currentTime = Math.max(0, Math.min(1, (ev.clientX - rect.left) / rect.width)) * duration;
    audio.play().catch(() => { /* the user may not have allowed playing yet */ });
  });
  audio.addEventListener('timeupdate', () => {
    const duration = audio.duration;
    const at = Number.isFinite(duration) && duration > 0 ? audio.currentTime / duration : 0;
    head.style.left = `${(at * 100).toFixed(3)}%`;
  });
  return c;
}

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

function duration(e) {
  if (!e.sampleRate) return '?';
  const s = e.frames / e.sampleRate;
  return t('audio.seconds', { seconds: s < 10 ? s.toFixed(2) : s.toFixed(1) });
}

function show(c, i) {
  const e = c.entries[i];
  if (!e) {
    c.label.textContent = t('audio.noEntry');
    c.meta.textContent = '';
    c.audio.removeAttribute('src');
    return;
  }
  c.slider.value = String(i);
  c.card.dataset.step = String(e.step);
  c.label.textContent = e.index
    ? t('audio.stepClip', { step: e.step, clip: e.index + 1, index: i + 1, count: c.entries.length })
    : t('audio.step', { step: e.step, index: i + 1, count: c.entries.length });
  c.meta.textContent = t('audio.meta', {
    duration: duration(e), sampleRate: e.sampleRate, channels: e.channels,
    time: new Date(e.wallTime).toLocaleString(),
  });
  c.audio.setAttribute('aria-label', t('audio.playerLabel', { tag: c.tag, run: c.run, step: e.step }));
  if (c.index === i && c.audio.getAttribute('src') === e.url) return;
  c.index = i;
  c.audio.src = e.url;
  c.head.style.left = '0%';
  drawWaveform(c, e);
}

async function load(c, my) {
  let entries;
  try {
    entries = await ctx.fetch('entries', { run: c.run, tag: c.tag });
  } catch (e) {
    if (my === generation) c.label.textContent = t('audio.loadFailed', { message: e.message });
    return;
  }
  if (my !== generation) return;
  c.entries = entries;
  c.slider.max = String(Math.max(0, entries.length - 1));
  c.slider.disabled = entries.length < 2;
  showChosen(c);
}

function emptyState(body, tagsByRun) {
  for (const c of cards.values()) c.audio.pause();
  cards.clear();
  groups.clear();
  body.querySelector('.vdl-audio-empty')?.remove();
  const p = el('div', 'vdl-audio-empty');
  if (Object.keys(tagsByRun).length === 0) {
    p.append(el('p', null, t('audio.empty')), el('pre', null, 'log.addAudio("speech/sample", step, samples, 16000);'),
      el('p', null, t('audio.emptyHint')));
  } else {
    p.textContent = t('audio.noMatch');
  }
  body.append(p);
  ctx.explainEmpty?.(p, ctx.runs, { replace: Object.keys(tagsByRun).length > 0 }); // which tabs have the runs' data
}

async function update(changes) {
  if (changes && cards.size > 0 && !changes.some((ch) => ch.type !== 'data')) {
    const my = generation;
    for (const ch of changes) {
      const c = ch.kind === 'audio' && cards.get(`${ch.tag}\n${ch.run}`);
      if (c) load(c, my);
    }
    return;
  }
  const my = ++generation;
  let selected;
  try {
    selected = await ctx.ui.selectedTags();
  } catch (e) {
    ctx.showError(t('audio.fetchFailed', { message: e.message }));
    return;
  }
  if (my !== generation || !root) return;
  const wanted = selected.tags.flatMap(({ tag, runs }) => runs.map((run) => [tag, run]));
  const body = root.querySelector('.vdl-audio-cards');
  if (wanted.length === 0) {
    emptyState(body, selected.byRun);
    return;
  }
  body.querySelector('.vdl-audio-empty')?.remove();
  const keys = new Set(wanted.map(([tag, run]) => `${tag}\n${run}`));
  for (const [key, c] of cards) if (!keys.has(key)) { c.audio.pause(); c.card.remove(); cards.delete(key); }
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

function onResize() {
  for (const c of cards.values()) if (c.samples) draw(c, c.samples);
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
  const body = el('div', 'vdl-audio-cards');
  root.replaceChildren(body);
  groups = ctx.ui.tagGroups(body, { prefix: 'vdl-audio', group: groupOf });
  window.addEventListener('resize', onResize);
  unsubscribe = ctx.subscribe((event) => update(event.type === 'data' ? event.changes : undefined));
  await update();
}

export function dispose() {
  generation++;
  if (unsubscribe) unsubscribe();
  unsubscribe = null;
  window.removeEventListener('resize', onResize);
  for (const c of cards.values()) c.audio.pause();
  if (sheet) {
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
    sheet = null;
  }
  cards.clear();
  waveforms.clear();
  groups = null;
  root = null;
  ctx = null;
}
