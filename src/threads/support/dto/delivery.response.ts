import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { DELIVERY_KINDS, DeliveryKind, DeliveryStatus } from '../../../outbox/delivery.entity';
import { DELIVERY_STATUSES } from './message.response';
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

  @ApiPropertyOptional({ enum: DELIVERY_KINDS })
  @IsOptional()
  @IsIn(DELIVERY_KINDS)
  kind?: DeliveryKind;
}

export class DeliveryResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ format: 'uuid' }) brandId!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) channelId!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) threadId!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) messageId!: string | null;
  @ApiProperty({ enum: DELIVERY_KINDS }) kind!: DeliveryKind;
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
