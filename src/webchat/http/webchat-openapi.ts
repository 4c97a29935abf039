import { applyDecorators } from '@nestjs/common';
import { ApiBadRequestResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiParam, ApiTooManyRequestsResponse } from '@nestjs/swagger';

/** What every route under `/webchat/{channelId}` has in common, for the OpenAPI document. */
export function ApiWebchatRoute(): ClassDecorator {
  return applyDecorators(
    ApiParam({ name: 'channelId', description: 'The DFO channel id of a web chat channel (the widget\'s data-channel)' }),
    ApiBadRequestResponse({ description: 'A malformed body or parameter, with the field named' }),
    ApiForbiddenResponse({ description: 'The page\'s origin is not on the channel\'s allowlist' }),
    ApiNotFoundResponse({ description: 'No live web chat channel with this id' }),
    ApiTooManyRequestsResponse({ description: 'Rate limited; see Retry-After' }),
  );
}
