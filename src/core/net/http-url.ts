/**
 * An absolute http(s) URL with a host: what we accept as a link to pass on (an attachment's URL) or to call. Anything
 * else (`javascript:`, `data:`, relative URLs, control characters a browser would strip) is refused.
 */
export function isHttpUrl(value: unknown, maxLength = 2048): value is string {
  if (typeof value !== 'string' || value.length > maxLength || /[\u0000-\u0020\u007f-\u009f]/.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}
