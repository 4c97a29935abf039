import { HttpStatus } from '@nestjs/common';
import { DomainError, errorTable } from '../core/errors/domain-error';

/**
 * Errors of the auth module. `API_KEY.*` and `AUTH.*` render in our usual format; `OAUTH.*` are the token endpoint's
 * and render as OAuth 2.0 (RFC 6749 §5.2) bodies, `{"error": "<oauth code>"}`, because DFO is the client there.
 */
export const AUTH_ERRORS = errorTable({
  'AUTH.INVALID_API_KEY': HttpStatus.UNAUTHORIZED,
  'AUTH.ROLE_FORBIDDEN': HttpStatus.FORBIDDEN,
  'AUTH.INVALID_INTEGRATION_TOKEN': HttpStatus.UNAUTHORIZED,
  // mTLS enforce: the Integration Box call's token is good, its client certificate is missing or not trusted.
  'AUTH.CLIENT_CERTIFICATE_REQUIRED': HttpStatus.UNAUTHORIZED,
  'API_KEY.NOT_FOUND': HttpStatus.NOT_FOUND,
  'API_KEY.UNKNOWN_BRAND': HttpStatus.BAD_REQUEST,
  'API_KEY.SCOPE_EXCEEDED': HttpStatus.FORBIDDEN,
  'OAUTH.INVALID_REQUEST': HttpStatus.BAD_REQUEST,
  'OAUTH.UNSUPPORTED_GRANT_TYPE': HttpStatus.BAD_REQUEST,
  'OAUTH.INVALID_CLIENT': HttpStatus.UNAUTHORIZED,
  'OAUTH.SLOW_DOWN': HttpStatus.TOO_MANY_REQUESTS,
});
export type AuthErrorCode = keyof typeof AUTH_ERRORS;
type OAuthErrorCode = Extract<AuthErrorCode, `OAUTH.${string}`>;

export class AuthError extends DomainError {
  constructor(code: Exclude<AuthErrorCode, OAuthErrorCode>, message: string, details: DomainError['details'] = {}) {
    super(code, AUTH_ERRORS[code], message, details);
  }
}

const OAUTH_WIRE_CODES: Record<OAuthErrorCode, string> = {
  'OAUTH.INVALID_REQUEST': 'invalid_request',
  'OAUTH.UNSUPPORTED_GRANT_TYPE': 'unsupported_grant_type',
  'OAUTH.INVALID_CLIENT': 'invalid_client',
  // Registered for the token endpoint by RFC 8628 §3.5 (IANA "OAuth Extensions Error Registry"): ask less often.
  'OAUTH.SLOW_DOWN': 'slow_down',
};

/** A token endpoint failure. Its body is exactly `{error}`: OAuth clients parse that and nothing else. */
export class OAuthError extends DomainError {
  constructor(
    code: OAuthErrorCode,
    message: string,
    private readonly headers: Record<string, string> = {},
  ) {
    super(code, AUTH_ERRORS[code], message);
  }

  override responseHeaders(): Record<string, string> {
    return this.headers;
  }

  get oauthCode(): string {
    return OAUTH_WIRE_CODES[this.code as OAuthErrorCode];
  }

  override responseBody(): Record<string, unknown> {
    return { error: this.oauthCode };
  }
}
