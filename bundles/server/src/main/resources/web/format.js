// Number, tick, duration and text formatting shared by the shell and every plugin. Pure functions
// of a locale, tested with node's test runner (src/test/js).

/** A number as the locale writes it, with up to `digits` significant digits. */
export function formatNumber(v, locale = 'en', digits = 6) {
  if (typeof v !== 'number') return String(v);
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-4 || a >= 1e15)) return expo(v, digits);
  if (Number.isInteger(v)) return new Intl.NumberFormat(locale).format(v);
  return new Intl.NumberFormat(locale, { maximumSignificantDigits: digits }).format(v);
}

/** Exponent form without trailing zeros: 1e-4, 2.5e-5, -3e+21 written as -3e21. */
export function expo(v, digits = 6) {
  const [m, e] = v.toExponential(Math.max(0, digits - 1)).split('e');
  const mant = m.includes('.') ? m.replace(/0+$/, '').replace(/\.$/, '') : m;
  return `${mant}e${Number(e)}`;
}

/** Compact forms for large axis values: 750k, 1M, 2.5G (locale digits, SI suffixes). */
export function compact(v, locale = 'en') {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  const units = [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k']];
  for (const [size, suffix] of units) {
    if (a >= size) {
      const n = new Intl.NumberFormat(locale, { maximumFractionDigits: 3, useGrouping: false }).format(v / size);
      return `${n}${suffix}`;
    }
  }
  return new Intl.NumberFormat(locale, { maximumSignificantDigits: 6 }).format(v);
}

/**
 * Labels for axis ticks that are all distinct and exact: small and large magnitudes in exponent
 * form (1e-4, 1e-5), thousands and millions compact (750k, 1M), the rest as the locale writes them.
 * Adds significant digits until no two labels of different ticks read the same.
 */
export function tickLabels(ticks, locale = 'en', { compactLarge = true } = {}) {
  for (let digits = 3; digits <= 12; digits++) {
    const labels = ticks.map((v) => tickLabel(v, locale, digits, compactLarge));
    const seen = new Map();
    let clash = false;
    ticks.forEach((v, i) => {
      const other = seen.get(labels[i]);
      if (other !== undefined && other !== v) clash = true;
      seen.set(labels[i], v);
    });
    if (!clash) return labels;
  }
  return ticks.map((v) => String(v));
}

function tickLabel(v, locale, digits, compactLarge) {
  if (v == null || !Number.isFinite(v)) return v == null ? '' : String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a < 1e-3 || a >= 1e15) return expo(Number(v.toPrecision(digits)), digits);
  if (compactLarge && a >= 1e4) {
    const units = [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k']];
    for (const [size, suffix] of units) {
      if (a >= size) return `${trim(Number((v / size).toPrecision(digits)), locale)}${suffix}`;
    }
  }
  return trim(Number(v.toPrecision(digits)), locale);
}

function trim(v, locale) {
  return new Intl.NumberFormat(locale, { maximumSignificantDigits: 15 }).format(v);
}

/** A duration in seconds as h/m/s: 45s, 2m 05s, 3h 04m, 2d 5h. */
export function duration(seconds) {
  if (!Number.isFinite(seconds)) return String(seconds);
  const sign = seconds < 0 ? '-' : '';
  let s = Math.abs(seconds);
  if (s < 60) return `${sign}${Number(s.toPrecision(3))}s`;
  s = Math.round(s);
  const d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
  const two = (n) => String(n).padStart(2, '0');
  if (d > 0) return `${sign}${d}d ${h}h`;
  if (h > 0) return `${sign}${h}h ${two(m)}m`;
  return `${sign}${m}m ${two(r)}s`;
}

/**
 * Cuts text in the middle so that it fits `fits(text)`, keeping more of the end (where run names
 * differ: ".../lr-0.1" vs ".../lr-0.01"). Returns text itself when it fits.
 */
export function middleEllipsis(text, fits) {
  if (fits(text)) return text;
  let lo = 0, hi = text.length - 1, best = '…';
  while (lo <= hi) {
    const keep = (lo + hi) >> 1;
    const head = Math.floor(keep * 0.4);
    const candidate = `${text.slice(0, head)}…${text.slice(text.length - (keep - head))}`;
    if (fits(candidate)) { best = candidate; lo = keep + 1; } else hi = keep - 1;
  }
  return best;
}
