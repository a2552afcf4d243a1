// Run colours: a categorical palette designed for distinctness, assigned so that the runs on
// screen differ, remembered in the browser (the same in every tab and after a reload), and
// changeable per run. Pure functions here; the shell keeps the assignment in localStorage.

/**
 * 24 categorical colours: Tableau's ten, their lighter partners, then four dark ones. The order
 * puts the most distinct first, so the first runs differ most.
 */
export const PALETTE = [
  '#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f',
  '#bcbd22', '#17becf', '#aec7e8', '#ffbb78', '#98df8a', '#ff9896', '#c5b0d5', '#f7b6d2',
  '#dbdb8d', '#9edae5', '#393b79', '#637939', '#b5a21e', '#843c39', '#7b4173', '#3b9c9c',
];

/**
 * Gives every run in names (already sorted) that has no palette index yet the index used least by
 * the runs present, lowest first. Earlier assignments never change, so colours stay stable.
 * Returns the updated assignment (a new object).
 */
export function assignColors(names, assigned) {
  const out = { ...assigned };
  const uses = new Array(PALETTE.length).fill(0);
  for (const n of names) if (out[n] !== undefined && out[n] < PALETTE.length) uses[out[n]]++;
  for (const n of names) {
    if (out[n] !== undefined && out[n] < PALETTE.length) continue;
    let best = 0;
    for (let i = 1; i < PALETTE.length; i++) if (uses[i] < uses[best]) best = i;
    out[n] = best;
    uses[best]++;
  }
  return out;
}

/** CIE L*a*b* of a #rrggbb colour (D65). */
export function toLab(hex) {
  const n = parseInt(hex.slice(1), 16);
  const lin = (c) => { c /= 255; return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
  const r = lin((n >> 16) & 255), g = lin((n >> 8) & 255), b = lin(n & 255);
  const x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
  const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  const f = (t) => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}

/** CIE76 colour difference (Euclidean distance in L*a*b*). */
export function deltaE(a, b) {
  const p = toLab(a), q = toLab(b);
  return Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
}
