import { Inject, Injectable } from '@nestjs/common';

/** How one emulator instance runs: the settings from `emulator.config.ts` (both ways of running it) and where it is mounted. */
export interface EmulatorOptions {
  /** Where the emulator is mounted: `/sandbox` inside the app, `` standalone. Used to recognise its own routes. */
  basePath: string;
  /** Lifetime of the tokens the emulator issues (`SANDBOX_DFO_TOKEN_TTL_S`). */
  tokenTtlSeconds: number;
  /** `id:secret` pairs accepted on the token endpoints (`SANDBOX_DFO_ACCESS_KEYS`); empty accepts any key. */
  accessKeys: string[];
  /** Timeout of each call to a middleware's Integration Box (`SANDBOX_DFO_CALL_TIMEOUT_MS`). */
  callTimeoutMs: number;
  /**
   * Certificates (PEM) trusted, besides the usual public CAs, for a middleware's HTTPS server certificate
   * (`SANDBOX_DFO_TRUSTED_CA_FILE`): a self-signed test or sandbox server. Real DFO trusts public CAs only.
   */
  trustedServerCaPems: string[];
}

export const EMULATOR_OPTIONS = Symbol('EMULATOR_OPTIONS');

/** The settings tests may change at run time (`PATCH /_emulator/settings`), starting from the options. */
@Injectable()
export class EmulatorSettings {
  tokenTtlSeconds: number;
  callTimeoutMs: number;
  trustedServerCaPems: string[];
  readonly basePath: string;
  readonly accessKeys: ReadonlyArray<{ keyId: string; secret: string }>;

  constructor(@Inject(EMULATOR_OPTIONS) options: EmulatorOptions) {
    this.tokenTtlSeconds = options.tokenTtlSeconds;
    this.callTimeoutMs = options.callTimeoutMs;
    this.trustedServerCaPems = options.trustedServerCaPems;
    this.basePath = options.basePath.replace(/\/+$/, '');
    this.accessKeys = options.accessKeys.map((pair) => {
      const at = pair.indexOf(':');
      return { keyId: pair.slice(0, at), secret: pair.slice(at + 1) };
    });
  }

  view(): { tokenTtlSeconds: number; callTimeoutMs: number; basePath: string; acceptsAnyAccessKey: boolean; trustedServerCas: number } {
    return {
      tokenTtlSeconds: this.tokenTtlSeconds,
      callTimeoutMs: this.callTimeoutMs,
      basePath: this.basePath,
      acceptsAnyAccessKey: this.accessKeys.length === 0,
      trustedServerCas: this.trustedServerCaPems.length,
    };
  }
}
