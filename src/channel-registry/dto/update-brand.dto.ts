import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsNotEmpty, IsObject, IsString, MaxLength, ValidateNested } from 'class-validator';
import { IsOptionalNotNull } from '../../core/errors/validation';
import { BrandDfoDto } from './create-brand.dto';

export class UpdateBrandDto {
  @ApiPropertyOptional({ example: 'The Jungle' })
  @IsOptionalNotNull()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({
    type: BrandDfoDto,
    description: 'New DFO credentials, whole (as at creation). The secret is sealed; the cached DFO tokens of the brand are dropped on every instance.',
  })
  @IsOptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => BrandDfoDto)
  dfo?: BrandDfoDto;
}
