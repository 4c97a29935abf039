import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule, Params } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import { AppConfig } from '../config/app-config';
import { CORRELATION_HEADER } from './correlation-id';
import { CENSOR, redactUrl, sanitizeLogObject, serializeError } from './log-sanitizer';

/** Headers of the serialized response that pino blanks (the logged request carries no headers at all). */
const REDACT_PATHS = ['res.headers["set-cookie"]', 'res.headers.authorization'];

/**
 * Pretty logs (LOG_PRETTY, on by default in the embedded default) when pino-pretty is installed: it is a development
 * dependency, so an image without it falls back to JSON instead of failing to start. Never for `silent`.
 */
function prettyTransport(config: Pick<AppConfig['app'], 'logLevel' | 'logPretty'>): boolean {
  if (!config.logPretty || config.logLevel === 'silent') return false;
  try {
    require.resolve('pino-pretty');
    return true;
  } catch {
    return false;
  }
}

/**
 * pino-http's options. Tokens, secrets, names and end-user message text never reach the logs, whatever object a call
 * site logs and however deep it sits: every log object goes through `sanitizeLogObject` (pino's own `redact` paths
 * have a fixed depth), and errors through `serializeError` (no SQL, no parameters, no `detail`).
 */
export function pinoHttpOptions(config: Pick<AppConfig['app'], 'logLevel' | 'logPretty'>): NonNullable<Params['pinoHttp']> {
  return {
    level: config.logLevel,
    redact: { paths: REDACT_PATHS, censor: CENSOR },
    formatters: { log: (object: Record<string, unknown>) => sanitizeLogObject(object) },
    // Fastify generated (or accepted) the correlation id and put it on the raw request header.
    genReqId: (req: IncomingMessage) => String(req.headers[CORRELATION_HEADER] ?? ''),
    customAttributeKeys: { reqId: 'correlationId' },
    serializers: {
      req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: redactUrl(req.url) }),
      // Usually already done by the formatter; pino-http's own `err` (a failed response) arrives here raw.
      err: (err: unknown) => (err instanceof Error ? serializeError(err) : err),
    },
    autoLogging: { ignore: (req: IncomingMessage) => /^\/(health|metrics)/.test(req.url ?? '') },
    ...(prettyTransport(config) ? { transport: { target: 'pino-pretty', options: { singleLine: true, ignore: 'pid,hostname' } } } : {}),
  };
}

@Module({})
export class LoggingModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: LoggingModule,
      imports: [LoggerModule.forRoot({ pinoHttp: pinoHttpOptions(config.app) })],
    };
  }
}
