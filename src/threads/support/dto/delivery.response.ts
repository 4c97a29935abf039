import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { DeliveryKind, DeliveryStatus } from '../../../outbox/delivery.entity';
import { DELIVERY_KIND_DOC, DELIVERY_STATUSES } from './message.response';
import { PageQuery } from './page.query';

export class ListDeliveriesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES, default: 'dead' })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES)
  status?: DeliveryStatus;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  brandId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  threadId?: string;

  /** Checked against the kinds the app knows by the service: the modules that own them declare them at boot. */
  @ApiPropertyOptional({ type: String, example: 'dfo.create_message', description: DELIVERY_KIND_DOC })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  kind?: string;
}

export class DeliveryResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ format: 'uuid' }) brandId!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) channelId!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) threadId!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) messageId!: string | null;
  @ApiProperty({ type: String, example: 'dfo.create_message', description: DELIVERY_KIND_DOC }) kind!: DeliveryKind;
  @ApiProperty({ enum: DELIVERY_STATUSES }) status!: DeliveryStatus;
  @ApiProperty() attempts!: number;
  @ApiProperty() nextAttemptAt!: Date;
  @ApiProperty({ nullable: true, type: String, description: 'Why the last attempt failed' }) lastError!: string | null;
  @ApiProperty({ nullable: true, type: Date }) completedAt!: Date | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}

export class DeliveryPageResponse {
  @ApiProperty({ type: [DeliveryResponse] }) data!: DeliveryResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
