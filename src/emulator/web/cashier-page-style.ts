// The cashier page's look. Below 640 px each table row becomes a block of label/value pairs
// (the label from the cell's data-label), so a phone reads every column without scrolling sideways.
export const CASHIER_PAGE_STYLE = `
  :root { font-family: system-ui, sans-serif; color: #1b1b1b; background: #f5f6f8; }
  body { margin: 0 auto; max-width: 1100px; padding: 16px; }
  h1 { font-size: 1.4rem; margin: 0 0 4px; }
  h2 { font-size: 1.15rem; margin: 0 0 12px; }
  p { margin: 8px 0; }
  section { background: #fff; border-radius: 8px; padding: 16px; margin: 16px 0; box-shadow: 0 1px 2px #0002; min-width: 0; }
  .top { display: grid; gap: 16px; margin: 16px 0; }
  .top section { margin: 0; }
  #screen { margin-top: 12px; }
  @media (min-width: 900px) { .top { grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); align-items: start; } }
  label { display: block; font-weight: 600; margin-bottom: 6px; }
  input { font: inherit; font-size: 1.3rem; letter-spacing: .08em; padding: 8px; width: 100%; max-width: 22ch; box-sizing: border-box; }
  button { font: inherit; padding: 8px 14px; margin: 8px 8px 0 0; border-radius: 6px; border: 1px solid #0b5; background: #0a6e3a; color: #fff; cursor: pointer; }
  button:disabled { background: #999; border-color: #999; cursor: not-allowed; }
  dl { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 4px 12px; margin: 0; }
  dt { color: #555; }
  dd { margin: 0; overflow-wrap: anywhere; }
  #setup { grid-template-columns: minmax(0, 1fr); gap: 0; }
  #setup dt { font-size: .85rem; }
  #setup dd { margin-bottom: 6px; }
  .none { color: #8a5a00; }
  .hint { color: #555; font-size: .9rem; }
  .refused { color: #a0001b; font-weight: 600; }
  .ok { color: #0a6e3a; font-weight: 600; }
  table { border-collapse: collapse; width: 100%; font-size: .9rem; }
  th, td { text-align: left; padding: 4px 6px; border-bottom: 1px solid #e3e3e3; vertical-align: top; overflow-wrap: break-word; }
  td.short { white-space: nowrap; }
  td.long { overflow-wrap: anywhere; }
  #codes tr { cursor: pointer; }
  #codes tr:hover { background: #eef6f1; }
  button.code { font-family: ui-monospace, monospace; font-size: inherit; text-align: left; padding: 0; margin: 0; border: 0; background: none; color: #0a58ca; text-decoration: underline; }
  code { font-size: .85rem; }
  @media (max-width: 640px) {
    body { padding: 8px; }
    section { padding: 12px; margin: 12px 0; }
    .top { gap: 12px; margin: 12px 0; }
    table.stack, table.stack tbody, table.stack tr { display: block; }
    table.stack thead { display: none; }
    table.stack tr { padding: 6px 0; border-bottom: 1px solid #e3e3e3; }
    table.stack td { display: grid; grid-template-columns: 6.5em minmax(0, 1fr); column-gap: 8px; padding: 2px 0; border: 0; white-space: normal; overflow-wrap: anywhere; }
    table.stack td::before { content: attr(data-label); color: #555; }
    table.stack td:empty { display: none; }
  }
`;
