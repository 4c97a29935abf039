import fastifyHelmet from '@fastify/helmet';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { AppConfig, TlsConfig } from './core/config/app-config';
import { AllExceptionsFilter } from './core/errors/all-exceptions.filter';
import { createValidationPipe } from './core/errors/validation';
import { CORRELATION_HEADER, correlationIdFor } from './core/logging/correlation-id';
import { MetricsService } from './core/metrics/metrics.service';

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
    trustProxy: true,
    ...(config.tls ? { https: serverTlsOptions(config.tls) } : {}),
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(config), adapter, {
    bufferLogs: options.bufferLogs ?? true,
    rawBody: true,
  });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();

  await app.register(fastifyHelmet, {
    // The widget script and the SSE stream are used from customers' own sites.
    crossOriginResourcePolicy: { policy: 'cross-origin' },
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'https:'],
        connectSrc: ["'self'"],
        formAction: ["'self'", 'https:', 'http:'],
        upgradeInsecureRequests: null,
      },
    },
  });

  const fastify = app.getHttpAdapter().getInstance();
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

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('byoc-bridge')
      .setDescription('Middleware between messaging platforms and NICE CXone Digital Experience (BYOC).')
      .setVersion('0.1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Admin or support API key' }, 'api-key')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Integration Box token (DFO)' }, 'integration-token')
      .addBasicAuth({ type: 'http', scheme: 'basic', description: 'Integration client id and secret, each form-urlencoded (RFC 6749 §2.3.1)' }, 'client-basic')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Web chat session token (POST /webchat/{channelId}/sessions)' }, 'webchat-session')
      .build(),
  );
  // The UI's assets are served through @fastify/static, an optional peer of @nestjs/swagger that nothing imports by
  // name: without it the app exits here at boot.
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });

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
