import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readRunMode } from './load-config';

type Env = Record<string, string | undefined>;

const SECRET_VARIABLES = ['TOKEN_SIGNING_SECRET', 'ENCRYPTION_KEY', 'ADMIN_API_KEY'] as const;
type SecretVariable = (typeof SECRET_VARIABLES)[number];

export interface EmbeddedBootstrap {
  /** The environment to load the config from: the given one, with any secret it lacked filled in. */
  env: Env;
  /** The file the filled-in secrets came from (to tell the user where the admin key is); null when none was needed. */
  generatedSecretsFile: string | null;
}

/**
 * The embedded default's bootstrap, run by `main.ts` and the migration CLI before `loadConfig` (which only reads).
 * In sandbox mode, whichever of TOKEN_SIGNING_SECRET, ENCRYPTION_KEY and ADMIN_API_KEY is not set comes from
 * `<DATA_DIR>/embedded-secrets.json`, generated on the first start, so sealed secrets, issued tokens and the admin
 * key survive a restart. Outside sandbox mode it changes nothing: production sets its secrets, or `loadConfig` stops.
 */
export function withEmbeddedSecrets(env: Env): EmbeddedBootstrap {
  const mode = readRunMode(env);
  const missing = SECRET_VARIABLES.filter((name) => !env[name]?.trim());
  if (!mode.valid || !mode.sandbox || missing.length === 0) return { env, generatedSecretsFile: null };
  const file = join(mode.dataDir, 'embedded-secrets.json');
  const secrets = asVariables(existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as SecretsFile) : createSecrets(file));
  return { env: { ...env, ...Object.fromEntries(missing.map((name) => [name, secrets[name]])) }, generatedSecretsFile: file };
}

/** The file keeps the names it has always had (camelCase), so data directories from before still work. */
interface SecretsFile {
  tokenSigningSecret: string;
  encryptionKey: string;
  adminApiKey: string;
}

function asVariables(stored: SecretsFile): Record<SecretVariable, string> {
  return { TOKEN_SIGNING_SECRET: stored.tokenSigningSecret, ENCRYPTION_KEY: stored.encryptionKey, ADMIN_API_KEY: stored.adminApiKey };
}

function createSecrets(file: string): SecretsFile {
  const secrets: SecretsFile = {
    tokenSigningSecret: randomBytes(32).toString('base64url'),
    encryptionKey: randomBytes(32).toString('base64'),
    adminApiKey: `bb_admin_${randomBytes(24).toString('base64url')}`,
  };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
