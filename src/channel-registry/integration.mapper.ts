import { IntegrationMtlsResponse, IntegrationResponse } from './dto/integration.response';
import { IntegrationEntity, MtlsMode } from './integration.entity';
import { TrustedCaEntity } from './mtls/trusted-ca.entity';
import { CxoneFormValues } from './public-urls';

/** The exposed fields of an integration; neither the client secret's hash nor the previous one's are among them. */
export function toIntegrationResponse(integration: IntegrationEntity, cxone: CxoneFormValues, trusted: readonly TrustedCaEntity[]): IntegrationResponse {
  return {
    id: integration.id,
    brandId: integration.brandId,
    name: integration.name,
    clientId: integration.clientId,
    replyApi: integration.replyApi,
    channelIntegrationId: integration.channelIntegrationId,
    cxone,
    secrets: {
      clientSecretRotatedAt: integration.clientSecretRotatedAt,
      previousClientSecretValidUntil: integration.previousClientSecretExpiresAt,
      tokensValidAfter: integration.tokensRevokedAt,
    },
    mtls: toMtlsResponse(integration.mtlsMode, trusted),
    createdAt: integration.createdAt,
    updatedAt: integration.updatedAt,
  };
}

/** The mode and the trusted CAs, by subject, fingerprint and expiry: the certificates themselves stay in the database. */
export function toMtlsResponse(mode: MtlsMode, trusted: readonly TrustedCaEntity[]): IntegrationMtlsResponse {
  return { mode, trusted: trusted.map((ca) => ({ subject: ca.subject, fingerprintSha256: ca.fingerprintSha256, notAfter: ca.notAfter })) };
}
