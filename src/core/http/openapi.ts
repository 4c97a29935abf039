import { applyDecorators } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiSecurity, DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

/** The security schemes of the OpenAPI document; every operation names one, or says it needs none (`ApiPublic`). */
export const SECURITY = {
  apiKey: 'api-key',
  integrationToken: 'integration-token',
  clientBasic: 'client-basic',
  webchatSession: 'webchat-session',
  webchatSessionQuery: 'webchat-session-query',
  webhookSignature: 'webhook-signature',
} as const;

/** An operation that takes no credentials, or proves who calls by other means (a form token, a one-time token). */
export const ApiPublic = () => ApiSecurity({});

/** An operation that works without credentials and does more with them (a web chat session resumed by its token). */
export const ApiOptionalSecurity = (scheme: string) => applyDecorators(ApiSecurity({}), ApiSecurity(scheme));

/**
 * The OpenAPI document at `/docs-json` (UI at `/docs`). It is linted with `redocly lint` (test/openapi.e2e-spec.ts),
 * and the fuzz suite (test/fuzz.e2e-spec.ts) reads it to find every route and how to authenticate on it.
 */
export function setupOpenApi(app: NestFastifyApplication, publicBaseUrl: string): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('byoc-bridge')
    .setDescription('Middleware between messaging platforms and NICE CXone Digital Experience (BYOC).')
    .setVersion('0.1.0')
    .setLicense('Apache-2.0', 'https://www.apache.org/licenses/LICENSE-2.0')
    .addServer(publicBaseUrl)
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Admin or support API key' }, SECURITY.apiKey)
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Integration Box token (DFO), from POST /integration/box/1.0/token' }, SECURITY.integrationToken)
    .addBasicAuth({ type: 'http', scheme: 'basic', description: 'Integration client id and secret, each form-urlencoded (RFC 6749 §2.3.1)' }, SECURITY.clientBasic)
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Web chat session token (POST /webchat/{channelId}/sessions)' }, SECURITY.webchatSession)
    .addApiKey({ type: 'apiKey', in: 'query', name: 'token', description: 'Web chat session token in the query (EventSource cannot send headers)' }, SECURITY.webchatSessionQuery)
    .addApiKey(
      { type: 'apiKey', in: 'header', name: 'X-Byoc-Signature', description: 'sha256=<hex HMAC-SHA256 of "<X-Byoc-Timestamp>.<raw body>"> with the channel\'s signing secret' },
      SECURITY.webhookSignature,
    )
    .build();
  const document = SwaggerModule.createDocument(app, config);
  // The UI's assets are served through @fastify/static, an optional peer of @nestjs/swagger that nothing imports by
  // name: without it the app exits here at boot.
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return document;
}
