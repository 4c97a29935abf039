import { normalizeOrigin } from '../../platform-adapters/webchat/webchat-config';

export type OriginDecision = { kind: 'none' } | { kind: 'allowed'; origin: string } | { kind: 'foreign'; origin: string };

/**
 * Whether a browser on `origin` may use a channel's web chat API: the channel's allowlist, plus our own origins
 * (the public base URL and the host the request came to), where the demo page lives. No `Origin` header means a
 * same-origin navigation or a server-side client, which CORS does not concern.
 */
export function decideOrigin(origin: string | undefined, allowlist: readonly string[], ownOrigins: readonly string[]): OriginDecision {
  if (origin === undefined || origin === '') return { kind: 'none' };
  const normalized = normalizeOrigin(origin);
  if (normalized !== null && (allowlist.includes(normalized) || ownOrigins.includes(normalized))) return { kind: 'allowed', origin };
  return { kind: 'foreign', origin };
}

/** Headers for an allowed origin. Sessions are bearer tokens, never cookies, so credentials stay off. */
export function corsHeaders(origin: string, preflight: boolean): Record<string, string> {
  const headers: Record<string, string> = {
    'access-control-allow-origin': origin,
    'access-control-expose-headers': 'Retry-After, X-Correlation-Id',
  };
  if (preflight) {
    headers['access-control-allow-methods'] = 'GET, POST, OPTIONS';
    headers['access-control-allow-headers'] = 'Authorization, Content-Type, Last-Event-ID';
    headers['access-control-max-age'] = '600';
  }
  return headers;
}
