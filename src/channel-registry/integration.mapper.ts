import { IntegrationResponse } from './dto/integration.response';
import { IntegrationEntity } from './integration.entity';
import { CxoneFormValues } from './public-urls';

/** The exposed fields of an integration; neither the client secret's hash nor the previous one's are among them. */
export function toIntegrationResponse(integration: IntegrationEntity, cxone: CxoneFormValues): IntegrationResponse {
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
    // No trusted CAs are stored yet (docs/architecture.md §9.4 adds them); `mtls_required` is all there is.
    mtls: { mode: integration.mtlsRequired ? 'enforce' : 'off', trusted: [] },
    createdAt: integration.createdAt,
    updatedAt: integration.updatedAt,
  };
}
