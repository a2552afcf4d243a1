// Pure functions of the scalar dashboard, tested with node's test runner (src/test/js).

/** The API sends NaN and infinities as strings; everything else is a number. */
export function toNumber(v) {
  if (typeof v === 'number') return v;
  if (v === 'NaN') return NaN;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  return Number(v);
}

/**
 * Exponential moving average with debiasing, as TensorBoard smooths: the first points are not
 * pulled towards zero. Non-finite values pass through unchanged and do not disturb the average.
 */
export function smooth(values, weight) {
  const out = new Float64Array(values.length);
  if (weight <= 0) {
    out.set(values);
    return out;
  }
  let last = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) {
      out[i] = v;
      continue;
    }
    last = last * weight + (1 - weight) * v;
    n++;
    out[i] = last / (1 - weight ** n);
  }
  return out;
}

/** The [lo, hi] quantiles of every finite value in the arrays (nulls skipped), or null. */
export function percentileRange(arrays, lo, hi) {
  const all = [];
  for (const a of arrays) {
    for (const v of a) if (v !== null && Number.isFinite(v)) all.push(v);
  }
  if (all.length === 0) return null;
  all.sort((a, b) => a - b);
  const at = (q) => all[Math.min(all.length - 1, Math.max(0, Math.round(q * (all.length - 1))))];
  return [at(lo), at(hi)];
}

/** CSV of every point: run, tag, step, wall time (seconds), value (NaN and infinities by name). */
export function csvOf(tag, runs) {
  const quote = (s) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = ['run,tag,step,wall_time,value'];
  for (const [run, d] of runs) {
    const r = quote(run);
    const t = quote(tag);
    for (let i = 0; i < d.steps.length; i++) {
      lines.push(`${r},${t},${d.steps[i]},${d.walls[i] / 1000},${String(d.values[i])}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
