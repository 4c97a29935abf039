/**
 * The entry point: `<script src=".../webchat/widget.js" data-channel="<channel id>" async></script>` on any page puts
 * the launcher and the chat window there. The API is called on the script's own origin.
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
  const chat = new BbwChat(new BbwApi(base, channel), channel);
  if (document.body) chat.mount();
  else document.addEventListener('DOMContentLoaded', function () { chat.mount(); });
})();
