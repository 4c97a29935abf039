import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** OpenAPI description only: the body is parsed by hand so that every failure is an OAuth `{error}` body. */
export class TokenRequestDto {
  @ApiProperty({ enum: ['client_credentials'] }) grant_type!: string;
  @ApiPropertyOptional({ description: 'The clientId printed when the integration was created (client_secret_post; with Basic, optional and equal to its id)' })
  client_id?: string;
  @ApiPropertyOptional({ description: 'The clientSecret printed when the integration was created (client_secret_post only)' })
  client_secret?: string;
}

export class TokenResponseDto {
  @ApiProperty({ description: 'Send as Authorization: Bearer <access_token> on Integration Box calls' }) access_token!: string;
  @ApiProperty({ enum: ['Bearer'] }) token_type!: 'Bearer';
  @ApiProperty({ description: 'Seconds until the token expires (INTEGRATION_TOKEN_TTL_S)' }) expires_in!: number;
}

export class OAuthErrorDto {
  @ApiProperty({ enum: ['invalid_request', 'unsupported_grant_type', 'invalid_client', 'slow_down'] }) error!: string;
}
