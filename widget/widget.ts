/**
 * The entry point: `<script src=".../webchat/widget.js" data-channel="<channel id>" async></script>` on any page puts
 * the launcher and the chat window there. The API is called on the script's own origin. A page that knows its
 * visitor may add `data-first-name`, `data-last-name` and `data-nickname`; the agent sees them.
 */
(function bbwBoot(): void {
  const script = (document.currentScript as HTMLScriptElement | null) || document.querySelector<HTMLScriptElement>('script[data-channel][src*="/webchat/widget.js"]');
  const channel = script && script.getAttribute('data-channel');
  if (!script || !channel) {
    console.warn('byoc-bridge web chat: the script tag needs data-channel="<channel id>"');
    return;
  }
  const w = window as unknown as { __byocWebchat?: Record<string, boolean> };
  w.__byocWebchat = w.__byocWebchat || {};
  if (w.__byocWebchat[channel]) return;
  w.__byocWebchat[channel] = true;
  const src = new URL(script.src, document.baseURI);
  const base = src.origin + src.pathname.replace(/\/webchat\/widget\.js$/, '');
  const endUser: BbwEndUser = {};
  const names: Array<[keyof BbwEndUser, string]> = [['firstName', 'data-first-name'], ['lastName', 'data-last-name'], ['nickname', 'data-nickname']];
  for (const [field, attribute] of names) {
    const value = script.getAttribute(attribute);
    if (value) endUser[field] = value.slice(0, 100);
  }
  const chat = new BbwChat(new BbwApi(base, channel), channel, endUser);
  if (document.body) chat.mount();
  else document.addEventListener('DOMContentLoaded', function () { chat.mount(); });
})();
