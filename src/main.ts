import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { withEmbeddedSecrets } from './core/config/embedded-secrets';
import { ConfigValidationError, loadConfig } from './core/config/load-config';

async function bootstrap(): Promise<void> {
  // The embedded default needs secrets nobody set: the bootstrap provides them (and writes them down) first.
  const embedded = withEmbeddedSecrets(process.env);
  let config;
  try {
    config = loadConfig(embedded.env);
  } catch (err) {
    if (err instanceof ConfigValidationError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const app = await createApp(config);
  await app.listen({ port: config.app.port, host: config.app.host });
  const base = config.app.publicBaseUrl;
  const logger = new Logger('Bootstrap');
  logger.log(`byoc-bridge is listening on ${base} (${config.app.sandbox ? 'sandbox mode' : 'production mode'}, ${config.database.url ? 'PostgreSQL' : `embedded PGlite in ${config.database.dataDir}`})`);
  logger.log(`API docs:  ${base}/docs`);
  logger.log(`Admin API: ${base}/api/v1 (Authorization: Bearer <admin key>)`);
  if (embedded.generatedSecretsFile) logger.log(`Generated admin key and secrets are in ${embedded.generatedSecretsFile}`);
}

bootstrap().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
