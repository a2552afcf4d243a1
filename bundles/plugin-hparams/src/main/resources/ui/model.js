// The hparams dashboard's data model, free of the DOM so node's test runner can check it: columns
// built once per experiment (numbers in Float64Arrays, strings and flags as category codes), the
// filters every view shares, sorting, axis scales and the colour scale.

/** A JSON number, or the server's "NaN"/"Infinity" strings, or null (missing) as a number. */
export function num(v) {
  if (v === null || v === undefined) return NaN;
  return typeof v === 'number' ? v : Number(v);
}

export function fmt(v) {
  if (typeof v !== 'number') return String(v);
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toExponential(3).replace(/\.?0+e/, 'e');
  return Number(v.toPrecision(5)).toString();
}

/**
 * The experiment as columns: one per hparam (`h:name`) and one per metric (`m:tag`), each holding
 * one value per session. Number columns: `values` is a Float64Array (NaN when missing) with the
 * finite range and whether a log axis suits it; string and bool columns: `codes` is an Int32Array
 * of indices into `categories` (-1 when missing).
 */
export function buildTable(experiment) {
  const sessions = experiment.sessions || [];
  const n = sessions.length;
  const runs = sessions.map((s) => s.run);
  const columns = [];
  for (const h of experiment.hparams || []) {
    const col = { id: `h:${h.name}`, group: 'hparam', name: h.name, type: h.type };
    if (h.type === 'number') {
      col.values = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const v = sessions[i].hparams ? sessions[i].hparams[h.name] : undefined;
        col.values[i] = num(v);
      }
    } else {
      col.categories = (h.values || []).map(String);
      const index = new Map(col.categories.map((c, i) => [c, i]));
      col.codes = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const v = sessions[i].hparams ? sessions[i].hparams[h.name] : undefined;
        if (v === undefined || v === null) { col.codes[i] = -1; continue; }
        let code = index.get(String(v));
        if (code === undefined) { code = col.categories.length; col.categories.push(String(v)); index.set(String(v), code); }
        col.codes[i] = code;
      }
    }
    columns.push(col);
  }
  for (const m of experiment.metrics || []) {
    const col = { id: `m:${m.tag}`, group: 'metric', name: m.tag, type: 'number', values: new Float64Array(n) };
    for (let i = 0; i < n; i++) {
      col.values[i] = num(sessions[i].metrics ? sessions[i].metrics[m.tag] : null);
    }
    columns.push(col);
  }
  for (const col of columns) {
    if (col.type !== 'number') continue;
    let lo = Infinity; let hi = -Infinity;
    for (const v of col.values) if (Number.isFinite(v)) { if (v < lo) lo = v; if (v > hi) hi = v; }
    col.min = lo; col.max = hi;
    // Learning rates and weight decays spread over decades: a log axis shows them evenly.
    col.log = col.group === 'hparam' && lo > 0 && hi / lo >= 100;
  }
  return { runs, sessions, columns, byId: new Map(columns.map((c) => [c.id, c])) };
}

/** The value of a cell for display and sorting: a number (NaN when missing) or a string (null when missing). */
export function cell(col, row) {
  if (col.type === 'number') return col.values[row];
  const c = col.codes[row];
  return c < 0 ? null : col.categories[c];
}

/** Whether a cell holds a value. */
export function present(col, row) {
  return col.type === 'number' ? !Number.isNaN(col.values[row]) : col.codes[row] >= 0;
}

/** Whether a filter restricts anything. */
export function active(filter) {
  if (!filter) return false;
  if ('min' in filter || 'max' in filter) return Number.isFinite(filter.min) || Number.isFinite(filter.max);
  return (filter.exclude && filter.exclude.length > 0) || Boolean(filter.match);
}

/**
 * The rows that pass every filter, among the rows whose run is in `runSet` (all when null), in
 * session order. A number filter `{min, max}` (either may be absent) keeps values within it, both
 * ends included, and drops missing values; a category filter `{exclude: [values], match: text}`
 * drops excluded values and, with `match`, values not containing it (ignoring case).
 */
export function filterRows(table, filters, runSet = null) {
  const n = table.runs.length;
  const keep = new Uint8Array(n).fill(1);
  if (runSet) for (let i = 0; i < n; i++) if (!runSet.has(table.runs[i])) keep[i] = 0;
  for (const [id, f] of Object.entries(filters || {})) {
    const col = table.byId.get(id);
    if (!col || !active(f)) continue;
    if (col.type === 'number') {
      const lo = Number.isFinite(f.min) ? f.min : -Infinity;
      const hi = Number.isFinite(f.max) ? f.max : Infinity;
      const v = col.values;
      for (let i = 0; i < n; i++) if (keep[i] && !(v[i] >= lo && v[i] <= hi)) keep[i] = 0;
    } else {
      const excluded = new Set(f.exclude || []);
      const match = (f.match || '').toLowerCase();
      const ok = col.categories.map((c) => !excluded.has(c) && (!match || c.toLowerCase().includes(match)));
      const codes = col.codes;
      // A missing value passes only when nothing is asked of the column beyond exclusions.
      const missingOk = !match;
      for (let i = 0; i < n; i++) if (keep[i] && !(codes[i] < 0 ? missingOk : ok[codes[i]])) keep[i] = 0;
    }
  }
  let count = 0;
  for (let i = 0; i < n; i++) count += keep[i];
  const rows = new Int32Array(count);
  for (let i = 0, k = 0; i < n; i++) if (keep[i]) rows[k++] = i;
  return rows;
}

/**
 * The rows sorted by a column (`id`, or `-id` for descending; `run` sorts by run name); missing
 * values go last in either direction; ties keep session order.
 */
export function sortRows(table, rows, sort) {
  if (!sort) return rows;
  const desc = sort.startsWith('-');
  const id = desc ? sort.slice(1) : sort;
  const sign = desc ? -1 : 1;
  const out = Array.from(rows);
  if (id === 'run') {
    const r = table.runs;
    out.sort((a, b) => sign * (r[a] < r[b] ? -1 : r[a] > r[b] ? 1 : 0) || a - b);
    return Int32Array.from(out);
  }
  const col = table.byId.get(id);
  if (!col) return rows;
  if (col.type === 'number') {
    const v = col.values;
    out.sort((a, b) => {
      const x = v[a]; const y = v[b];
      const mx = Number.isNaN(x); const my = Number.isNaN(y);
      if (mx || my) return mx === my ? a - b : mx ? 1 : -1;
      return sign * (x - y) || a - b;
    });
  } else {
    const c = col.codes; const cats = col.categories;
    out.sort((a, b) => {
      const x = c[a]; const y = c[b];
      if (x < 0 || y < 0) return (x < 0) === (y < 0) ? a - b : x < 0 ? 1 : -1;
      const s = cats[x] < cats[y] ? -1 : cats[x] > cats[y] ? 1 : 0;
      return sign * s || a - b;
    });
  }
  return Int32Array.from(out);
}

/** The next sort when a column's header is clicked: ascending, descending, none. */
export function nextSort(current, id) {
  if (current === id) return `-${id}`;
  if (current === `-${id}`) return null;
  return id;
}

/**
 * An axis of a column, mapping values to [0, 1] (0 at the bottom): linear or log over the finite
 * range for numbers, evenly spaced categories otherwise. NaN for a missing value.
 */
export function axisOf(col) {
  if (col.type === 'number') {
    let lo = col.min; let hi = col.max;
    if (!Number.isFinite(lo)) { lo = 0; hi = 1; }
    if (col.log) {
      const a = Math.log10(lo); const b = Math.log10(hi);
      return {
        col, log: true,
        unit: (v) => (b === a ? 0.5 : (Math.log10(v) - a) / (b - a)),
        value: (u) => 10 ** (a + u * (b - a)),
        ticks: () => logTicks(lo, hi),
      };
    }
    const span = hi - lo;
    return {
      col, log: false,
      unit: (v) => (span === 0 ? 0.5 : (v - lo) / span),
      value: (u) => (span === 0 ? lo : lo + u * span),
      ticks: () => (span === 0 ? [lo] : [lo, lo + span / 2, hi]),
    };
  }
  const k = col.categories.length;
  return {
    col, log: false,
    unit: (code) => (code < 0 ? NaN : k <= 1 ? 0.5 : code / (k - 1)),
    // The categories whose position lies within [u0, u1].
    within: (u0, u1) => col.categories.filter((_, i) => {
      const u = k <= 1 ? 0.5 : i / (k - 1);
      return u >= u0 && u <= u1;
    }),
    ticks: () => col.categories.map((c, i) => i),
  };
}

function logTicks(lo, hi) {
  const ticks = [];
  for (let e = Math.ceil(Math.log10(lo)); e <= Math.floor(Math.log10(hi)); e++) ticks.push(10 ** e);
  if (ticks.length < 2) return [lo, hi];
  return ticks;
}

/** The unit position of row `row` on an axis, NaN when missing. */
export function unitOf(axis, row) {
  const col = axis.col;
  if (col.type === 'number') {
    const v = col.values[row];
    return Number.isNaN(v) || (axis.log && v <= 0) ? NaN : axis.unit(v);
  }
  return axis.unit(col.codes[row]);
}

/**
 * The filter a brush from unit position u0 to u1 (any order) sets on the axis's column: a value
 * range for numbers, the categories outside the brush excluded otherwise.
 */
export function brushFilter(axis, u0, u1) {
  const a = Math.max(0, Math.min(u0, u1)); const b = Math.min(1, Math.max(u0, u1));
  // Four significant digits: what a hand on a 300-pixel axis can mean, and readable in the URL.
  if (axis.col.type === 'number') return { min: round4(axis.value(a)), max: round4(axis.value(b)) };
  const kept = new Set(axis.within(a, b));
  return { exclude: axis.col.categories.filter((c) => !kept.has(c)) };
}

function round4(v) {
  return Number(v.toPrecision(4));
}

/** The unit range a filter covers on an axis (for drawing the brush), or null. */
export function brushExtent(axis, filter) {
  if (!active(filter)) return null;
  if (axis.col.type === 'number') {
    const lo = Number.isFinite(filter.min) ? Math.max(0, Math.min(1, axis.unit(filter.min))) : 0;
    const hi = Number.isFinite(filter.max) ? Math.max(0, Math.min(1, axis.unit(filter.max))) : 1;
    return [lo, hi];
  }
  const ex = new Set(filter.exclude || []);
  let lo = Infinity; let hi = -Infinity;
  axis.col.categories.forEach((c, i) => {
    if (ex.has(c)) return;
    const u = axis.unit(i);
    lo = Math.min(lo, u); hi = Math.max(hi, u);
  });
  return lo <= hi ? [lo, hi] : null;
}

/** Colour of t in [0, 1] along stops (hex colours), as rgb(). */
export function ramp(stops, t) {
  if (!Number.isFinite(t)) return null;
  const x = Math.max(0, Math.min(1, t)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  const a = hex(stops[i]); const b = hex(stops[i + 1]);
  const c = a.map((v, k) => Math.round(v + (b[k] - v) * f));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

function hex(s) {
  const m = /^#?([0-9a-f]{6})$/i.exec(String(s).trim());
  if (!m) {
    const r = /rgba?\((\d+)\D+(\d+)\D+(\d+)/.exec(String(s));
    return r ? [Number(r[1]), Number(r[2]), Number(r[3])] : [128, 128, 128];
  }
  const v = parseInt(m[1], 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

/** Reads a JSON value kept in the URL, or the fallback when absent or not valid. */
export function parseJson(text, fallback) {
  if (!text) return fallback;
  try {
    const v = JSON.parse(text);
    return v === null || typeof v !== typeof fallback ? fallback : v;
  } catch {
    return fallback;
  }
}

/** The filters without inactive ones, for the URL. */
export function compactFilters(filters) {
  const out = {};
  for (const [id, f] of Object.entries(filters)) if (active(f)) out[id] = f;
  return out;
}

/** `{name}` placeholders of a message replaced by params. */
export function interpolate(message, params) {
  if (!params) return message;
  return message.replace(/\{(\w+)\}/g, (m, k) => (k in params ? String(params[k]) : m));
}
