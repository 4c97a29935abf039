import pino from 'pino';
import { Writable } from 'node:stream';
import { QueryFailedError } from 'typeorm';
import { pinoHttpOptions } from './logging.module';
import { sanitizeLogObject, serializeError } from './log-sanitizer';

/** A pino logger with the app's options, writing JSON lines into `lines`. */
function captureLogger() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  const options = pinoHttpOptions({ logLevel: 'info', logPretty: false }) as pino.LoggerOptions;
  const logger = pino({ level: 'info', redact: options.redact, formatters: options.formatters, serializers: options.serializers }, sink);
  return { logger, lines };
}

const queryFailed = () =>
  new QueryFailedError(
    'INSERT INTO "messages"("content") VALUES ($1)',
    ['{"text": "my card is 4111 1111 1111 1111"}', 'Simba'],
    Object.assign(new Error('invalid input syntax for type json: "my card is 4111"'), {
      code: '22P02',
      detail: 'Token "my" is invalid.',
      where: 'JSON data, line 1: my...',
      routine: 'json_errsave_error',
    }),
  );

describe('log sanitizing (issue 15, finding 3)', () => {
  it('redacts a nested secret, token, name and text at depth 4 and beyond', () => {
    const { logger, lines } = captureLogger();
    logger.info(
      {
        brandId: 'b-1',
        a: { b: { c: { secret: 's3cret', accessToken: 'tok', firstName: 'Simba', text: 'Hello, my card is 4111', keep: 'visible' } } },
        deeper: { l1: { l2: { l3: { l4: { l5: { welcomeText: 'hi', clientSecret: 'cs', count: 3 } } } } } },
        list: [{ payload: { text: 'in a list' } }],
      },
      'something happened',
    );
    const line = JSON.stringify(lines[0]);
    for (const leaked of ['s3cret', 'tok"', 'Simba', '4111', 'in a list', '"hi"', '"cs"']) expect(line).not.toContain(leaked);
    expect(lines[0]).toMatchObject({
      brandId: 'b-1',
      a: { b: { c: { secret: '[Redacted]', accessToken: '[Redacted]', firstName: '[Redacted]', text: '[Redacted]', keep: 'visible' } } },
      deeper: { l1: { l2: { l3: { l4: { l5: { welcomeText: '[Redacted]', clientSecret: '[Redacted]', count: 3 } } } } } },
      msg: 'something happened',
    });
  });

  it('logs a QueryFailedError without its statement, parameters, detail or the value its message echoes', () => {
    const { logger, lines } = captureLogger();
    logger.error({ err: queryFailed(), nested: { cause: { err: queryFailed() } } }, 'Unhandled error');
    const line = JSON.stringify(lines[0]);
    for (const leaked of ['4111', 'Simba', 'INSERT INTO', 'Token', 'JSON data']) expect(line).not.toContain(leaked);
    expect(lines[0]!.err).toEqual({
      type: 'QueryFailedError',
      message: 'invalid input syntax for type json: "[Redacted]"',
      stack: expect.stringContaining('QueryFailedError: invalid input syntax for type json: "[Redacted]"'),
      code: '22P02',
      routine: 'json_errsave_error',
    });
  });

  it('keeps codes and causes of ordinary errors, and strips credentials from URLs', () => {
    const err = Object.assign(new Error('DFO call failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED', config: { password: 'x' } }) }), { kind: 'RETRYABLE', response: { body: 'secret body' } });
    expect(serializeError(err)).toEqual({ type: 'Error', message: 'DFO call failed', stack: expect.any(String), kind: 'RETRYABLE', cause: expect.objectContaining({ message: 'connect ECONNREFUSED', code: 'ECONNREFUSED' }) });
    expect(sanitizeLogObject({ target: { url: 'https://x.example/events?token=abc&x=1' } })).toEqual({ target: { url: 'https://x.example/events?token=[Redacted]&x=1' } });
  });

  it('survives cycles and leaves the logged object untouched', () => {
    const obj: Record<string, unknown> = { id: 1, secret: 'x' };
    obj.self = obj;
    expect(sanitizeLogObject(obj)).toEqual({ id: 1, secret: '[Redacted]', self: '[Circular]' });
    expect(obj.secret).toBe('x');
  });
});
