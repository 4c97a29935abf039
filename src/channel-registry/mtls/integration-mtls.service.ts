import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ApiPrincipal } from '../../auth/current-principal.decorator';
import { Clock } from '../../core/clock/clock';
import { issueClientCredentials } from '../../core/crypto/x509/certificate-issuer';
import { normalizeFingerprint } from '../../core/crypto/x509/pem';
import { ChannelRegistryError, integrationNotFound } from '../channel-registry.errors';
import { IntegrationMtlsResponse } from '../dto/integration.response';
import { IntegrationEntity } from '../integration.entity';
import { toMtlsResponse } from '../integration.mapper';
import { IntegrationRepository } from '../integration.repository';
import { ConfigureMtlsDto, IssueMtlsCredentialsDto, MAX_TRUSTED_CAS, MtlsCredentialsResponse } from './dto/mtls.dto';
import { readTrustedCaPems, trustedCaOf } from './trusted-ca-pems';
import { TrustedCaEntity } from './trusted-ca.entity';
import { TrustedCaRepository } from './trusted-ca.repository';

const DAY_MS = 86_400_000;
/** Certificates start a little in the past, so that a caller whose clock is behind ours can use them at once. */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * An integration's mTLS settings (architecture.md §9.4): issuing the credentials CXone's BYOC form takes, the
 * trusted CA list (bring your own CA), and the mode. Changes to one integration are serialized on its row, so the
 * checks below (enforce needs a CA, at most MAX_TRUSTED_CAS) hold with several instances.
 */
@Injectable()
export class IntegrationMtlsService {
  private readonly logger = new Logger(IntegrationMtlsService.name);

  constructor(
    private readonly integrations: IntegrationRepository,
    private readonly trustedCas: TrustedCaRepository,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** A new CA and a client certificate it signed; the CA is trusted from now on. The key and password are returned, never stored. */
  async issueCredentials(principal: ApiPrincipal, id: string, request: IssueMtlsCredentialsDto): Promise<MtlsCredentialsResponse> {
    const integration = await this.find(principal, id);
    const now = this.clock.now();
    const validity = { notBefore: new Date(now.getTime() - CLOCK_SKEW_MS), notAfter: new Date(now.getTime() + (request.validDays ?? 365) * DAY_MS) };
    // Made before the transaction: generating keys takes a moment, and no row lock should be held meanwhile.
    const issued = await issueClientCredentials(
      { O: 'byoc-bridge', OU: integration.name, CN: `byoc-bridge mTLS CA ${now.toISOString().slice(0, 10)} ${integration.clientId}` },
      { O: 'byoc-bridge', OU: integration.name, CN: `CXone BYOC ${integration.clientId}` },
      validity,
    );
    const ca = trustedCaOf(issued.caCertificatePem, 'issued');
    await this.dataSource.transaction(async (manager) => {
      const trusted = await this.lockedTrustedList(integration, manager);
      if (trusted.length >= MAX_TRUSTED_CAS) {
        throw new ChannelRegistryError('INTEGRATION.MTLS_TOO_MANY_CAS', `Integration ${id} already trusts ${trusted.length} CAs: remove one first`);
      }
      await this.trustedCas.insert(integration.brandId, integration.id, [ca], manager);
    });
    this.logger.log({ brandId: integration.brandId, integrationId: integration.id, fingerprint: ca.fingerprintSha256, notAfter: ca.notAfter }, 'mTLS credentials issued; their CA is trusted');
    return { ...issued, fingerprintSha256: ca.fingerprintSha256, notAfter: ca.notAfter };
  }

  /** Sets the mode and, with `trustedCaPems`, replaces the trusted list (a CA kept keeps its expiry warnings given). */
  async configure(principal: ApiPrincipal, id: string, request: ConfigureMtlsDto): Promise<IntegrationMtlsResponse> {
    const integration = await this.find(principal, id);
    const replacement = request.trustedCaPems === undefined ? null : readTrustedCaPems(request.trustedCaPems, this.clock.now());
    const trusted = await this.dataSource.transaction(async (manager) => {
      let current = await this.lockedTrustedList(integration, manager);
      if (replacement) {
        const wanted = new Set(replacement.map((ca) => ca.fingerprintSha256));
        const held = new Set(current.map((ca) => ca.fingerprintSha256));
        await this.trustedCas.delete(integration.brandId, integration.id, [...held].filter((f) => !wanted.has(f)), manager);
        await this.trustedCas.insert(integration.brandId, integration.id, replacement.filter((ca) => !held.has(ca.fingerprintSha256)), manager);
        current = await this.trustedCas.list(integration.brandId, integration.id, manager);
      }
      if (request.mode === 'enforce' && current.length === 0) {
        throw new ChannelRegistryError('INTEGRATION.MTLS_ENFORCE_WITHOUT_CA', 'mode: enforce needs at least one trusted CA (issue credentials or give trustedCaPems)', { field: 'mode' });
      }
      await this.integrations.setMtlsMode(integration.brandId, integration.id, request.mode, manager);
      return current;
    });
    this.logger.log(
      { brandId: integration.brandId, integrationId: integration.id, from: integration.mtlsMode, to: request.mode, trustedCas: trusted.length },
      'mTLS settings changed',
    );
    return toMtlsResponse(request.mode, trusted);
  }

  /** Stops trusting one CA: the end of a rotation. Refused when it is the last one and the mode is `enforce`. */
  async removeTrusted(principal: ApiPrincipal, id: string, fingerprint: string): Promise<IntegrationMtlsResponse> {
    const integration = await this.find(principal, id);
    const wanted = normalizeFingerprint(fingerprint);
    const notFound = () => new ChannelRegistryError('INTEGRATION.MTLS_CA_NOT_FOUND', `Integration ${id} trusts no CA with fingerprint ${fingerprint}`);
    if (!wanted) throw notFound();
    const { mode, remaining } = await this.dataSource.transaction(async (manager) => {
      const locked = await this.integrations.findForUpdate(integration.brandId, integration.id, manager);
      if (!locked) throw integrationNotFound(id);
      const current = await this.trustedCas.list(integration.brandId, integration.id, manager);
      if (!current.some((ca) => ca.fingerprintSha256 === wanted)) throw notFound();
      if (locked.mtlsMode === 'enforce' && current.length === 1) {
        throw new ChannelRegistryError('INTEGRATION.MTLS_ENFORCE_WITHOUT_CA', 'This is the last trusted CA and the mode is enforce: trust another CA, or switch to report or off, first');
      }
      await this.trustedCas.delete(integration.brandId, integration.id, [wanted], manager);
      return { mode: locked.mtlsMode, remaining: current.filter((ca) => ca.fingerprintSha256 !== wanted) };
    });
    this.logger.log({ brandId: integration.brandId, integrationId: integration.id, fingerprint: wanted }, 'mTLS CA no longer trusted');
    return toMtlsResponse(mode, remaining);
  }

  private async find(principal: ApiPrincipal, id: string): Promise<IntegrationEntity> {
    const integration = await this.integrations.findById(principal.brandIds, id);
    if (!integration) throw integrationNotFound(id);
    return integration;
  }

  private async lockedTrustedList(integration: IntegrationEntity, manager: EntityManager): Promise<TrustedCaEntity[]> {
    // Deleted between the read above and now: the same 404.
    if (!(await this.integrations.findForUpdate(integration.brandId, integration.id, manager))) throw integrationNotFound(integration.id);
    return this.trustedCas.list(integration.brandId, integration.id, manager);
  }
}
