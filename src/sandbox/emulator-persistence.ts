import { Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { SecretBox } from '../core/crypto/secret-box';
import { EmulatorStore } from '../../emulators/dfo/store/emulator.store';
import { EmuClientCertificate, EmuSnapshot } from '../../emulators/dfo/store/emulator.types';

const CONTEXT = 'sandbox-dfo';
const DEBOUNCE_MS = 250;

/**
 * Keeps the embedded emulator's state in a JSON file (in the data directory), so a restart keeps the demo's cases.
 * Client secrets and access-key secrets are sealed with the app's `SecretBox`. Writes are debounced and atomic
 * (temporary file, then rename); a file that cannot be read is set aside and the emulator starts empty.
 */
export class EmulatorPersistence implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('SandboxDfo');
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: EmulatorStore,
    private readonly box: SecretBox,
    private readonly file: string,
  ) {}

  onModuleInit(): void {
    this.load();
    this.store.onChange(() => this.schedule());
  }

  onApplicationShutdown(): void {
    this.flush();
  }

  load(): void {
    if (!existsSync(this.file)) return;
    try {
      const sealed = JSON.parse(readFileSync(this.file, 'utf8')) as EmuSnapshot;
      this.store.restore(this.open(sealed));
      this.logger.log(`Restored the sandbox DFO state from ${this.file}`);
    } catch (err) {
      const aside = `${this.file}.unreadable-${Date.now()}`;
      renameSync(this.file, aside);
      this.logger.warn(`Could not read ${this.file} (${(err as Error).message}); moved it to ${aside} and started empty`);
    }
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    mkdirSync(dirname(this.file), { recursive: true });
    const temporary = `${this.file}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.seal(this.store.snapshot())), { mode: 0o600 });
    renameSync(temporary, this.file);
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      try {
        this.flush();
      } catch (err) {
        this.logger.error({ err }, `Could not write ${this.file}`);
      }
    }, DEBOUNCE_MS);
    this.timer.unref();
  }

  private seal(snapshot: EmuSnapshot): EmuSnapshot {
    return {
      ...snapshot,
      integrations: snapshot.integrations.map((i) => ({
        ...i,
        clientSecret: this.box.seal(i.clientSecret, CONTEXT),
        clientCertificate: this.mapKey(i.clientCertificate, (secret) => this.box.seal(secret, CONTEXT)),
      })),
      brands: snapshot.brands.map((b) => ({ ...b, accessKeys: b.accessKeys.map((k) => ({ ...k, secret: this.box.seal(k.secret, CONTEXT) })) })),
    };
  }

  private open(snapshot: EmuSnapshot): EmuSnapshot {
    return {
      ...snapshot,
      integrations: snapshot.integrations.map((i) => ({
        ...i,
        clientSecret: this.box.open(i.clientSecret, CONTEXT),
        // Files written before the emulator presented client certificates have no such field.
        clientCertificate: this.mapKey(i.clientCertificate ?? null, (secret) => this.box.open(secret, CONTEXT)),
      })),
      brands: snapshot.brands.map((b) => ({ ...b, accessKeys: b.accessKeys.map((k) => ({ ...k, secret: this.box.open(k.secret, CONTEXT) })) })),
    };
  }

  /** The mTLS private key and its password are sealed like the other secrets; the certificates are public. */
  private mapKey(certificate: EmuClientCertificate | null, map: (secret: string) => string): EmuClientCertificate | null {
    if (!certificate) return null;
    const { privateKeyPassword } = certificate;
    return { ...certificate, privateKeyPem: map(certificate.privateKeyPem), privateKeyPassword: privateKeyPassword === null ? null : map(privateKeyPassword) };
  }
}
