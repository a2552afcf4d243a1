// Empty states that say where the data is: when the selected runs hold nothing of the open tab,
// a plugin's empty state names the tabs that do hold their data ("This run has text and PR
// curves."), instead of sending people to the tag filter. Built on GET /api/runs/plugins.

const MESSAGES = {
  en: {
    'shell.otherTabs.one': 'This run has {list}.',
    'shell.otherTabs.many': 'The selected runs have {list}.',
    'shell.otherTabs.noneOne': 'This run has no data yet.',
    'shell.otherTabs.noneMany': 'The selected runs have no data yet.',
    'shell.otherTabs.and': ' and ',
  },
  'zh-CN': {
    'shell.otherTabs.one': '此运行有{list}的数据。',
    'shell.otherTabs.many': '所选运行有{list}的数据。',
    'shell.otherTabs.noneOne': '此运行还没有数据。',
    'shell.otherTabs.noneMany': '所选运行还没有数据。',
    'shell.otherTabs.and': '和',
  },
};

function language() {
  const lang = document.documentElement.lang || navigator.language || 'en';
  return lang.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

function fill(text, params) {
  return text.replace(/\{(\w+)\}/g, (m, k) => (k in params ? String(params[k]) : m));
}

/** The shell's translation when it has one for the key, else this module's own messages. */
function translate(t, key, params = {}) {
  const own = MESSAGES[language()][key] ?? MESSAGES.en[key];
  let text;
  try { text = t ? t(key, params) : undefined; } catch { text = undefined; }
  return text && text !== key ? text : fill(own, params);
}

/** A tab title as words in a sentence: "PR Curves" -> "PR curves", "Text" -> "text". */
function asWords(title) {
  return language() === 'en' ? title.replace(/\b([A-Z])([a-z]+)\b/g, (w, a, b) => a.toLowerCase() + b) : title;
}

/**
 * The empty-state helpers of one plugin's context.
 *
 * @param {{plugin: string, plugins: () => {name: string, title: string}[],
 *          getJson: (url: string) => Promise<any>, open: (name: string) => void,
 *          t?: (key: string, params?: object) => string}} shell
 */
export function emptyStateFor(shell) {
  /**
   * Which other tabs hold data of the given runs, when none of them has data of this tab:
   * {tabs: [{name, title}], message} (message null when this tab has data of some run).
   */
  async function otherTabsWithData(runs) {
    const names = runs.map((r) => (typeof r === 'string' ? r : r.name));
    const byRun = await shell.getJson('/api/runs/plugins');
    const has = new Set();
    for (const run of names) for (const p of byRun[run] || []) has.add(p);
    if (names.length === 0 || has.has(shell.plugin)) return { tabs: [], message: null };
    const tabs = shell.plugins().filter((p) => p.name !== shell.plugin && has.has(p.name))
      .map((p) => ({ name: p.name, title: p.title }));
    const one = names.length === 1;
    if (tabs.length === 0) {
      return { tabs, message: translate(shell.t, one ? 'shell.otherTabs.noneOne' : 'shell.otherTabs.noneMany') };
    }
    // Titles as the tabs show them: translated by the shell, then lower-cased in an English sentence.
    const words = tabs.map((p) => asWords(shell.t ? shell.t(p.title) : p.title));
    const and = translate(shell.t, 'shell.otherTabs.and');
    const list = words.length === 1 ? words[0]
      : words.slice(0, -1).join(language() === 'en' ? ', ' : '、') + and + words[words.length - 1];
    return { tabs, message: translate(shell.t, one ? 'shell.otherTabs.one' : 'shell.otherTabs.many', { list }) };
  }

  /**
   * Puts the answer of otherTabsWithData into an empty-state element: a paragraph
   * (class vdl-other-tabs) whose tab names open those tabs. With {replace: true} it replaces the
   * element's content (a filter hint that would mislead); otherwise it goes first.
   */
  async function explainEmpty(element, runs, { replace = false } = {}) {
    let answer;
    try { answer = await otherTabsWithData(runs); } catch { return null; }
    if (!answer.message || !element.isConnected) return null;
    const p = document.createElement('p');
    p.className = 'vdl-other-tabs';
    p.dataset.plugins = answer.tabs.map((x) => x.name).join(' ');
    p.textContent = answer.message;
    if (answer.tabs.length) {
      const links = document.createElement('span');
      links.className = 'vdl-other-tabs-links';
      for (const tab of answer.tabs) {
        const a = document.createElement('a');
        a.href = `?plugin=${encodeURIComponent(tab.name)}`;
        a.textContent = tab.title;
        a.dataset.plugin = tab.name;
        a.addEventListener('click', (e) => { e.preventDefault(); shell.open(tab.name); });
        links.append(' ', a);
      }
      p.append(links);
    }
    element.querySelector(':scope > .vdl-other-tabs')?.remove();
    if (replace) element.replaceChildren(p); else element.prepend(p);
    return p;
  }

  return { otherTabsWithData, explainEmpty };
}
