/**
 * The Server-Sent Events wire format (WHATWG HTML, "server-sent events"): fields are `name: value` lines and an
 * empty line ends an event. A newline inside a value would end the field early, so `id` and `event` may not contain
 * one, and `data` is split into one `data:` line per line (the browser joins them back with "\n").
 */
export interface SseEvent {
  id?: string;
  event?: string;
  data: string;
}

const NO_NEWLINE = /^[^\r\n]*$/;

export function formatSseEvent(e: SseEvent): string {
  if (e.id !== undefined && (!NO_NEWLINE.test(e.id) || e.id.includes('\0'))) throw new Error('An SSE id cannot contain a newline or NUL');
  if (e.event !== undefined && !NO_NEWLINE.test(e.event)) throw new Error('An SSE event name cannot contain a newline');
  let out = '';
  if (e.id !== undefined) out += `id: ${e.id}\n`;
  if (e.event !== undefined) out += `event: ${e.event}\n`;
  for (const line of e.data.split(/\r\n|\r|\n/)) out += `data: ${line}\n`;
  return `${out}\n`;
}

/** A comment line: ignored by EventSource, but it keeps proxies and load balancers from closing an idle stream. */
export function formatSseComment(text: string): string {
  return `: ${text.replace(/[\r\n]+/g, ' ')}\n\n`;
}

/** How long the browser waits before reconnecting after the stream drops. */
export function formatSseRetry(ms: number): string {
  return `retry: ${Math.max(0, Math.floor(ms))}\n\n`;
}

/** `Last-Event-ID` (or `?lastEventId=`): our ids are bigserials, anything else is ignored. */
export function parseLastEventId(value: string | string[] | undefined): string | null {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined) return null;
  const trimmed = v.trim();
  return /^\d{1,19}$/.test(trimmed) ? trimmed.replace(/^0+(?=\d)/, '') : null;
}
