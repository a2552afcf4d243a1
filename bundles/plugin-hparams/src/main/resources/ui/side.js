// The side panel: every column with a checkbox that shows it and its filter (min/max for numbers,
// a checkbox per value for text and flags, plus a "contains" box when there are many values).
import { active, fmt } from './model.js';

const MAX_CHECKBOXES = 40;

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Fills the side panel: show/hide all, then a control per column, hyperparameters first. */
export function sidePanel(side, env) {
  side.replaceChildren();
  const tools = el('div', 'vdl-hp-side-tools');
  const showAll = el('button', 'vdl-hp-button', env.t('side.showAll'));
  const hideAll = el('button', 'vdl-hp-button', env.t('side.hideAll'));
  showAll.type = 'button';
  hideAll.type = 'button';
  showAll.addEventListener('click', () => { env.hidden.clear(); env.rebuild(); });
  hideAll.addEventListener('click', () => {
    for (const c of env.table.columns) env.hidden.add(c.id);
    env.rebuild();
  });
  tools.append(showAll, hideAll);
  side.append(tools);
  for (const group of ['hparam', 'metric']) {
    const cols = env.table.columns.filter((c) => c.group === group);
    if (cols.length === 0) continue;
    side.append(el('h4', '', env.t(group === 'hparam' ? 'side.hparams' : 'side.metrics')));
    for (const c of cols) side.append(columnControl(c, env));
  }
}

/** One column's control: a checkbox that shows it, and its filter inside a <details>. */
export function columnControl(col, env) {
  const box = el('details', 'vdl-hp-col');
  box.dataset.col = col.id;
  box.classList.toggle('is-filtered', active(env.filters[col.id]));
  if (active(env.filters[col.id])) box.open = true;
  const summary = el('summary');
  const show = el('input');
  show.type = 'checkbox';
  show.checked = !env.hidden.has(col.id);
  show.setAttribute('aria-label', env.t('side.show', { name: col.name }));
  show.addEventListener('click', (e) => e.stopPropagation());
  show.addEventListener('change', () => {
    if (show.checked) env.hidden.delete(col.id); else env.hidden.add(col.id);
    env.changed();
  });
  const name = el('span', 'vdl-hp-colname', col.name);
  name.title = col.name;
  const type = el('span', 'vdl-hp-type', env.t(col.group === 'metric' ? 'side.metric' : `type.${col.type}`));
  summary.append(show, name, type);
  box.append(summary);

  const filter = el('div', 'vdl-hp-filter');
  const current = env.filters[col.id] || {};
  if (col.type === 'number') {
    const range = el('div', 'vdl-hp-range');
    const min = el('input');
    const max = el('input');
    for (const [input, key, bound] of [[min, 'min', col.min], [max, 'max', col.max]]) {
      input.type = 'number';
      input.step = 'any';
      input.placeholder = Number.isFinite(bound) ? fmt(bound) : env.t(`side.${key}`);
      input.setAttribute('aria-label', env.t(`side.${key}Of`, { name: col.name }));
      if (Number.isFinite(current[key])) input.value = String(current[key]);
      input.addEventListener('change', () => {
        const f = { ...(env.filters[col.id] || {}) };
        const v = input.value === '' ? NaN : Number(input.value);
        if (Number.isFinite(v)) f[key] = v; else delete f[key];
        delete f.exclude; delete f.match;
        env.setFilter(col.id, f, false);
      });
    }
    range.append(min, max);
    filter.append(range);
  } else {
    const excluded = new Set(current.exclude || []);
    if (col.categories.length > MAX_CHECKBOXES) {
      const match = el('input');
      match.type = 'text';
      match.placeholder = env.t('side.contains');
      match.setAttribute('aria-label', env.t('side.containsOf', { name: col.name }));
      match.value = current.match || '';
      let timer = 0;
      match.addEventListener('input', () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          const f = { ...(env.filters[col.id] || {}) };
          if (match.value) f.match = match.value; else delete f.match;
          env.setFilter(col.id, f, false);
        }, 200);
      });
      filter.append(match);
    }
    for (const value of col.categories.slice(0, MAX_CHECKBOXES)) {
      const label = el('label');
      label.title = value;
      const cb = el('input');
      cb.type = 'checkbox';
      cb.checked = !excluded.has(value);
      cb.addEventListener('change', () => {
        const f = { ...(env.filters[col.id] || {}) };
        const ex = new Set(f.exclude || []);
        if (cb.checked) ex.delete(value); else ex.add(value);
        f.exclude = [...ex];
        if (f.exclude.length === 0) delete f.exclude;
        env.setFilter(col.id, f, false);
      });
      label.append(cb, document.createTextNode(value));
      filter.append(label);
    }
    if (col.categories.length > MAX_CHECKBOXES) {
      filter.append(el('span', 'vdl-hp-note', env.t('side.more', { count: col.categories.length - MAX_CHECKBOXES })));
    }
  }
  box.append(filter);
  return box;
}
