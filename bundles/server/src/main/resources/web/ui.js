// The UI pieces every dashboard needs, offered to plugins in context.ui so that none rebuilds
// them: an element builder, the "fetch tags, filter by regex, cross with selected runs" step,
// collapsible tag groups in a stable order, run labels and run cards, legends, full screen and
// PNG export of a chart. See bundles/api/README.md (UI module).
import { middleEllipsis } from './format.js';

/** el('div', {class: 'x', onclick: fn, title: 't'}, child, 'text'): a DOM element. */
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k.startsWith('on') && typeof v === 'function') e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  e.append(...children.filter((c) => c !== null && c !== undefined));
  return e;
}

/** A case-insensitive regular expression of what the user typed, or null (empty or invalid). */
export function regex(text) {
  try { return text ? new RegExp(text, 'i') : null; } catch { return null; }
}

/**
 * Fetches the plugin's tags, keeps those the tag filter matches and crosses them with the
 * selected runs: {tags: [{tag, runs: [...]}, ...] sorted by tag, any: whether any run has tags}.
 */
export async function selectedTags(context) {
  const byRun = await context.fetch('tags');
  const filter = regex(context.tagFilter);
  const tags = new Map();
  for (const run of context.runs) {
    for (const tag of byRun[run] || []) {
      if (filter && !filter.test(tag)) continue;
      if (!tags.has(tag)) tags.set(tag, []);
      tags.get(tag).push(run);
    }
  }
  return {
    byRun,
    any: Object.values(byRun).some((t) => t.length > 0),
    tags: [...tags.keys()].sort().map((tag) => ({ tag, runs: tags.get(tag) })),
  };
}

/** The part of a tag before its first '/', or the tag itself. */
export function groupOf(tag) {
  const i = tag.indexOf('/');
  return i < 0 ? tag : tag.slice(0, i);
}

/**
 * Collapsible tag groups inside container, always in name order, each holding a grid of cards in
 * key order, whatever order they were added in (so a filter change never reshuffles them).
 * Closed groups are remembered for the session.
 */
export function tagGroups(container, { prefix = 'vdl', group = groupOf } = {}) {
  const closed = new Set(JSON.parse(sessionStorage.getItem(`${prefix}.closed`) || '[]'));
  const groups = () => [...container.querySelectorAll(':scope > details.vdl-group')];
  return {
    /** Puts card (with data-key) into the group of tag, at its place by key. */
    add(tag, card, key = tag) {
      const name = group(tag);
      let g = groups().find((d) => d.dataset.group === name);
      if (!g) {
        g = el('details', { class: `vdl-group ${prefix}-group`, 'data-group': name, open: !closed.has(name) },
          el('summary', {}, name), el('div', { class: `vdl-grid ${prefix}-grid` }));
        g.addEventListener('toggle', () => {
          if (g.open) closed.delete(name); else closed.add(name);
          sessionStorage.setItem(`${prefix}.closed`, JSON.stringify([...closed]));
        });
        const after = groups().find((d) => d.dataset.group > name);
        container.insertBefore(g, after || null);
      }
      const grid = g.querySelector('.vdl-grid');
      card.dataset.key = key;
      const next = [...grid.children].find((c) => c.dataset.key > key);
      grid.insertBefore(card, next || null);
      return card;
    },
    /** Removes groups left without cards. */
    prune() {
      for (const g of groups()) if (!g.querySelector('.vdl-grid > *')) g.remove();
    },
    clear() {
      for (const g of groups()) g.remove();
    },
  };
}

// Names shortened in the middle to the width they have, again when that width changes.
const fitted = new Set();
const measure = document.createElement('canvas').getContext('2d');
const resizes = new ResizeObserver((entries) => { for (const e of entries) fit(e.target); });

function fit(span) {
  if (!span.isConnected) { fitted.delete(span); resizes.unobserve(span); return; }
  const width = span.clientWidth;
  if (width <= 0) return;
  const style = getComputedStyle(span);
  measure.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  span.textContent = middleEllipsis(span.dataset.full, (t) => measure.measureText(t).width <= width);
}

/** A span showing text cut in the middle to fit its width; the full text on hover. */
export function fittedText(text, className = 'vdl-fit') {
  const span = el('span', { class: className, title: text, 'data-full': text }, text);
  fitted.add(span);
  resizes.observe(span);
  return span;
}

/** A run's colour swatch and name (cut in the middle to fit, full name on hover). */
export function runLabel(context, run) {
  const sw = el('span', { class: 'vdl-swatch', 'aria-hidden': 'true' });
  sw.style.background = context.runColor(run);
  return el('span', { class: 'vdl-run', 'data-run': run }, sw, fittedText(run));
}

/** A card for one tag of one run: the tag as title, the run below it, then body. */
export function runCard(context, tag, run, ...body) {
  return el('section', { class: 'vdl-card', 'data-tag': tag, 'data-run': run },
    el('h3', { class: 'vdl-card-title' }, fittedText(tag)), runLabel(context, run), ...body);
}

/**
 * A legend of runs: click an entry to hide or show that run. entries: [{name, color, hidden}].
 * onToggle(name, hidden) is called after the entry changed.
 */
export function legend(context, entries, onToggle) {
  const box = el('div', { class: 'vdl-legend', role: 'list' });
  for (const e of entries) {
    const sw = el('span', { class: 'vdl-swatch' });
    sw.style.background = e.color;
    const item = el('button', {
      type: 'button', class: 'vdl-legend-item', role: 'listitem', 'data-run': e.name,
      'aria-pressed': String(!e.hidden), title: context.t('{name}: click to hide or show', { name: e.name }),
    }, sw, el('span', { class: 'vdl-legend-name' }, middleEllipsis(e.name, (s) => s.length <= 36)));
    item.addEventListener('click', () => {
      e.hidden = !e.hidden;
      item.setAttribute('aria-pressed', String(!e.hidden));
      onToggle(e.name, e.hidden);
    });
    box.append(item);
  }
  return box;
}

/** A button that shows element full screen (and back); onChange(isFull) lets charts resize. */
export function fullscreenButton(context, element, onChange) {
  const b = el('button', { type: 'button', class: 'vdl-icon-button', 'data-action': 'fullscreen',
    title: context.t('Full screen'), 'aria-label': context.t('Full screen') }, expandIcon());
  b.addEventListener('click', () => {
    if (document.fullscreenElement === element) document.exitFullscreen();
    else element.requestFullscreen?.().catch(() => element.classList.toggle('vdl-full'));
  });
  element.addEventListener('fullscreenchange', () => onChange(document.fullscreenElement === element));
  return b;
}

function expandIcon() {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('width', '12');
  svg.setAttribute('height', '12');
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('d', 'M2 6V2h4M10 2h4v4M14 10v4h-4M6 14H2v-4');
  path.setAttribute('fill', 'none');
  path.setAttribute('stroke', 'currentColor');
  path.setAttribute('stroke-width', '1.6');
  svg.append(path);
  return svg;
}

/** Saves blob as a file named name. */
export function download(name, blob) {
  const a = el('a', { href: URL.createObjectURL(blob), download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
}

/**
 * A PNG of a chart for a report: an opaque background in the theme's colour, the title, the chart
 * canvas (its axes included) and a legend, at the device pixel ratio. Resolves to a Blob.
 */
export function chartPng({ title, canvas, legend: entries = [], background, text, muted }) {
  const dpr = window.devicePixelRatio || 1;
  const pad = 12 * dpr;
  const titleH = 24 * dpr;
  const rowH = 18 * dpr;
  const out = document.createElement('canvas');
  const g = out.getContext('2d');
  g.font = `${12 * dpr}px system-ui, sans-serif`;
  const widths = entries.map((e) => 16 * dpr + g.measureText(e.name).width + 14 * dpr);
  const rows = [];
  let x = 0;
  const maxW = canvas.width;
  for (let i = 0; i < entries.length; i++) {
    if (rows.length === 0 || x + widths[i] > maxW) { rows.push([]); x = 0; }
    rows[rows.length - 1].push([entries[i], x]);
    x += widths[i];
  }
  out.width = canvas.width + 2 * pad;
  out.height = canvas.height + titleH + rows.length * rowH + 2 * pad;
  g.fillStyle = background;
  g.fillRect(0, 0, out.width, out.height);
  g.fillStyle = text;
  g.font = `600 ${14 * dpr}px system-ui, sans-serif`;
  g.textBaseline = 'middle';
  g.fillText(title, pad, pad + titleH / 2);
  g.drawImage(canvas, pad, pad + titleH);
  g.font = `${12 * dpr}px system-ui, sans-serif`;
  rows.forEach((row, r) => {
    const y = pad + titleH + canvas.height + r * rowH + rowH / 2;
    for (const [e, x0] of row) {
      g.fillStyle = e.color;
      g.fillRect(pad + x0, y - 5 * dpr, 10 * dpr, 10 * dpr);
      g.fillStyle = e.hidden ? muted : text;
      g.fillText(e.name, pad + x0 + 16 * dpr, y);
    }
  });
  return new Promise((resolve) => out.toBlob(resolve, 'image/png'));
}
