import { ApiProperty } from '@nestjs/swagger';
import { DeliveryKind, DeliveryStatus } from '../../../outbox/delivery.entity';
import { AuthorKind, MessageDirection, MessageStatus } from '../../message.entity';

export const DELIVERY_STATUSES: readonly DeliveryStatus[] = ['pending', 'in_flight', 'done', 'dead'];
/** The kinds belong to the modules that own them (`OutboxModule.forFeature`), so the docs name no fixed list. */
export const DELIVERY_KIND_DOC = 'What the delivery does, e.g. `dfo.create_message` or `platform.event`; an unknown kind in a filter is a 400 that lists the known ones';
export const MESSAGE_STATUSES: readonly MessageStatus[] = ['accepted', 'sent_to_dfo', 'sent', 'delivered', 'seen', 'failed', 'blocked'];

export class DeliveryAttemptResponse {
  @ApiProperty({ description: 'The delivery id (for `POST /api/v1/deliveries/{id}/retry`)' }) id!: string;
  @ApiProperty({ type: String, example: 'dfo.create_message', description: DELIVERY_KIND_DOC }) kind!: DeliveryKind;
  @ApiProperty({ enum: DELIVERY_STATUSES }) status!: DeliveryStatus;
  @ApiProperty({ description: 'Attempts made so far' }) attempts!: number;
  @ApiProperty() nextAttemptAt!: Date;
  @ApiProperty({ nullable: true, type: String }) lastError!: string | null;
  @ApiProperty({ nullable: true, type: Date }) completedAt!: Date | null;
  @ApiProperty() createdAt!: Date;
}

export class MessageResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['inbound', 'outbound'], description: '`inbound`: from the end user; `outbound`: to the end user' }) direction!: MessageDirection;
  @ApiProperty({ description: 'Inbound: the platform message id; outbound: the id DFO was answered with' }) idOnExternalPlatform!: string;
  @ApiProperty({ nullable: true, type: String, description: `The platform's own id of an outbound message` }) platformMessageId!: string | null;
  @ApiProperty({ enum: ['end_user', 'agent', 'system'] }) authorKind!: AuthorKind;
  @ApiProperty({ nullable: true, type: Object, description: 'Agent name/id of an agent message' }) agent!: Record<string, unknown> | null;
  @ApiProperty({ type: Object, description: 'DFO `messageContent`' }) content!: Record<string, unknown>;
  @ApiProperty({ type: [Object], description: '`[{url, name}]`' }) attachments!: Record<string, unknown>[];
  @ApiProperty({ enum: MESSAGE_STATUSES }) status!: MessageStatus;
  @ApiProperty({ nullable: true, type: String }) statusReason!: string | null;
  @ApiProperty({ nullable: true, type: Date }) platformCreatedAt!: Date | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ type: [DeliveryAttemptResponse], description: 'The outbox deliveries of this message, oldest first' })
  deliveries!: DeliveryAttemptResponse[];
}

export class MessagePageResponse {
  @ApiProperty({ type: [MessageResponse] }) data!: MessageResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
