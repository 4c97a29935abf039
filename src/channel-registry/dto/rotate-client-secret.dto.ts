import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { IsOptionalNotNull } from '../../core/errors/validation';

/** A day: time to paste the new secret into CXone's BYOC form while DFO keeps getting tokens with the old one. */
export const DEFAULT_GRACE_SECONDS = 86400;
const MAX_GRACE_SECONDS = 30 * 86400;

export class RotateClientSecretDto {
  @ApiPropertyOptional({
    minimum: 0,
    maximum: MAX_GRACE_SECONDS,
    default: DEFAULT_GRACE_SECONDS,
    example: 86400,
    description: 'How long the replaced secret keeps working. 0: it stops at once (a leaked secret); also revoke tokens to cut off tokens already issued.',
  })
  @IsOptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(MAX_GRACE_SECONDS)
  graceSeconds?: number;
}
