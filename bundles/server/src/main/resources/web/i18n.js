// Languages: English and Simplified Chinese. Messages are keyed by their English text (as gettext
// does), so a missing translation shows English, and a plugin ships a file such as
// ui/messages/zh-CN.json ({"Smoothing": "平滑", "{n} points": "{n} 个点"}) to be translated too.

export const LOCALES = [['en', 'English'], ['zh-CN', '简体中文']];
const KEY = 'vdl.lang';

/** The remembered choice, else the browser's first language we have, else English. */
export function detectLocale() {
  const saved = localStorage.getItem(KEY);
  if (LOCALES.some(([l]) => l === saved)) return saved;
  for (const lang of navigator.languages || [navigator.language || 'en']) {
    if (/^zh\b/i.test(lang)) return 'zh-CN';
    if (/^en\b/i.test(lang)) return 'en';
  }
  return 'en';
}

export function rememberLocale(locale) {
  localStorage.setItem(KEY, locale);
}

/** The messages of one file, or {} when there is none (English needs none). */
export async function loadMessages(base, locale) {
  if (locale === 'en') return {};
  try {
    const resp = await fetch(`${base}${locale}.json`, { headers: { Accept: 'application/json' } });
    return resp.ok ? await resp.json() : {};
  } catch {
    return {};
  }
}

/** t(text, params): the translation of text with {name} placeholders filled from params. */
export function translator(...catalogues) {
  return (text, params) => {
    let s = text;
    for (const c of catalogues) {
      if (c && Object.prototype.hasOwnProperty.call(c, text)) { s = c[text]; break; }
    }
    return params ? s.replace(/\{(\w+)\}/g, (m, k) => (k in params ? String(params[k]) : m)) : s;
  };
}
