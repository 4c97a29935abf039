import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsDefined, IsOptional, IsString, IsUrl, Length, Matches, MaxLength, ValidateNested } from 'class-validator';

export class EndUserDto {
  @ApiPropertyOptional({ maxLength: 100 }) @IsOptional() @IsString() @MaxLength(100) firstName?: string;
  @ApiPropertyOptional({ maxLength: 100 }) @IsOptional() @IsString() @MaxLength(100) lastName?: string;
  @ApiPropertyOptional({ maxLength: 100 }) @IsOptional() @IsString() @MaxLength(100) nickname?: string;
}

/** `POST /webchat/{channelId}/sessions`: start a session, or resume one with `Authorization: Bearer <sessionToken>`. */
export class StartSessionDto {
  @ApiPropertyOptional({ type: EndUserDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => EndUserDto)
  endUser?: EndUserDto;
}

export class AttachmentDto {
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true, require_tld: false }, { message: 'url must be an http(s) URL' })
  @MaxLength(2048)
  url!: string;

  @IsString() @Length(1, 255) name!: string;
}

/** `POST /webchat/{channelId}/messages`. The text's length limit is `WEBCHAT_MAX_TEXT_LENGTH`, checked by the service. */
export class SendMessageDto {
  @ApiPropertyOptional({ description: 'The message text; may be empty when there are attachments.' })
  @IsOptional()
  @IsString()
  text?: string;

  @ApiPropertyOptional({ description: 'The client\'s own id: a retried send with the same id is a no-op.', maxLength: 100 })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9._:-]{1,100}$/, { message: 'clientMessageId must be 1-100 letters, digits or . _ : -' })
  clientMessageId?: string;

  @ApiPropertyOptional({ type: [AttachmentDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => AttachmentDto)
  attachments?: AttachmentDto[];
}

/** `POST /webchat/{channelId}/typing`. */
export class TypingDto {
  @IsDefined() @IsBoolean() on!: boolean;
}
