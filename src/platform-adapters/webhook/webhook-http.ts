import { Dispatcher, request } from 'undici';
import { EGRESS_REFUSED, isEgressRefused } from '../../core/egress/egress-policy';
import { readBounded, ReadableBody } from '../../core/http/read-bounded';
import { parseRetryAfter } from '../../core/retry/retry-timing';
import { PlatformAdapterError } from '../platform-adapters.errors';
import { signedHeaders } from './webhook-signature';

/** A platform answer larger than this is not read further: we only look for `{id}` in it. */
const MAX_RESPONSE_BYTES = 64 * 1024;

export interface SignedPost {
  url: string;
  secret: string;
  body: Record<string, unknown>;
  now: Date;
  timeoutMs: number;
  /** The egress-checked connection pool (core/egress); never the global dispatcher. */
  dispatcher: Dispatcher;
}

/**
 * POSTs one signed JSON event and returns the parsed 2xx answer (null when it is not JSON). Failures become coded
 * errors the outbox understands: network errors, timeouts, 5xx, 408 and 429 are `RETRYABLE` (with `Retry-After`),
 * 401/403 `AUTH_FAILED`, any other answer `REJECTED`. Messages carry the status only, never the body, which could
 * echo end-user text into logs. A target the egress policy refused is `REJECTED` with "egress refused" and nothing
 * more: no connection was made, and the stored error must not tell an admin which ports answer where.
 */
export async function postSigned(post: SignedPost): Promise<unknown> {
  const payload = JSON.stringify(post.body);
  let response: Awaited<ReturnType<typeof request>>;
  try {
    response = await request(post.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signedHeaders(post.secret, payload, post.now) },
      body: payload,
      dispatcher: post.dispatcher,
      signal: AbortSignal.timeout(post.timeoutMs),
      headersTimeout: post.timeoutMs,
      bodyTimeout: post.timeoutMs,
    });
  } catch (error) {
    if (isEgressRefused(error)) throw new PlatformAdapterError('REJECTED', EGRESS_REFUSED);
    throw new PlatformAdapterError('RETRYABLE', `platform unreachable (${errorCode(error)})`);
  }
  const status = response.statusCode;
  if (status >= 200 && status < 300) return readJson(response.body);
  await response.body.dump().catch(() => undefined);
  throw statusError(status, response.headers['retry-after'], post.now);
}

function statusError(status: number, retryAfter: string | string[] | undefined, now: Date): PlatformAdapterError {
  const message = `platform answered HTTP ${status}`;
  if (status >= 500 || status === 408 || status === 429) {
    const retryAfterMs = parseRetryAfter(retryAfter, now);
    return new PlatformAdapterError('RETRYABLE', message, { httpStatus: status, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) });
  }
  if (status === 401 || status === 403) return new PlatformAdapterError('AUTH_FAILED', message, { httpStatus: status });
  return new PlatformAdapterError('REJECTED', message, { httpStatus: status });
}

/**
 * Once a 2xx arrived the platform has the event: a body that cannot be read or parsed must not turn into a retry,
 * which would deliver it twice. So any trouble here yields null.
 */
async function readJson(body: ReadableBody): Promise<unknown> {
  try {
    const text = await readBounded(body, MAX_RESPONSE_BYTES);
    return text === null || text.trim() === '' ? null : (JSON.parse(text) as unknown);
  } catch {
    return null;
  }
}

function errorCode(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as Error & { code?: unknown }).code;
    if (typeof code === 'string') return code;
    if (error.name === 'TimeoutError' || error.name === 'AbortError') return 'timeout';
    return error.name;
  }
  return 'unknown error';
}
