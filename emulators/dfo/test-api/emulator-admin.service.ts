import { Injectable } from '@nestjs/common';
import { EmulatorClock } from '../clock';
import { IntegrationBoxClient } from '../agent/integration-box.client';
import { EmulatorTokens } from '../auth/emulator-tokens';
import { EmulatorSettings } from '../emulator.options';
import { CallLog } from '../http/call-log';
import { DfoApiError } from '../http/dfo-api.error';
import { FaultInjector } from '../http/faults';
import { DEFAULT_BRAND, EmulatorStore } from '../store/emulator.store';
import { EmuBrand, EmuClientCertificate, EmuCustomFieldDefinition, EmuIntegration } from '../store/emulator.types';
import { integrationView } from './views';

export type IntegrationInput = Pick<EmuIntegration, 'integrationBoxUrl' | 'authorizationUrl' | 'clientId' | 'clientSecret' | 'replyApi'> &
  Partial<Pick<EmuIntegration, 'name' | 'brandId' | 'includeAuthorUser'>> & {
    clientCertificate?: (Omit<EmuClientCertificate, 'privateKeyPassword'> & { privateKeyPassword?: string | null }) | null;
  };

export type BrandInput = Pick<EmuBrand, 'friendlyName'> & Partial<Omit<EmuBrand, 'id' | 'friendlyName'>>;

/** The registrations and switches of the test API: what a CXone admin would configure, and the test's own knobs. */
@Injectable()
export class EmulatorAdminService {
  constructor(
    private readonly store: EmulatorStore,
    private readonly tokens: EmulatorTokens,
    private readonly box: IntegrationBoxClient,
    private readonly calls: CallLog,
    private readonly faults: FaultInjector,
    private readonly settings: EmulatorSettings,
    private readonly clock: EmulatorClock,
  ) {}

  /**
   * Registers (or replaces) a BYOC integration, as saving CXone's BYOC form does; its cached token is dropped. With
   * `clientCertificate` (the form's mTLS fields), every call to the middleware presents that certificate.
   */
  registerIntegration(channelIntegrationId: string, input: IntegrationInput): ReturnType<typeof integrationView> {
    const integration: EmuIntegration = {
      channelIntegrationId,
      name: input.name ?? channelIntegrationId,
      integrationBoxUrl: input.integrationBoxUrl,
      authorizationUrl: input.authorizationUrl,
      clientId: input.clientId,
      clientSecret: input.clientSecret,
      replyApi: input.replyApi,
      brandId: input.brandId ?? null,
      includeAuthorUser: input.includeAuthorUser ?? true,
      clientCertificate: input.clientCertificate ? { ...input.clientCertificate, privateKeyPassword: input.clientCertificate.privateKeyPassword ?? null } : null,
      registeredAt: this.clock.now().toISOString(),
    };
    this.store.putIntegration(integration);
    this.box.forgetToken(channelIntegrationId);
    return integrationView(integration);
  }

  patchIntegration(channelIntegrationId: string, patch: Partial<IntegrationInput>): ReturnType<typeof integrationView> {
    const current = this.store.integration(channelIntegrationId);
    if (!current) throw DfoApiError.notFound('channelIntegrationId', `Integration "${channelIntegrationId}" is not registered.`);
    const { brandId: _ignored, ...rest } = patch;
    return this.registerIntegration(channelIntegrationId, { ...current, ...rest });
  }

  registerBrand(id: number, input: BrandInput): Omit<EmuBrand, 'accessKeys'> & { accessKeyIds: string[] } {
    const accessKeys = input.accessKeys ?? this.store.brand(id)?.accessKeys ?? [];
    for (const key of accessKeys) {
      const owner = this.store.brands().find((b) => b.id !== id && b.accessKeys.some((k) => k.keyId === key.keyId));
      if (owner) throw new DfoApiError(409, [{ field: 'accessKeys', message: `Access key "${key.keyId}" belongs to brand ${owner.id}.`, errorCode: 'DUPLICATE_KEY' }]);
    }
    const brand: EmuBrand = {
      id,
      friendlyName: input.friendlyName,
      tenantId: input.tenantId ?? `11eb0000-0000-4000-8000-${String(id).padStart(12, '0').slice(-12)}`,
      businessUnitId: input.businessUnitId ?? 4600000 + (id % 100000),
      timezone: input.timezone ?? 'UTC',
      accessKeys,
    };
    this.store.putBrand(brand);
    return brandView(brand);
  }

  brands(): Array<ReturnType<typeof brandView>> {
    return this.store.brands().map(brandView);
  }

  /** Mints a one-time token as CXone does when an admin clicks "add channel"; an unknown brand id is created. */
  mintOneTimeToken(brandId: number, userId: number, purpose: string): { token: string; expiresAt: string; brandId: number; userId: number; purpose: string } {
    if (!this.store.brand(brandId)) this.registerBrand(brandId, { friendlyName: `Brand ${brandId}` });
    return { ...this.tokens.mintOneTimeToken(brandId, userId, purpose), brandId, userId, purpose };
  }

  putContactFieldDefinition(brandId: number, definition: Pick<EmuCustomFieldDefinition, 'ident' | 'label' | 'type'> & Partial<EmuCustomFieldDefinition>): void {
    this.store.putContactFieldDefinition(brandId, { ...definition, isRequired: definition.isRequired ?? false, isEditable: definition.isEditable ?? true, values: definition.values ?? [] });
  }

  expireTokens(brandId?: number): { expired: number } {
    return { expired: this.tokens.expireAll(brandId) };
  }

  updateSettings(patch: { tokenTtlSeconds?: number; callTimeoutMs?: number; trustedServerCaPems?: string[] }): ReturnType<EmulatorSettings['view']> {
    if (patch.tokenTtlSeconds !== undefined) this.settings.tokenTtlSeconds = patch.tokenTtlSeconds;
    if (patch.callTimeoutMs !== undefined) this.settings.callTimeoutMs = patch.callTimeoutMs;
    if (patch.trustedServerCaPems !== undefined) this.settings.trustedServerCaPems = patch.trustedServerCaPems;
    return this.settings.view();
  }

  reset(scope: 'all' | 'conversations'): void {
    if (scope === 'all') {
      this.store.reset();
      this.tokens.reset();
      this.box.forgetToken();
    } else {
      this.store.resetConversations();
    }
    this.calls.clear();
    this.faults.clear();
  }

  state(): Record<string, unknown> {
    const snapshot = this.store.snapshot();
    return {
      version: this.store.version,
      lastCallId: this.calls.lastId,
      settings: this.settings.view(),
      defaultBrandId: DEFAULT_BRAND.id,
      counts: {
        brands: snapshot.brands.length, integrations: snapshot.integrations.length, channels: snapshot.channels.length,
        customers: snapshot.customers.length, threads: snapshot.threads.length, cases: snapshot.cases.length, messages: snapshot.messages.length,
        faults: this.faults.list().filter((f) => f.remaining > 0).length,
      },
    };
  }
}

function brandView(brand: EmuBrand): Omit<EmuBrand, 'accessKeys'> & { accessKeyIds: string[] } {
  const { accessKeys, ...rest } = brand;
  return { ...rest, accessKeyIds: accessKeys.map((k) => k.keyId) };
}
