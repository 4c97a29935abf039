import fastifyHelmet from '@fastify/helmet';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { AppConfig, TlsConfig } from './core/config/app-config';
import { AllExceptionsFilter } from './core/errors/all-exceptions.filter';
import { createValidationPipe } from './core/errors/validation';
import { frameworkErrors } from './core/http/framework-errors';
import { registerInputScreen } from './core/http/input-screen';
import { setupOpenApi } from './core/http/openapi';
import { CORRELATION_HEADER, correlationIdFor } from './core/logging/correlation-id';
import { securityHeaders } from './core/http/security-headers';
import { MetricsService } from './core/metrics/metrics.service';
import { trustedProxyCheck } from './core/net/trusted-proxies';

export interface CreateAppOptions {
  /** Buffer start-up logs until the pino logger is ready (default true). */
  bufferLogs?: boolean;
}

/**
 * Builds the Nest application on Fastify with everything the HTTP surface needs (security headers, form bodies,
 * correlation ids, the validation pipe, the one exception filter, request metrics, OpenAPI). Used by `main.ts` and by
 * every e2e test, so tests run exactly what production runs. The app is initialised but not listening.
 */
export async function createApp(config: AppConfig, options: CreateAppOptions = {}): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    genReqId: correlationIdFor,
    bodyLimit: 1024 * 1024,
    // X-Forwarded-For/-Host/-Proto only from TRUSTED_PROXIES: from anyone else they would let a client choose its own
    // address (and so its rate limit) and the origin our pages believe they are served from.
    trustProxy: trustedProxyCheck(config.network.trustedProxies),
    frameworkErrors,
    ...(config.tls ? { https: serverTlsOptions(config.tls) } : {}),
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(config), adapter, {
    bufferLogs: options.bufferLogs ?? true,
    rawBody: true,
  });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();

  await app.register(fastifyHelmet, securityHeaders(config.app.publicBaseUrl));

  const fastify = app.getHttpAdapter().getInstance();
  registerInputScreen(fastify);
  const metrics = app.get(MetricsService);
  fastify.addHook('onSend', async (request, reply, payload) => {
    reply.header(CORRELATION_HEADER, request.id);
    return payload;
  });
  fastify.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions?.url ?? 'unmatched';
    metrics.httpDuration.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });

  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter());

  setupOpenApi(app, config.app.publicBaseUrl);

  await app.init();
  await fastify.ready();
  return app;
}

/**
 * HTTPS with TLS_CERT_FILE/TLS_KEY_FILE. The client is asked for a certificate but not refused without one: the web
 * chat, the platforms' webhooks, the action pages and the admin API share the port and have none. Whether a
 * certificate is required, and which CAs it must chain to, is each integration's mTLS mode, checked per request on
 * the token endpoint and the Integration Box (auth/mtls).
 */
function serverTlsOptions(tls: TlsConfig) {
  return { cert: tls.cert, key: tls.key, passphrase: tls.passphrase, requestCert: true, rejectUnauthorized: false };
}
