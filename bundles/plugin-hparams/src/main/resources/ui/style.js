// The dashboard's stylesheet, adopted as a CSSStyleSheet (the page's CSP allows no inline styles).
// Every colour is a CSS variable with a fallback: --vdl-* from the shell's theme, else the light theme.
export const STYLE = `
.vdl-hp { --hp-fg: var(--text, var(--text, #1f2328)); --hp-muted: var(--muted, var(--muted, #656d76));
  --hp-bg: var(--panel, var(--panel, #ffffff)); --hp-border: var(--border, var(--border, #d0d7de));
  --hp-accent: var(--accent, var(--accent, #2f6feb)); --hp-faint: var(--vdl-faint, rgba(128,128,128,0.18));
  --hp-brush: var(--vdl-selection, rgba(47,111,235,0.18)); --hp-highlight: var(--danger, var(--danger, #cf222e));
  --hp-stripe: var(--vdl-stripe, rgba(127,127,127,0.06)); --hp-selected: var(--vdl-selected, rgba(47,111,235,0.16));
  --hp-ramp: var(--vdl-hparams-ramp, #440154, #3b528b, #21918c, #5ec962, #fde725);
  color: var(--hp-fg); }
.vdl-hp-toolbar { display: flex; gap: 12px; align-items: center; flex-wrap: wrap; margin-bottom: 12px; }
.vdl-hp-views { display: inline-flex; border: 1px solid var(--hp-border); border-radius: 6px; overflow: hidden; }
.vdl-hp-views button { background: var(--hp-bg); color: var(--hp-fg); border: 0; padding: 5px 12px; font: inherit; cursor: pointer; }
.vdl-hp-views button + button { border-left: 1px solid var(--hp-border); }
.vdl-hp-views button[aria-pressed="true"] { background: var(--hp-accent); color: var(--accent-text, #fff); }
.vdl-hp-toolbar label { display: inline-flex; gap: 6px; align-items: center; color: var(--hp-muted); }
.vdl-hp select, .vdl-hp input[type="text"], .vdl-hp input[type="number"] { font: inherit; color: var(--hp-fg);
  background: var(--hp-bg); border: 1px solid var(--hp-border); border-radius: 4px; padding: 3px 6px; }
.vdl-hp-button { font: inherit; color: var(--hp-fg); background: var(--hp-bg); border: 1px solid var(--hp-border);
  border-radius: 4px; padding: 3px 10px; cursor: pointer; }
.vdl-hp-count { color: var(--hp-muted); }
.vdl-hp-legend { display: inline-flex; gap: 6px; align-items: center; color: var(--hp-muted); font-size: 12px; }
.vdl-hp-legend .vdl-hp-gradient { width: 120px; height: 10px; border-radius: 2px; border: 1px solid var(--hp-border); }
.vdl-hp-main { display: grid; grid-template-columns: 260px minmax(0, 1fr); gap: 12px; align-items: start; }
.vdl-hp-side { background: var(--hp-bg); border: 1px solid var(--hp-border); border-radius: 8px; padding: 8px;
  max-height: 75vh; overflow-y: auto; font-size: 13px; }
.vdl-hp-side h4 { margin: 8px 0 4px; font-size: 12px; color: var(--hp-muted); font-weight: 600; text-transform: uppercase; }
.vdl-hp-side-tools { display: flex; gap: 6px; margin-bottom: 4px; }
.vdl-hp-col { border-top: 1px solid var(--hp-border); padding: 4px 0; }
.vdl-hp-col > summary { display: flex; gap: 6px; align-items: center; cursor: pointer; list-style: none; }
.vdl-hp-col > summary::-webkit-details-marker { display: none; }
.vdl-hp-col .vdl-hp-colname { flex: 1; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.vdl-hp-col .vdl-hp-type { color: var(--hp-muted); font-size: 11px; }
.vdl-hp-col.is-filtered .vdl-hp-colname { color: var(--hp-accent); font-weight: 600; }
.vdl-hp-filter { padding: 4px 0 4px 22px; display: grid; gap: 4px; }
.vdl-hp-filter .vdl-hp-range { display: flex; gap: 4px; }
.vdl-hp-filter .vdl-hp-range input { width: 50%; min-width: 0; }
.vdl-hp-filter label { display: flex; gap: 6px; align-items: center; overflow: hidden; white-space: nowrap; text-overflow: ellipsis; }
.vdl-hp-note { color: var(--hp-muted); font-size: 12px; }
.vdl-hp-view { min-width: 0; position: relative; }
.vdl-hp-table { position: relative; overflow: auto; height: 70vh; border: 1px solid var(--hp-border); border-radius: 8px;
  background: var(--hp-bg); font-size: 13px; }
.vdl-hp-table:focus { outline: 2px solid var(--hp-accent); outline-offset: -2px; }
.vdl-hp-thead { position: sticky; top: 0; z-index: 1; display: grid; background: var(--hp-bg); border-bottom: 1px solid var(--hp-border); width: max-content; min-width: 100%; }
.vdl-hp-th { display: flex; gap: 4px; align-items: center; text-align: left; font: inherit; font-weight: 600; color: var(--hp-fg);
  background: none; border: 0; padding: 6px 8px; cursor: pointer; overflow: hidden; white-space: nowrap; }
.vdl-hp-th span:first-child { overflow: hidden; text-overflow: ellipsis; }
.vdl-hp-th.is-metric { color: var(--hp-accent); }
.vdl-hp-arrow { font-size: 10px; }
.vdl-hp-spacer { position: relative; }
.vdl-hp-tbody { position: absolute; left: 0; top: 0; will-change: transform; }
.vdl-hp-tr { display: grid; height: 28px; align-items: center; cursor: pointer; }
.vdl-hp-tr.is-odd { background: var(--hp-stripe); }
.vdl-hp-tr:hover { background: var(--hp-selected); }
.vdl-hp-tr.is-selected { background: var(--hp-selected); box-shadow: inset 3px 0 0 var(--hp-highlight); }
.vdl-hp-td { padding: 0 8px; overflow: hidden; white-space: nowrap; text-overflow: ellipsis; }
.vdl-hp-td.is-num { text-align: right; font-variant-numeric: tabular-nums; }
.vdl-hp-run { display: flex; gap: 6px; align-items: center; }
.vdl-hp-run span:last-child { overflow: hidden; text-overflow: ellipsis; }
.vdl-hp-swatch { width: 10px; height: 10px; border-radius: 2px; flex: none; display: inline-block; }
.vdl-hp-canvasbox { position: relative; background: var(--hp-bg); border: 1px solid var(--hp-border); border-radius: 8px; overflow: hidden; }
.vdl-hp-canvasbox canvas { display: block; }
.vdl-hp-canvasbox .vdl-hp-over { position: absolute; left: 0; top: 0; cursor: crosshair; }
.vdl-hp-canvasbox .vdl-hp-over.is-axis { cursor: ns-resize; }
.vdl-hp-matrix { overflow: auto; max-height: 75vh; }
.vdl-hp-view[data-view="parallel"] .vdl-hp-canvasbox { overflow-x: auto; }
.vdl-hp-hint { color: var(--hp-muted); font-size: 12px; margin: 0 0 6px; }
.vdl-hp-tip { position: fixed; z-index: 10; pointer-events: none; background: var(--tip-bg, rgba(36,41,47,.94));
  color: var(--tip-text, #fff); font-size: 12px; padding: 6px 8px; border-radius: 4px; max-width: 360px; }
.vdl-hp-tip[hidden] { display: none; }
.vdl-hp-tip .vdl-hp-tip-run { font-weight: 600; }
.vdl-hp-tip div { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.vdl-hp-detail { margin-top: 16px; background: var(--hp-bg); border: 1px solid var(--hp-border); border-radius: 8px; padding: 12px; }
.vdl-hp-detail[hidden] { display: none; }
.vdl-hp-detail-head { display: flex; gap: 8px; align-items: center; }
.vdl-hp-detail-head h3 { margin: 0; font-size: 14px; flex: 1; word-break: break-all; }
.vdl-hp-values { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 2px 16px; margin: 10px 0; font-size: 13px; }
.vdl-hp-values > div { display: flex; gap: 6px; min-width: 0; }
.vdl-hp-values dt { color: var(--hp-muted); }
.vdl-hp-values dt::after { content: ":"; }
.vdl-hp-values dd { margin: 0; }
.vdl-hp-charts { display: grid; gap: 12px; grid-template-columns: repeat(auto-fill, minmax(320px, 1fr)); }
.vdl-hp-chart { border: 1px solid var(--hp-border); border-radius: 6px; padding: 8px; min-width: 0; }
.vdl-hp-chart h4 { margin: 0 0 4px; font-size: 13px; word-break: break-all; }
.vdl-hp-plot { min-height: 160px; color: var(--hp-muted); font-size: 12px; }
.vdl-hp-empty { color: var(--hp-muted); max-width: 720px; line-height: 1.5; }
.vdl-hp-empty pre { background: var(--hp-bg); border: 1px solid var(--hp-border); padding: 12px; border-radius: 6px; color: var(--hp-fg); }
@media (max-width: 900px) { .vdl-hp-main { grid-template-columns: 1fr; } .vdl-hp-side { max-height: 240px; } }
`;
