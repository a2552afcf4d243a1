// A curve dashboard, shared by the PR and ROC curve plugins: a chart per tag with the curves of
// every selected run overlaid in the run's colour, a step slider per tag (kept in the URL; each run
// shows its latest curve at or before the step), and on hover the nearest point's threshold and
// counts. Each plugin's pom copies this file next to its index.js, which only configures it, so the
// two bundles stay separate (own messages, own URL) while the source is one.
// Contract: export render(element, context) and dispose(); see bundles/api/README.md.

/**
 * The render/dispose pair of one curve plugin.
 * kind: the plugin's kind and message-key prefix ('pr-curve');
 * x, y: the entry arrays drawn on each axis (also message keys of their names);
 * showAuc: show each run's area under the curve in the legend;
 * diagonal: draw the chance line (ROC).
 */
export function curveDashboard({ kind, x, y, showAuc = false, diagonal = false }) {
  const KIND = kind;
  const X = x;
  const Y = y;
  const SHOW_AUC = showAuc;
  const DIAGONAL = diagonal;

  let root = null;
  let ctx = null;
  let t = null;
  let unsubscribe = null;
  let generation = 0;
  let sheet = null;
  let groups = null; // the shared collapsible tag groups (context.ui.tagGroups)
  const cards = new Map(); // tag -> card state

  const ENGLISH = {};
  function fallbackT(key, params) {
    const s = ENGLISH[key] ?? key;
    return params ? s.replace(/\{(\w+)\}/g, (m, k) => (k in params ? String(params[k]) : m)) : s;
  }
  const k = (key) => `${KIND}.${key}`;

  const STYLE = `
  .vdl-curve-grid { display: grid; gap: 12px; grid-template-columns: repeat(auto-fill, minmax(440px, 1fr)); }
  .vdl-curve-card { background: var(--panel, #fff); color: var(--text, #1f2328); border: 1px solid var(--border, #d0d7de);
    border-radius: 8px; padding: 8px 12px; min-width: 0; }
  .vdl-curve-card h3 { margin: 0 0 6px; font-size: 13px; font-weight: 600; word-break: break-all; }
  .vdl-curve-plot { position: relative; min-height: 300px; }
  .vdl-curve-controls { display: flex; align-items: center; gap: 8px; margin-top: 6px; font-size: 12px; color: var(--muted, #656d76); }
  .vdl-curve-controls input[type=range] { flex: 1; min-width: 0; }
  .vdl-curve-step { font-variant-numeric: tabular-nums; white-space: nowrap; }
  .vdl-curve-legend { display: flex; flex-wrap: wrap; gap: 4px 14px; margin-top: 6px; font-size: 12px; font-variant-numeric: tabular-nums; }
  .vdl-curve-legend span.vdl-curve-run { display: inline-flex; align-items: center; gap: 6px; flex: none; max-width: 100%; }
  .vdl-curve-legend .vdl-curve-detail { color: var(--muted, #656d76); }
  .vdl-curve-legend .vdl-run { margin: 0; max-width: 260px; color: var(--text, #1f2328); }
  /* A name as wide as itself: 1px of slack, or its fractional width rounded down cuts it. */
  .vdl-curve-legend .vdl-fit { padding-right: 1px; }
  .vdl-curve-tip { position: absolute; z-index: 10; pointer-events: none; background: var(--panel, #fff); color: var(--text, #1f2328);
    border: 1px solid var(--border, #d0d7de); border-radius: 6px; padding: 6px 8px; font-size: 12px; white-space: nowrap;
    box-shadow: 0 2px 8px rgba(0,0,0,.15); font-variant-numeric: tabular-nums; }
  .vdl-curve-tip[hidden], .vdl-curve-dot[hidden] { display: none; }
  .vdl-curve-tip table { border-collapse: collapse; }
  .vdl-curve-tip th { text-align: left; font-weight: 600; padding: 0 8px 0 0; }
  .vdl-curve-tip td { text-align: right; padding: 0; }
  .vdl-curve-dot { position: absolute; width: 8px; height: 8px; margin: -4px 0 0 -4px; border-radius: 50%; pointer-events: none;
    border: 2px solid var(--panel, #fff); z-index: 9; }
  .vdl-curve-empty { color: var(--muted, #656d76); max-width: 720px; line-height: 1.5; }
  .vdl-curve-empty pre { background: var(--panel, #fff); color: var(--text, #1f2328); border: 1px solid var(--border, #d0d7de); padding: 12px; border-radius: 6px; }
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

  function cssVar(name, fallback) {
    return (root && getComputedStyle(root).getPropertyValue(name).trim()) || fallback;
  }

  /** JSON numbers, with the server's "NaN"/"Infinity" strings as gaps. */
  function num(v) {
    return typeof v === 'number' ? v : null;
  }

  function fmt(v, digits = 4) {
    if (typeof v !== 'number') return String(v);
    return Number.isInteger(v) ? String(v) : v.toFixed(digits);
  }

  function stepKey(tag) {
    return `step:${tag}`;
  }

  // ---------------------------------------------------------------------------------------------
  // A card: one tag, every selected run

  function makeCard(tag) {
    const card = el('section', 'vdl-curve-card');
    card.dataset.tag = tag;
    const plot = el('div', 'vdl-curve-plot');
    const controls = el('div', 'vdl-curve-controls');
    const slider = el('input');
    slider.type = 'range';
    slider.min = '0';
    slider.max = '0';
    slider.step = '1';
    slider.setAttribute('aria-label', t(k('sliderLabel'), { tag }));
    const label = el('span', 'vdl-curve-step');
    controls.append(slider, label);
    const legend = el('div', 'vdl-curve-legend');
    const title = el('h3');
    title.append(ctx.ui.fittedText(tag));
    card.append(title, plot, controls, legend);
    const c = { tag, card, plot, slider, label, legend, runs: [], entries: new Map(), steps: [], shown: [], chart: null, tip: null, dot: null };
    slider.addEventListener('input', () => {
      const i = Number(slider.value);
      ctx.urlState.set(stepKey(tag), i === c.steps.length - 1 ? null : c.steps[i]);
      draw(c);
    });
    return c;
  }

  /** The step the URL chooses for the card, or the newest. */
  function chosenStep(c) {
    const chosen = ctx.urlState.get(stepKey(c.tag));
    if (chosen !== null && chosen !== '' && Number.isFinite(Number(chosen))) return Number(chosen);
    return c.steps.length ? c.steps[c.steps.length - 1] : null;
  }

  /** Each run's latest entry at or before the step (its first when all are later). */
  function entriesAt(c, step) {
    const shown = [];
    for (const run of c.runs) {
      const list = c.entries.get(run) || [];
      if (list.length === 0) continue;
      let best = list[0];
      for (const e of list) if (e.step <= step) best = e;
      shown.push({ run, entry: best });
    }
    return shown;
  }

  function draw(c) {
    const step = chosenStep(c);
    let i = c.steps.length - 1;
    for (let s = 0; s < c.steps.length; s++) if (c.steps[s] <= step) i = s;
    c.slider.max = String(Math.max(0, c.steps.length - 1));
    c.slider.value = String(Math.max(0, i));
    c.slider.disabled = c.steps.length < 2;
    c.card.dataset.step = c.steps.length ? String(c.steps[i]) : '';
    c.label.textContent = c.steps.length
      ? t(k('step'), { step: c.steps[i], index: i + 1, count: c.steps.length })
      : t(k('noEntry'));
    c.shown = entriesAt(c, c.steps[i]);
    legend(c);
    chart(c);
  }

  function legend(c) {
    const items = c.shown.map(({ run, entry }) => {
      const item = el('span', 'vdl-curve-run');
      item.dataset.run = run;
      const detail = el('span', 'vdl-curve-detail', t(k('legendStep'), { step: entry.step }));
      item.append(ctx.ui.runLabel(run), detail);
      if (SHOW_AUC) {
        const auc = el('span', 'vdl-curve-auc', t(k('auc'), { auc: typeof entry.auc === 'number' ? entry.auc.toFixed(4) : '–' }));
        item.dataset.auc = String(entry.auc);
        item.append(auc);
      }
      return item;
    });
    c.legend.replaceChildren(...items);
  }

  function chart(c) {
    const uPlot = ctx.charts.uPlot;
    const fg = cssVar('--text', '#1f2328');
    const grid = cssVar('--grid', 'rgba(127,127,127,.2)');
    const muted = cssVar('--muted', '#8b949e');
    const series = [{}];
    const data = [null];
    if (DIAGONAL) {
      series.push({ label: t(k('chance')), stroke: muted, width: 1, dash: [4, 4], points: { show: false },
        facets: [{ scale: 'x', auto: false }, { scale: 'y', auto: false }], paths: uPlot.paths.linear() });
      data.push([[0, 1], [0, 1]]);
    }
    for (const { run, entry } of c.shown) {
      series.push({ label: run, stroke: ctx.runColor(run), width: 2, points: { show: false },
        facets: [{ scale: 'x', auto: false }, { scale: 'y', auto: false }], paths: uPlot.paths.linear() });
      data.push([entry[X].map(num), entry[Y].map(num)]);
    }
    const width = Math.max(240, c.plot.clientWidth || 420);
    const axis = (label) => ({ label, stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } });
    const opts = {
      mode: 2,
      width,
      height: 300,
      legend: { show: false },
      cursor: { drag: { x: false, y: false, setScale: false }, points: { show: false } },
      scales: { x: { time: false, range: [0, 1] }, y: { range: [0, 1] } },
      axes: [axis(t(k('x'))), axis(t(k('y')))],
      series,
      hooks: { setCursor: [(u) => hover(c, u)] },
    };
    if (c.chart) c.chart.destroy();
    c.plot.replaceChildren();
    c.chart = new uPlot(opts, data, c.plot);
    c.tip = el('div', 'vdl-curve-tip');
    c.tip.hidden = true;
    c.dot = el('div', 'vdl-curve-dot');
    c.dot.hidden = true;
    c.chart.over.append(c.dot, c.tip);
    c.chart.over.addEventListener('mouseleave', () => { c.tip.hidden = true; c.dot.hidden = true; });
  }

  /** The point nearest the cursor, across runs, within 40 px. */
  function hover(c, u) {
    const { left, top } = u.cursor;
    if (left == null || left < 0 || !c.shown.length) {
      c.tip.hidden = true;
      c.dot.hidden = true;
      return;
    }
    let best = null;
    for (const { run, entry } of c.shown) {
      const xs = entry[X];
      const ys = entry[Y];
      for (let i = 0; i < xs.length; i++) {
        const x = num(xs[i]);
        const y = num(ys[i]);
        if (x === null || y === null) continue;
        const px = u.valToPos(x, 'x');
        const py = u.valToPos(y, 'y');
        const d = (px - left) ** 2 + (py - top) ** 2;
        if (!best || d < best.d) best = { d, run, entry, i, px, py };
      }
    }
    if (!best || best.d > 40 * 40) {
      c.tip.hidden = true;
      c.dot.hidden = true;
      return;
    }
    const { run, entry, i, px, py } = best;
    c.dot.style.left = `${px}px`;
    c.dot.style.top = `${py}px`;
    c.dot.style.background = ctx.runColor(run);
    c.dot.hidden = false;
    const rows = [
      [t(k('threshold')), entry.thresholds[i]],
      [t(k(Y)), entry[Y][i]],
      [t(k(X)), entry[X][i]],
      ['TP', entry.tp[i]], ['FP', entry.fp[i]], ['TN', entry.tn[i]], ['FN', entry.fn[i]],
    ];
    const table = el('table');
    const head = el('tr');
    const th = el('th', null, run);
    th.colSpan = 2;
    head.append(th);
    table.append(head);
    for (const [name, value] of rows) {
      const tr = el('tr');
      tr.append(el('th', null, name), el('td', null, fmt(value)));
      table.append(tr);
    }
    c.tip.replaceChildren(table);
    c.tip.dataset.run = run;
    c.tip.dataset.index = String(i);
    c.tip.hidden = false;
    // Keep the box inside the plot: left of the point in the right half, below it in the top half.
    const w = u.over.clientWidth;
    const h = u.over.clientHeight;
    c.tip.style.left = px > w / 2 ? `${Math.max(0, px - c.tip.offsetWidth - 12)}px` : `${px + 12}px`;
    c.tip.style.top = py > h / 2 ? `${Math.max(0, py - c.tip.offsetHeight - 12)}px` : `${py + 12}px`;
  }

  // ---------------------------------------------------------------------------------------------
  // Data

  async function load(c, runs, my) {
    const answers = await Promise.all(runs.map(async (run) => {
      try {
        return [run, await ctx.fetch('entries', { run, tag: c.tag })];
      } catch (e) {
        if (my === generation) ctx.showError(t(k('loadFailed'), { run, tag: c.tag, message: e.message }));
        return [run, c.entries.get(run) || []];
      }
    }));
    if (my !== generation) return;
    for (const [run, list] of answers) c.entries.set(run, list);
    const steps = new Set();
    for (const run of c.runs) for (const e of c.entries.get(run) || []) steps.add(e.step);
    c.steps = [...steps].sort((a, b) => a - b);
    draw(c);
  }

  function emptyState(body, tagsByRun) {
    for (const c of cards.values()) c.chart?.destroy();
    cards.clear();
    groups.clear();
    // The same empty state again (a second update for the same runs) stays, with its note of
    // which tabs hold the runs' data, instead of flickering while that note is fetched anew.
    const state = JSON.stringify([Object.keys(tagsByRun).length > 0, ctx.runs]);
    const shown = body.querySelector('.vdl-curve-empty');
    if (shown && shown.dataset.state === state) return;
    shown?.remove();
    const p = el('div', 'vdl-curve-empty');
    p.dataset.state = state;
    if (Object.keys(tagsByRun).length === 0) {
      p.append(el('p', null, t(k('empty'))), el('pre', null, t(k('emptyCode'))), el('p', null, t(k('emptyHint'))));
    } else {
      p.textContent = t(k('noMatch'));
    }
    body.append(p);
    ctx.explainEmpty?.(p, ctx.runs, { replace: Object.keys(tagsByRun).length > 0 }); // which tabs have the runs' data
  }

  async function update(changes) {
    if (changes && cards.size > 0 && !changes.some((ch) => ch.type !== 'data')) {
      const my = generation;
      for (const ch of changes) {
        const c = ch.kind === KIND && cards.get(ch.tag);
        if (c && c.runs.includes(ch.run)) load(c, [ch.run], my);
      }
      return;
    }
    const my = ++generation;
    let selected;
    try {
      selected = await ctx.ui.selectedTags();
    } catch (e) {
      ctx.showError(t(k('fetchFailed'), { message: e.message }));
      return;
    }
    if (my !== generation || !root) return;
    const runsByTag = new Map(selected.tags.map(({ tag, runs }) => [tag, runs]));
    const body = root.querySelector('.vdl-curve-cards');
    if (runsByTag.size === 0) {
      emptyState(body, selected.byRun);
      return;
    }
    body.querySelector('.vdl-curve-empty')?.remove();
    for (const [tag, c] of cards) {
      if (!runsByTag.has(tag)) { c.chart?.destroy(); c.card.remove(); cards.delete(tag); }
    }
    groups.prune();
    const tags = [...runsByTag.keys()];
    for (const tag of tags) {
      let c = cards.get(tag);
      if (!c) {
        c = makeCard(tag);
        cards.set(tag, c);
        groups.add(tag, c.card, tag);
      }
      c.runs = runsByTag.get(tag);
    }
    await Promise.all(tags.map((tag) => load(cards.get(tag), cards.get(tag).runs, my)));
  }

  function onResize() {
    for (const c of cards.values()) {
      if (c.chart) c.chart.setSize({ width: Math.max(240, c.plot.clientWidth), height: 300 });
    }
  }

  async function render(element, context) {
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
    const body = el('div', 'vdl-curve-cards');
    root.replaceChildren(body);
    groups = ctx.ui.tagGroups(body, { prefix: 'vdl-curve' });
    window.addEventListener('resize', onResize);
    unsubscribe = ctx.subscribe((event) => update(event.type === 'data' ? event.changes : undefined));
    await update();
  }

  function dispose() {
    generation++;
    if (unsubscribe) unsubscribe();
    unsubscribe = null;
    window.removeEventListener('resize', onResize);
    for (const c of cards.values()) c.chart?.destroy();
    if (sheet) {
      document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
      sheet = null;
    }
    cards.clear();
    groups = null;
    root = null;
    ctx = null;
  }

  return { render, dispose };
}
