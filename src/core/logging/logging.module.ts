import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import { AppConfig } from '../config/app-config';
import { CORRELATION_HEADER } from './correlation-id';

/**
 * Paths pino blanks out. Tokens, secrets and end-user message text never reach the logs, whatever object a call
 * site logs (a request body, a DFO payload, a channel config).
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-byoc-signature"]',
  'res.headers["set-cookie"]',
  '*.authorization',
  '*.secret',
  '*.clientSecret',
  '*.client_secret',
  '*.access_token',
  '*.accessToken',
  '*.password',
  '*.token',
  '*.sessionToken',
  '*.signingSecrets',
  '*.text',
  '*.payload.text',
  '*.messageContent',
];

/** Strips credentials that travel in query strings (SSE `?ticket=`, action-page `token=`) from logged URLs. */
export function redactUrl(url: string | undefined): string | undefined {
  return url?.replace(/([?&](?:token|ticket|access_token|sessionToken)=)[^&]*/gi, '$1[Redacted]');
}

/**
 * Pretty logs (LOG_PRETTY, on by default in the embedded default) when pino-pretty is installed: it is a development
 * dependency, so an image without it falls back to JSON instead of failing to start. Never for `silent`.
 */
function prettyTransport(config: AppConfig): boolean {
  if (!config.app.logPretty || config.app.logLevel === 'silent') return false;
  try {
    require.resolve('pino-pretty');
    return true;
  } catch {
    return false;
  }
}

@Module({})
export class LoggingModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.app.logLevel,
            redact: { paths: REDACT_PATHS, censor: '[Redacted]' },
            // Fastify generated (or accepted) the correlation id and put it on the raw request header.
            genReqId: (req: IncomingMessage) => String(req.headers[CORRELATION_HEADER] ?? ''),
            customAttributeKeys: { reqId: 'correlationId' },
            serializers: {
              req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: redactUrl(req.url) }),
            },
            autoLogging: { ignore: (req: IncomingMessage) => /^\/(health|metrics)/.test(req.url ?? '') },
            ...(prettyTransport(config) ? { transport: { target: 'pino-pretty', options: { singleLine: true, ignore: 'pid,hostname' } } } : {}),
          },
        }),
      ],
    };
  }
}
