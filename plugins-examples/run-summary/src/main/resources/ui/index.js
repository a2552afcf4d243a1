// Run summary: a table of runs, built only on the plugin UI contract (render/dispose + context).
// Its strings go through context.t, translated by messages/zh-CN.json beside this file; numbers
// and dates are formatted for the user's language; colours come from the shell's theme variables.
let unsubscribe = null;
let sheet = null;

const STYLE = `
table.run-summary { border-collapse: collapse; background: var(--panel); color: var(--text); font-size: 13px; }
table.run-summary th, table.run-summary td { border-bottom: 1px solid var(--border); padding: 4px 10px; text-align: left; }
table.run-summary td.n { text-align: right; font-variant-numeric: tabular-nums; }
`;

export async function render(element, context) {
  const { t, format } = context;
  sheet = new CSSStyleSheet();
  sheet.replaceSync(STYLE);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  const table = document.createElement('table');
  table.className = 'run-summary';
  element.replaceChildren(table);
  const kinds = ['scalar', 'histogram', 'image', 'embedding', 'text'];
  async function update() {
    const rows = await context.fetch('runs');
    const selected = new Set(context.runs);
    const head = document.createElement('thead');
    const tr = document.createElement('tr');
    for (const h of [t('Run'), t('Scalars'), t('Histograms'), t('Images'), t('Embeddings'), t('Texts'), t('Last write')]) {
      const th = document.createElement('th');
      th.textContent = h;
      tr.append(th);
    }
    head.append(tr);
    const body = document.createElement('tbody');
    for (const r of rows.filter((x) => selected.has(x.run))) {
      const row = document.createElement('tr');
      row.dataset.run = r.run;
      const cells = [[r.run, ''], ...kinds.map((k) => [format.number(r.tagsByKind[k] || 0), 'n']),
        [r.lastWriteMs ? format.date(r.lastWriteMs) : '—', '']];
      for (const [text, cls] of cells) {
        const td = document.createElement('td');
        td.textContent = text;
        if (cls) td.className = cls;
        row.append(td);
      }
      body.append(row);
    }
    table.replaceChildren(head, body);
  }
  unsubscribe = context.subscribe(() => update().catch((e) => context.showError(e.message)));
  await update();
}

export function dispose() {
  if (unsubscribe) unsubscribe();
  unsubscribe = null;
  if (sheet) document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
  sheet = null;
}
