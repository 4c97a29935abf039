import { ExecutionContext } from '@nestjs/common';
import { ChannelDirectory } from '../channel-registry/channel-directory.service';
import { IntegrationEntity } from '../channel-registry/integration.entity';
import { FixedClock } from '../core/clock/clock';
import { AppConfig } from '../core/config/app-config';
import { TokenSigner } from '../core/crypto/token-signer';
import { MetricsService } from '../core/metrics/metrics.service';
import { AuthError } from './auth.errors';
import { ClientSecretChecker } from './client-secret-checker';
import { INTEGRATION_PRINCIPAL_PROPERTY } from './current-integration.decorator';
import { IntegrationTokenGuard } from './integration-token.guard';
import { INTEGRATION_TOKEN_AUDIENCE, IntegrationTokensService } from './integration-tokens.service';
import { MtlsVerifier } from './mtls/mtls-verifier';

const BRAND = '0b9c5f8e-1111-4d5e-9f00-000000000001';
const INTEGRATION = '0b9c5f8e-2222-4d5e-9f00-000000000002';

describe('IntegrationTokenGuard', () => {
  const clock = new FixedClock();
  const signer = new TokenSigner('s'.repeat(32), () => clock.now());
  let integrations: IntegrationEntity[];
  const directory = {
    getIntegration: async (brandId: string, id: string) => integrations.find((i) => i.brandId === brandId && i.id === id) ?? null,
    mtlsPolicy: async (brandId: string, id: string) => {
      const integration = integrations.find((i) => i.brandId === brandId && i.id === id);
      return integration ? { mode: integration.mtlsMode, trusted: [] } : null;
    },
  } as unknown as ChannelDirectory;
  const config = { security: { integrationTokenTtlSeconds: 60 }, mtls: { clientCertHeader: null }, network: { trustedProxies: [] } } as unknown as AppConfig;
  const metrics = new MetricsService();
  const mtls = new MtlsVerifier(directory, clock, config, metrics);
  const guard = new IntegrationTokenGuard(new IntegrationTokensService(directory, signer, new ClientSecretChecker(clock), config, metrics, mtls), mtls);

  beforeEach(() => {
    clock.set(new Date('2026-01-01T00:00:00Z'));
    integrations = [{ id: INTEGRATION, brandId: BRAND, tokenGeneration: 0, mtlsMode: 'off' } as IntegrationEntity];
  });

  function call(authorization?: string) {
    const request: Record<string, unknown> = { headers: authorization === undefined ? {} : { authorization }, raw: { socket: { remoteAddress: '127.0.0.1' } } };
    const headers: Record<string, string> = {};
    const reply = { header: (name: string, value: string) => (headers[name] = value) };
    const context = { switchToHttp: () => ({ getRequest: () => request, getResponse: () => reply }) } as unknown as ExecutionContext;
    return { request, headers, result: guard.canActivate(context) };
  }
  const valid = () => signer.sign(INTEGRATION_TOKEN_AUDIENCE, INTEGRATION, 60, { brandId: BRAND }).token;

  async function expectRefused(authorization?: string): Promise<void> {
    const { request, headers, result } = call(authorization);
    await expect(result).rejects.toBeInstanceOf(AuthError);
    await expect(result).rejects.toMatchObject({ code: 'AUTH.INVALID_INTEGRATION_TOKEN', status: 401 });
    expect(headers['WWW-Authenticate']).toBe('Bearer error="invalid_token"');
    expect(request[INTEGRATION_PRINCIPAL_PROPERTY]).toBeUndefined();
  }

  it('lets a valid token through and sets the integration principal', async () => {
    const { request, result } = call(`Bearer ${valid()}`);
    await expect(result).resolves.toBe(true);
    expect(request[INTEGRATION_PRINCIPAL_PROPERTY]).toEqual({ integrationId: INTEGRATION, brandId: BRAND });
  });

  it('refuses a missing or malformed Authorization header', async () => {
    await expectRefused();
    await expectRefused('');
    await expectRefused(`Basic ${valid()}`);
    await expectRefused('Bearer');
  });

  it('refuses an expired token', async () => {
    const token = valid();
    clock.advance(61_000);
    await expectRefused(`Bearer ${token}`);
  });

  it('refuses a forged token', async () => {
    const forged = new TokenSigner('f'.repeat(32), () => clock.now()).sign(INTEGRATION_TOKEN_AUDIENCE, INTEGRATION, 60, { brandId: BRAND }).token;
    await expectRefused(`Bearer ${forged}`);
    const [header, , signature] = valid().split('.');
    const otherClaims = Buffer.from(JSON.stringify({ aud: INTEGRATION_TOKEN_AUDIENCE, sub: INTEGRATION, brandId: BRAND, iat: 0, exp: 9e9 })).toString('base64url');
    await expectRefused(`Bearer ${header}.${otherClaims}.${signature}`);
  });

  it('refuses a token signed by us for another audience', async () => {
    await expectRefused(`Bearer ${signer.sign('webchat-session', INTEGRATION, 60, { brandId: BRAND }).token}`);
  });

  it('refuses a token whose integration no longer exists, or that names another brand', async () => {
    const token = valid();
    await expectRefused(`Bearer ${signer.sign(INTEGRATION_TOKEN_AUDIENCE, INTEGRATION, 60, { brandId: '0b9c5f8e-3333-4d5e-9f00-000000000003' }).token}`);
    await expectRefused(`Bearer ${signer.sign(INTEGRATION_TOKEN_AUDIENCE, INTEGRATION, 60).token}`);
    integrations = [];
    await expectRefused(`Bearer ${token}`);
  });

  it('refuses a token issued before its integration revoked its tokens, and accepts one issued after', async () => {
    const before = valid();
    integrations = [{ id: INTEGRATION, brandId: BRAND, tokenGeneration: 1, mtlsMode: 'off' } as IntegrationEntity];
    await expectRefused(`Bearer ${before}`);
    const after = signer.sign(INTEGRATION_TOKEN_AUDIENCE, INTEGRATION, 60, { brandId: BRAND, gen: 1 }).token;
    await expect(call(`Bearer ${after}`).result).resolves.toBe(true);
    await expectRefused(`Bearer ${signer.sign(INTEGRATION_TOKEN_AUDIENCE, INTEGRATION, 60, { brandId: BRAND, gen: '1' }).token}`);
  });

  it('refuses a good token without a client certificate when the integration enforces mTLS, and lets it through in report mode', async () => {
    integrations[0]!.mtlsMode = 'enforce';
    const refused = call(`Bearer ${valid()}`);
    await expect(refused.result).rejects.toMatchObject({ code: 'AUTH.CLIENT_CERTIFICATE_REQUIRED', status: 401 });
    expect(refused.request[INTEGRATION_PRINCIPAL_PROPERTY]).toBeUndefined();
    integrations[0]!.mtlsMode = 'report';
    await expect(call(`Bearer ${valid()}`).result).resolves.toBe(true);
    const counted = await metrics.registry.getSingleMetricAsString('mtls_verifications_total');
    expect(counted).toContain(`mtls_verifications_total{integration="${INTEGRATION}",result="missing"} 2`);
  });
});
