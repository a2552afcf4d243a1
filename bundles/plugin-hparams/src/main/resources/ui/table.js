// The session table: a header of sortable columns and virtualised rows (only the rows in view
// exist in the DOM), so 1,000 sessions x 25 columns scroll as smoothly as 10.
import { cell, fmt } from './model.js';

const ROW = 28;
const OVERSCAN = 8;
const RUN_WIDTH = 220;
const COL_WIDTH = 120;

export function createTable(host, env) {
  // env: { t, runColor, onSort(id), onSelect(row) }
  const scroll = document.createElement('div');
  scroll.className = 'vdl-hp-table';
  scroll.setAttribute('role', 'table');
  scroll.tabIndex = 0;
  const head = document.createElement('div');
  head.className = 'vdl-hp-thead';
  head.setAttribute('role', 'row');
  const spacer = document.createElement('div');
  spacer.className = 'vdl-hp-spacer';
  const body = document.createElement('div');
  body.className = 'vdl-hp-tbody';
  body.setAttribute('role', 'rowgroup');
  spacer.append(body);
  scroll.append(head, spacer);
  host.append(scroll);

  let state = null; // { table, rows, columns, sort, selected }
  let frame = 0;
  const pool = [];

  function template(n) {
    return `${RUN_WIDTH}px repeat(${n}, ${COL_WIDTH}px)`;
  }

  function update(next) {
    state = next;
    const { columns, sort } = state;
    const grid = template(columns.length);
    head.style.gridTemplateColumns = grid;
    head.replaceChildren(...[{ id: 'run', name: env.t('table.run') }, ...columns].map((c) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'vdl-hp-th';
      b.setAttribute('role', 'columnheader');
      b.dataset.col = c.id;
      b.title = c.id === 'run' ? c.name : `${c.name} (${env.t(c.group === 'metric' ? 'side.metric' : `type.${c.type}`)})`;
      const label = document.createElement('span');
      label.textContent = c.name;
      b.append(label);
      if (c.group === 'metric') b.classList.add('is-metric');
      if (sort === c.id || sort === `-${c.id}`) {
        const arrow = document.createElement('span');
        arrow.className = 'vdl-hp-arrow';
        arrow.textContent = sort === c.id ? '▲' : '▼';
        b.append(arrow);
        b.setAttribute('aria-sort', sort === c.id ? 'ascending' : 'descending');
      } else {
        b.setAttribute('aria-sort', 'none');
      }
      b.addEventListener('click', () => env.onSort(c.id));
      return b;
    }));
    spacer.style.height = `${state.rows.length * ROW}px`;
    spacer.style.width = `${RUN_WIDTH + columns.length * COL_WIDTH}px`;
    for (const r of pool) r.remove();
    pool.length = 0;
    paint();
  }

  function rowElement() {
    const r = document.createElement('div');
    r.className = 'vdl-hp-tr';
    r.setAttribute('role', 'row');
    r.addEventListener('click', () => { if (r.dataset.row) env.onSelect(Number(r.dataset.row)); });
    return r;
  }

  function paint() {
    frame = 0;
    if (!state) return;
    const { table, rows, columns, selected } = state;
    const first = Math.max(0, Math.floor(scroll.scrollTop / ROW) - OVERSCAN);
    const visible = Math.ceil((scroll.clientHeight || 600) / ROW) + 2 * OVERSCAN;
    const last = Math.min(rows.length, first + visible);
    body.style.transform = `translateY(${first * ROW}px)`;
    const grid = template(columns.length);
    while (pool.length < last - first) {
      const r = rowElement();
      r.style.gridTemplateColumns = grid;
      const run = document.createElement('div');
      run.className = 'vdl-hp-td vdl-hp-run';
      run.setAttribute('role', 'cell');
      const sw = document.createElement('span');
      sw.className = 'vdl-hp-swatch';
      const name = document.createElement('span');
      run.append(sw, name);
      r.append(run);
      for (let i = 0; i < columns.length; i++) {
        const c = document.createElement('div');
        c.className = 'vdl-hp-td';
        c.setAttribute('role', 'cell');
        r.append(c);
      }
      body.append(r);
      pool.push(r);
    }
    for (let k = 0; k < pool.length; k++) {
      const el = pool[k];
      const i = first + k;
      if (i >= last) { el.hidden = true; el.dataset.row = ''; continue; }
      el.hidden = false;
      const row = rows[i];
      el.dataset.row = String(row);
      el.classList.toggle('is-selected', row === selected);
      el.classList.toggle('is-odd', i % 2 === 1);
      const runName = table.runs[row];
      const runCell = el.firstChild;
      runCell.firstChild.style.background = env.runColor(runName);
      runCell.lastChild.textContent = runName;
      runCell.title = runName;
      for (let j = 0; j < columns.length; j++) {
        const v = cell(columns[j], row);
        const td = el.children[j + 1];
        const missing = v === null || (typeof v === 'number' && Number.isNaN(v));
        td.textContent = missing ? '' : fmt(v);
        td.classList.toggle('is-num', columns[j].type === 'number');
      }
    }
    performance.mark('vdl-hparams:table-drawn');
  }

  scroll.addEventListener('scroll', () => { if (!frame) frame = requestAnimationFrame(paint); }, { passive: true });
  const resize = new ResizeObserver(() => { if (!frame) frame = requestAnimationFrame(paint); });
  resize.observe(scroll);

  return {
    update,
    /** Scrolls so the given session row is visible. */
    reveal(row) {
      if (!state) return;
      const i = state.rows.indexOf(row);
      if (i < 0) return;
      const top = i * ROW;
      if (top < scroll.scrollTop || top > scroll.scrollTop + scroll.clientHeight - 2 * ROW) scroll.scrollTop = top - ROW * 3;
    },
    element: scroll,
    dispose() { resize.disconnect(); if (frame) cancelAnimationFrame(frame); scroll.remove(); },
  };
}
