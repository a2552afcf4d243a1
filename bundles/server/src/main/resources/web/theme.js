// Light and dark themes: follow prefers-color-scheme until the user picks one, then remember it.
// The theme is a data-theme attribute on <html>; colours are CSS variables (app.css) that plugins
// use in their stylesheets and read for canvas drawing through context.theme.color('--text').

const KEY = 'vdl.theme';
const media = matchMedia('(prefers-color-scheme: dark)');

export function currentTheme() {
  const saved = localStorage.getItem(KEY);
  if (saved === 'dark' || saved === 'light') return saved;
  return media.matches ? 'dark' : 'light';
}

export function applyTheme() {
  const theme = currentTheme();
  document.documentElement.dataset.theme = theme;
  document.documentElement.style.colorScheme = theme;
  return theme;
}

export function toggleTheme() {
  localStorage.setItem(KEY, currentTheme() === 'dark' ? 'light' : 'dark');
  return applyTheme();
}

/** Calls fn when the system preference changes and no choice overrides it. */
export function onSystemThemeChange(fn) {
  media.addEventListener('change', () => { if (!localStorage.getItem(KEY)) fn(applyTheme()); });
}

/** The value of a theme variable, e.g. color('--text'). */
export function themeColor(name) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}
