// Run summary: a table of runs, built only on the plugin UI contract (render/dispose + context).
let unsubscribe = null;

export async function render(element, context) {
  const table = document.createElement('table');
  table.className = 'run-summary';
  element.replaceChildren(table);
  async function update() {
    const rows = await context.fetch('runs');
    const selected = new Set(context.runs);
    const head = '<thead><tr><th>Run</th><th>Scalars</th><th>Histograms</th><th>Images</th>'
      + '<th>Embeddings</th><th>Texts</th><th>Last write</th></tr></thead>';
    table.innerHTML = head;
    const body = document.createElement('tbody');
    for (const r of rows.filter((x) => selected.has(x.run))) {
      const tr = document.createElement('tr');
      tr.dataset.run = r.run;
      const cells = [r.run, ...['scalar', 'histogram', 'image', 'embedding', 'text']
        .map((k) => String(r.tagsByKind[k] || 0)),
      r.lastWriteMs ? new Date(r.lastWriteMs).toLocaleString() : '—'];
      for (const c of cells) {
        const td = document.createElement('td');
        td.textContent = c;
        tr.append(td);
      }
      body.append(tr);
    }
    table.append(body);
  }
  unsubscribe = context.subscribe(() => update().catch((e) => context.showError(e.message)));
  await update();
}

export function dispose() {
  if (unsubscribe) unsubscribe();
  unsubscribe = null;
}
