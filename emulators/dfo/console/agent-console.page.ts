
const STYLE = `
  * { box-sizing: border-box; }
  body { margin: 0; font: 14px/1.4 system-ui, sans-serif; color: #1d2330; background: #f3f5f8; }
  header { display: flex; justify-content: space-between; align-items: center; padding: 10px 16px; background: #1f3b57; color: #fff; }
  header h1 { font-size: 17px; margin: 0; }
  main { display: grid; grid-template-columns: 340px 1fr; gap: 12px; padding: 12px; height: calc(100vh - 50px); }
  section { background: #fff; border-radius: 6px; padding: 10px; overflow: auto; box-shadow: 0 1px 2px rgba(0,0,0,.08); }
  h2 { font-size: 15px; margin: 0 0 8px; }
  ul.cases { list-style: none; padding: 0; margin: 0; }
  ul.cases button { width: 100%; text-align: left; border: 1px solid #dde3ea; background: #fff; border-radius: 5px; padding: 7px; margin-bottom: 6px; cursor: pointer; }
  ul.cases button[aria-current="true"] { border-color: #2f6db3; background: #eaf2fc; }
  .status { display: inline-block; padding: 0 6px; border-radius: 8px; font-size: 12px; background: #e3e7ee; }
  .status-new { background: #ffe9b3; } .status-open { background: #cdebd3; } .status-closed, .status-trashed { background: #e0e0e0; color: #555; }
  .muted { color: #66707d; font-size: 12px; }
  ol.messages { list-style: none; padding: 0; margin: 8px 0; }
  ol.messages li { max-width: 75%; margin: 6px 0; padding: 7px 9px; border-radius: 8px; background: #eef1f5; }
  ol.messages li.outbound { margin-left: auto; background: #dcebfb; }
  ol.messages li.failed { border: 1px solid #c0392b; }
  form { margin-top: 10px; display: grid; gap: 6px; }
  textarea, input, select { font: inherit; padding: 5px; border: 1px solid #c5ccd6; border-radius: 4px; }
  button.primary { background: #2f6db3; color: #fff; border: 0; border-radius: 4px; padding: 6px 10px; cursor: pointer; }
  .row { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
  #notice { min-height: 1.4em; }
  .conversation { display: grid; grid-template-rows: auto 1fr auto; }
  details { margin-top: 12px; }
`;

/**
 * The agent console (`/sandbox/agent`): a plain page, no framework, no build step. It drives the test API, so
 * whatever the console does a test can do too. Elements carry labels and roles so browser tests find them by name.
 * Its script is a file of its own (`/agent/console.js`), not inline, so that the page works under a CSP without
 * 'unsafe-inline' for scripts; it finds the emulator's base path in its tag's `data-base`.
 */
export function agentConsolePage(basePath: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Agent console · byoc-bridge sandbox DFO</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>Sandbox DFO · agent console</h1><span>Signed in as <strong id="agent-name">Baloo Bear</strong></span></header>
<main>
  <section aria-labelledby="cases-title">
    <h2 id="cases-title">Cases</h2>
    <div class="row"><label for="status-filter">Show</label>
      <select id="status-filter"><option value="">all statuses</option><option value="new,open,pending,escalated,resolved">active</option><option value="closed,trashed">ended</option></select></div>
    <ul class="cases" id="case-list" aria-label="Case list"></ul>
    <p class="muted" id="empty-cases">No cases yet. A message created through the DFO API appears here.</p>
    <details>
      <summary>Start an outbound conversation</summary>
      <form id="outbound-form" aria-label="Start outbound conversation">
        <label for="outbound-channel">Channel</label><select id="outbound-channel" required></select>
        <label for="outbound-recipient-id">Recipient id</label><input id="outbound-recipient-id" required>
        <label for="outbound-recipient-name">Recipient name</label><input id="outbound-recipient-name">
        <label for="outbound-text">Outbound message</label><textarea id="outbound-text" rows="3" required></textarea>
        <button class="primary" type="submit">Start conversation</button>
      </form>
    </details>
  </section>
  <section class="conversation" aria-labelledby="case-title">
    <div>
      <h2 id="case-title">No case selected</h2>
      <p class="muted" id="case-meta"></p>
      <p class="muted" id="customer-typing" aria-live="polite"></p>
    </div>
    <ol class="messages" id="message-list" aria-label="Messages"></ol>
    <div id="case-actions" hidden>
      <form id="reply-form" aria-label="Reply to the customer">
        <label for="reply-text">Reply</label>
        <textarea id="reply-text" rows="3" required></textarea>
        <div class="row">
          <button class="primary" type="submit">Send reply</button>
          <label><input type="checkbox" id="typing-toggle"> Agent is typing</label>
        </div>
      </form>
      <div class="row" style="margin-top:8px">
        <label for="status-select">Case status</label>
        <select id="status-select">${['new', 'open', 'pending', 'escalated', 'resolved', 'closed', 'trashed'].map((s) => `<option>${s}</option>`).join('')}</select>
        <button type="button" id="set-status">Set status</button>
        <button type="button" id="close-case">Close case</button>
      </div>
    </div>
    <p id="notice" role="status"></p>
  </section>
</main>
<script src="${escapeAttribute(`${basePath}/agent/console.js`)}" data-base="${escapeAttribute(basePath)}"></script>
</body>
</html>`;
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
