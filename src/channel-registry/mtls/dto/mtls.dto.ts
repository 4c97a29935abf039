import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsOptionalNotNull } from '../../../core/errors/validation';
import { MTLS_MODES, MtlsMode } from '../../integration.entity';

/** An integration trusts at most this many CAs: enough for any overlap of rotations, not a dumping ground. */
export const MAX_TRUSTED_CAS = 10;
export const MAX_VALID_DAYS = 1825;

export class IssueMtlsCredentialsDto {
  @ApiPropertyOptional({ default: 365, minimum: 1, maximum: MAX_VALID_DAYS, description: 'Days the client certificate (and its CA) stay valid' })
  @IsOptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(MAX_VALID_DAYS)
  validDays?: number;
}

export class ConfigureMtlsDto {
  @ApiProperty({ enum: MTLS_MODES, description: '`report` counts calls without a good certificate but lets them pass; `enforce` refuses them (401)' })
  @IsIn(MTLS_MODES)
  mode!: MtlsMode;

  @ApiPropertyOptional({
    type: [String],
    maxItems: MAX_TRUSTED_CAS,
    description: 'Bring your own CA: replaces the trusted list with these CA certificates (PEM, one per entry). Left out: the list stays as it is',
  })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(MAX_TRUSTED_CAS)
  @IsString({ each: true })
  @MaxLength(20000, { each: true })
  trustedCaPems?: string[];
}

/** What CXone's BYOC form takes, exactly as it is to be pasted. The key and its password are shown this once. */
export class MtlsCredentialsResponse {
  @ApiProperty({ description: 'For the form\'s "CA certificate" field; now trusted by the integration' }) caCertificatePem!: string;
  @ApiProperty({ description: 'For the form\'s "Client certificate" field' }) clientCertificatePem!: string;
  @ApiProperty({ description: 'For the form\'s "Private key" field: PKCS#8, encrypted (AES-256-CBC) with privateKeyPassword. Never stored' })
  privateKeyPem!: string;
  @ApiProperty({ description: 'The private key\'s password, for the form. Never stored' }) privateKeyPassword!: string;
  @ApiProperty({ description: 'SHA-256 of the new CA certificate (hex), as in mtls.trusted; remove it with DELETE .../mtls/trusted/{fingerprintSha256}' })
  fingerprintSha256!: string;
  @ApiProperty({ description: 'When the client certificate (and its CA) expire' }) notAfter!: Date;
}
