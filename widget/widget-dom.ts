/** Builds an element. Text only ever goes in through `textContent`: message text is never parsed as HTML. */
function bbwEl<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: { className?: string; text?: string; attrs?: Record<string, string> } = {},
  children: Node[] = [],
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props.className) el.className = props.className;
  if (props.text !== undefined) el.textContent = props.text;
  for (const name of Object.keys(props.attrs || {})) el.setAttribute(name, (props.attrs as Record<string, string>)[name]);
  for (const child of children) el.appendChild(child);
  return el;
}

/** Only web links become links: an attachment URL such as `javascript:` is shown as text. */
function bbwSafeUrl(url: string): string | null {
  return /^https?:\/\//i.test(url) ? url : null;
}

function bbwTime(iso: string): string {
  const d = new Date(iso);
  return isNaN(d.getTime()) ? '' : d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

function bbwRandomId(): string {
  const bytes = new Uint8Array(12);
  (window.crypto || (window as unknown as { msCrypto: Crypto }).msCrypto).getRandomValues(bytes);
  let out = 'c';
  for (let i = 0; i < bytes.length; i++) out += ('0' + bytes[i].toString(16)).slice(-2);
  return out;
}

/**
 * A constructed stylesheet where the browser has them: a host page whose Content-Security-Policy forbids inline
 * styles still lets them through, while a <style> element would be blocked. Older browsers get the <style>.
 */
function bbwApplyStyles(root: ShadowRoot | HTMLElement): void {
  const shadow = root as ShadowRoot & { adoptedStyleSheets?: CSSStyleSheet[] };
  if (typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype && shadow.adoptedStyleSheets !== undefined) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(BBW_STYLES);
    shadow.adoptedStyleSheets = [sheet];
    return;
  }
  root.appendChild(bbwEl('style', { text: BBW_STYLES }));
}

const BBW_STYLES = `
:host { all: initial; }
* { box-sizing: border-box; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
.bbw-sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.bbw-launcher { position: fixed; right: 20px; bottom: 20px; z-index: 2147483000; border: 0; border-radius: 28px;
  padding: 14px 20px; background: var(--bbw-color); color: #fff; font-size: 15px; font-weight: 600; cursor: pointer;
  box-shadow: 0 4px 14px rgba(0,0,0,.25); }
.bbw-window { position: fixed; right: 20px; bottom: 84px; z-index: 2147483000; width: 360px; max-width: calc(100vw - 40px);
  height: 520px; max-height: calc(100vh - 110px); display: flex; flex-direction: column; background: #fff; color: #1d1d1f;
  border-radius: 12px; box-shadow: 0 8px 30px rgba(0,0,0,.3); overflow: hidden; font-size: 14px; }
.bbw-window[hidden], [hidden] { display: none !important; }
.bbw-header { display: flex; align-items: center; justify-content: space-between; padding: 12px 14px; background: var(--bbw-color); color: #fff; }
.bbw-title { margin: 0; font-size: 16px; }
.bbw-icon-button { border: 0; background: transparent; color: inherit; font-size: 20px; line-height: 1; cursor: pointer; padding: 4px 8px; border-radius: 6px; }
.bbw-banner { padding: 8px 12px; font-size: 13px; background: #fff4ce; border-bottom: 1px solid #e6d9a8; }
.bbw-banner.bbw-offline { background: #fde2e1; border-color: #f3b7b4; }
.bbw-idle { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; }
.bbw-countdown { font-weight: 700; font-variant-numeric: tabular-nums; }
.bbw-log { flex: 1; overflow-y: auto; padding: 12px; display: flex; flex-direction: column; gap: 8px; background: #f6f6f8; }
.bbw-msg { max-width: 82%; padding: 8px 11px; border-radius: 12px; white-space: pre-wrap; word-wrap: break-word; }
.bbw-msg-agent { align-self: flex-start; background: #fff; border: 1px solid #e3e3e8; }
.bbw-msg-own { align-self: flex-end; background: var(--bbw-color); color: #fff; }
.bbw-msg-system, .bbw-note { align-self: center; max-width: 92%; background: transparent; color: #5c5c66; font-size: 12.5px; text-align: center; }
.bbw-author { display: block; font-size: 11.5px; font-weight: 600; margin-bottom: 2px; color: #5c5c66; }
.bbw-meta { display: block; margin-top: 3px; font-size: 11px; opacity: .8; text-align: right; }
.bbw-msg a { color: inherit; }
.bbw-typing { padding: 4px 14px; font-size: 12.5px; color: #5c5c66; font-style: italic; }
.bbw-closed { padding: 10px 12px; border-top: 1px solid #e3e3e8; background: #f0f0f3; font-size: 13px; }
.bbw-form { display: flex; gap: 8px; padding: 10px; border-top: 1px solid #e3e3e8; }
.bbw-input { flex: 1; resize: none; height: 40px; max-height: 120px; padding: 9px 10px; border: 1px solid #c9c9d1; border-radius: 8px; font-size: 14px; }
.bbw-input:disabled { background: #eee; }
.bbw-button { border: 0; border-radius: 8px; padding: 0 14px; min-height: 36px; background: var(--bbw-color); color: #fff; font-weight: 600; cursor: pointer; }
.bbw-button:disabled { opacity: .5; cursor: default; }
.bbw-link-button { border: 0; background: none; color: #0a58ca; text-decoration: underline; cursor: pointer; padding: 0; font-size: inherit; }
button:focus-visible, textarea:focus-visible, a:focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; }
`;
