import { IntegrationResponse } from './dto/integration.response';
import { IntegrationEntity } from './integration.entity';
import { CxoneFormValues } from './public-urls';

/** The exposed fields of an integration; the client secret hash is not one of them. */
export function toIntegrationResponse(integration: IntegrationEntity, cxone: CxoneFormValues): IntegrationResponse {
  return {
    id: integration.id,
    brandId: integration.brandId,
    name: integration.name,
    clientId: integration.clientId,
    replyApi: integration.replyApi,
    channelIntegrationId: integration.channelIntegrationId,
    cxone,
    createdAt: integration.createdAt,
    updatedAt: integration.updatedAt,
  };
}
