import { OAuthError } from './auth.errors';

/** How the client authenticated (RFC 6749 §2.3.1): HTTP Basic, or the credentials in the body. */
export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post';

export interface TokenRequest {
  clientId: string;
  clientSecret: string;
  method: ClientAuthMethod;
}

/** Longer than any client id or secret we issue; longer values cannot match and are refused before any lookup. */
const MAX_CREDENTIAL_LENGTH = 512;
/** Control characters (NUL included) and lone surrogates cannot be in a credential; Postgres refuses NUL in text. */
const NOT_A_CREDENTIAL = /[\u0000-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Reads a client-credentials token request (RFC 6749 §4.4.2). The grant type is checked first. The client
 * authenticates with HTTP Basic (`client_secret_basic`: `base64(urlencode(id) ":" urlencode(secret))`) or with
 * `client_id` and `client_secret` in the body (`client_secret_post`), never both (§2.3: "MUST NOT use more than one
 * authentication method"); a body `client_id` next to Basic must name the same client. Anything else is
 * `invalid_request`.
 */
export function parseTokenRequest(body: unknown, authorization: string | undefined): TokenRequest {
  const fields = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const grantType = fields.grant_type;
  if (typeof grantType !== 'string' || grantType === '') throw invalidRequest('grant_type is required');
  if (grantType !== 'client_credentials') throw new OAuthError('OAUTH.UNSUPPORTED_GRANT_TYPE', 'Only client_credentials is supported');

  const basic = basicCredentials(authorization);
  if (basic) {
    if (fields.client_secret !== undefined) throw invalidRequest('Client credentials in both the Authorization header and the body');
    if (fields.client_id !== undefined && fields.client_id !== basic.clientId) throw invalidRequest('client_id differs from the Authorization header');
    return { ...basic, method: 'client_secret_basic' };
  }
  const clientId = credential(fields.client_id, 'client_id');
  const clientSecret = credential(fields.client_secret, 'client_secret');
  return { clientId, clientSecret, method: 'client_secret_post' };
}

/** The client id a token request names, for rate limiting; null when it names none (or not readably). Never throws. */
export function presentedClientId(body: unknown, authorization: string | undefined): string | null {
  try {
    const basic = basicCredentials(authorization);
    if (basic) return basic.clientId;
  } catch {
    return null;
  }
  const clientId = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).client_id : undefined;
  return typeof clientId === 'string' && clientId !== '' ? clientId.slice(0, MAX_CREDENTIAL_LENGTH) : null;
}

/** The credentials of an `Authorization: Basic` header; null without one (another scheme is not client authentication). */
function basicCredentials(authorization: string | undefined): { clientId: string; clientSecret: string } | null {
  const match = /^Basic(?:\s+(.*))?$/is.exec(authorization?.trim() ?? '');
  if (!match) return null;
  const encoded = match[1]?.trim() ?? '';
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || encoded.length % 4 !== 0) throw invalidRequest('Malformed Basic credentials');
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw invalidRequest('Malformed Basic credentials');
  return {
    clientId: credential(formDecode(decoded.slice(0, colon)), 'client_id'),
    clientSecret: credential(formDecode(decoded.slice(colon + 1)), 'client_secret'),
  };
}

/** `application/x-www-form-urlencoded` decoding (RFC 6749 Appendix B), which §2.3.1 applies inside Basic. */
function formDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    throw invalidRequest('Malformed Basic credentials');
  }
}

function credential(value: unknown, name: string): string {
  if (typeof value !== 'string' || value === '') throw invalidRequest('client_id and client_secret are required');
  if (value.length > MAX_CREDENTIAL_LENGTH || NOT_A_CREDENTIAL.test(value)) throw invalidRequest(`${name} is malformed`);
  return value;
}

function invalidRequest(message: string): OAuthError {
  return new OAuthError('OAUTH.INVALID_REQUEST', message);
}
