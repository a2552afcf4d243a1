// One session opened: its hyper-parameters and a curve per metric, the curves read from the
// scalar plugin's series route and drawn with the shell's uPlot.
import { fmt, num } from './model.js';
import { themeOf } from './theme.js';

/**
 * GETs a route of another plugin: the context's fetch is scoped to this plugin, so this does what
 * the shell's does (same origin, JSON, the server's error message on failure).
 */
export async function fetchPluginJson(plugin, path, query) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null) q.set(k, v);
  const resp = await fetch(`/api/plugins/${encodeURIComponent(plugin)}/${path}?${q}`, {
    headers: { Accept: 'application/json' }, credentials: 'same-origin',
  });
  const body = await resp.json().catch(() => ({ error: resp.statusText }));
  if (!resp.ok) throw new Error(body.error || `${resp.status} ${resp.statusText}`);
  return body;
}

export function createDetail(host, env) {
  // env: { t, root, runColor, uPlot, onClose() }
  const panel = document.createElement('section');
  panel.className = 'vdl-hp-detail';
  panel.hidden = true;
  host.append(panel);
  let plots = [];
  let token = 0;

  function clear() {
    for (const p of plots) p.destroy();
    plots = [];
    panel.replaceChildren();
  }

  async function show(table, row) {
    const my = ++token;
    clear();
    if (row === null || row < 0) { panel.hidden = true; return; }
    panel.hidden = false;
    const run = table.runs[row];
    const session = table.sessions[row];
    const head = document.createElement('div');
    head.className = 'vdl-hp-detail-head';
    const sw = document.createElement('span');
    sw.className = 'vdl-hp-swatch';
    sw.style.background = env.runColor(run);
    const title = document.createElement('h3');
    title.textContent = env.t('detail.title', { run });
    const close = document.createElement('button');
    close.type = 'button';
    close.className = 'vdl-hp-button';
    close.textContent = env.t('detail.close');
    close.addEventListener('click', () => env.onClose());
    head.append(sw, title, close);

    const list = document.createElement('dl');
    list.className = 'vdl-hp-values';
    for (const [name, v] of Object.entries(session.hparams || {})) {
      const dt = document.createElement('dt'); dt.textContent = name;
      const dd = document.createElement('dd'); dd.textContent = typeof v === 'number' ? fmt(v) : String(v);
      // One grid cell per pair (a <div> in a <dl> is valid HTML): dt and dd as separate cells
      // fall out of step when the grid has an odd number of columns.
      const pair = document.createElement('div'); pair.append(dt, dd);
      list.append(pair);
    }
    const charts = document.createElement('div');
    charts.className = 'vdl-hp-charts';
    panel.append(head, list, charts);

    const tags = Object.keys(session.metrics || {});
    if (tags.length === 0) {
      const p = document.createElement('p');
      p.className = 'vdl-hp-note';
      p.textContent = env.t('detail.noMetrics');
      charts.append(p);
      return;
    }
    const theme = themeOf(env.root);
    await Promise.all(tags.map(async (tag) => {
      const card = document.createElement('div');
      card.className = 'vdl-hp-chart';
      const h = document.createElement('h4');
      h.textContent = tag;
      const latest = session.metrics[tag];
      const value = document.createElement('span');
      value.className = 'vdl-hp-note';
      value.textContent = latest === null ? env.t('detail.noValue') : env.t('detail.latest', { value: fmt(num(latest)) });
      h.append(' ', value);
      const plot = document.createElement('div');
      plot.className = 'vdl-hp-plot';
      plot.textContent = env.t('detail.loading');
      card.append(h, plot);
      charts.append(card);
      if (latest === null) { plot.textContent = env.t('detail.noData', { tag }); return; }
      try {
        const s = await fetchPluginJson('scalar', 'series', { run, tag, points: 1000 });
        if (my !== token) return;
        plot.textContent = '';
        const width = Math.max(240, card.clientWidth - 16);
        const p = new env.uPlot({
          width, height: 160,
          legend: { show: false },
          cursor: { drag: { x: false, y: false } },
          scales: { x: { time: false } },
          axes: [
            { stroke: theme.muted, grid: { stroke: theme.border, width: 1 }, ticks: { stroke: theme.border } },
            { stroke: theme.muted, grid: { stroke: theme.border, width: 1 }, ticks: { stroke: theme.border }, size: 56 },
          ],
          series: [{}, { label: tag, stroke: env.runColor(run), width: 1.5, points: { show: false } }],
        }, [Float64Array.from(s.steps), Float64Array.from(s.values, num)], plot);
        plots.push(p);
      } catch (e) {
        if (my === token) plot.textContent = env.t('detail.error', { message: e.message });
      }
    }));
    if (my === token) performance.mark('vdl-hparams:detail-drawn');
  }

  return {
    show,
    dispose() { token++; clear(); panel.remove(); },
  };
}
