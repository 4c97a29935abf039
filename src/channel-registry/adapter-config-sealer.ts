import { Injectable } from '@nestjs/common';
import { SecretBox } from '../core/crypto/secret-box';
import { ValidationFailedError } from '../core/errors/core.errors';
import { PlatformAdapter } from '../platform-adapters/platform-adapter';

type Config = Record<string, unknown>;

/** What the API shows instead of a secret field: how many secrets an array holds, or that a single one is set. */
export type RedactedSecret = { count: number } | { set: true };

/**
 * An adapter config at rest: the adapter's `secretConfigFields` are sealed one by one (each element of an array of
 * secrets on its own) with the context `channel:<channelId>:<field>`, so a sealed value copied to another channel or
 * field does not open. The rest of the config stays plain JSON.
 */
@Injectable()
export class AdapterConfigSealer {
  constructor(private readonly box: SecretBox) {}

  /**
   * Validates a plaintext config with its adapter and returns it sealed. With `previous` (a stored, sealed config),
   * a secret field left out of `config` keeps its previous value, so an update need not resend secrets.
   */
  seal(channelId: string, adapter: PlatformAdapter, config: Config, previous?: Config): Config {
    const candidate: Config = { ...config };
    for (const field of adapter.secretConfigFields) {
      if (!(field in config) && previous?.[field] !== undefined) candidate[field] = this.openField(channelId, field, previous[field]);
    }
    const problems = adapter.validateConfig(candidate);
    if (problems.length > 0) throw new ValidationFailedError(problems);
    return this.mapSecrets(adapter, candidate, (field, value) => this.box.seal(value, context(channelId, field)));
  }

  /** The config with its secrets opened, for the adapter's own use only. */
  open(channelId: string, adapter: PlatformAdapter, stored: Config): Config {
    return this.mapSecrets(adapter, stored, (field, value) => this.box.open(value, context(channelId, field)));
  }

  /** The config as the API shows it: secret arrays as `{count}`, single secrets as `{set: true}`. */
  redact(adapter: PlatformAdapter, stored: Config): Config {
    const shown: Config = { ...stored };
    for (const field of adapter.secretConfigFields) {
      const value = stored[field];
      if (value === undefined || value === null) continue;
      shown[field] = (Array.isArray(value) ? { count: value.length } : { set: true }) satisfies RedactedSecret;
    }
    return shown;
  }

  private openField(channelId: string, field: string, value: unknown): unknown {
    return Array.isArray(value) ? value.map((v) => this.box.open(String(v), context(channelId, field))) : this.box.open(String(value), context(channelId, field));
  }

  private mapSecrets(adapter: PlatformAdapter, config: Config, transform: (field: string, value: string) => string): Config {
    const out: Config = { ...config };
    for (const field of adapter.secretConfigFields) {
      const value = config[field];
      if (value === undefined || value === null) {
        delete out[field];
      } else if (typeof value === 'string') {
        out[field] = transform(field, value);
      } else if (Array.isArray(value) && value.every((v): v is string => typeof v === 'string')) {
        out[field] = value.map((v) => transform(field, v));
      } else {
        // Never store a secret field in a shape we cannot seal: refuse it rather than keep it in plain text.
        throw new ValidationFailedError([{ field: `adapterConfig.${field}`, message: 'must be a string or an array of strings' }]);
      }
    }
    return out;
  }
}

function context(channelId: string, field: string): string {
  return `channel:${channelId}:${field}`;
}
