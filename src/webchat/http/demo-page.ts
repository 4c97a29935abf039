function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/**
 * The demo page of a web chat channel: "The Watering Hole", the community board of the seed-001 story
 * (docs/dfo-contract.md (f)), with the one script tag a customer would paste into their own site.
 */
export function renderDemoPage(channelId: string, channelName: string): string {
  const id = escapeHtml(channelId);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>The Watering Hole - live chat demo</title>
<link rel="icon" href="data:,">
<style>
  body { margin: 0; font-family: Georgia, "Times New Roman", serif; background: #f4ecd8; color: #3b2f1e; }
  header { background: #c8893a; color: #fff; padding: 28px 32px; }
  header h1 { margin: 0; font-size: 34px; }
  header p { margin: 6px 0 0; font-style: italic; }
  main { max-width: 760px; padding: 24px 32px 120px; }
  article { background: #fffaf0; border: 1px solid #e2d3b0; border-radius: 8px; padding: 14px 18px; margin: 14px 0; }
  article h2 { margin: 0 0 6px; font-size: 18px; }
  code { background: #efe4c9; padding: 2px 5px; border-radius: 4px; font-size: 13px; }
</style>
</head>
<body>
<header>
  <h1>The Watering Hole&trade;</h1>
  <p>Where the animals of the savanna meet. Live chat with The Jungle, Inc.</p>
</header>
<main>
  <article><h2>Simba: best shade near the baobab?</h2><p>Asking for a pride of six. The acacia by the river is taken again.</p></article>
  <article><h2>Zazu: dry season notice</h2><p>The southern pool is low. Please share the northern one politely.</p></article>
  <article>
    <h2>Talk to The Jungle, Inc.</h2>
    <p>Use the <strong>Chat with us</strong> button at the bottom right. This page is the web chat demo of channel
    <code>${escapeHtml(channelName)}</code>; any site adds the same chat with one tag:</p>
    <p><code>&lt;script src="/webchat/widget.js" data-channel="${id}" async&gt;&lt;/script&gt;</code></p>
    <p>On this page you are <strong>Simba Lion</strong>: a site that knows its visitor adds <code>data-first-name</code>,
    <code>data-last-name</code> or <code>data-nickname</code>, and the agent sees the name.</p>
  </article>
</main>
<script src="/webchat/widget.js" data-channel="${id}" data-first-name="Simba" data-last-name="Lion" async></script>
</body>
</html>
`;
}
