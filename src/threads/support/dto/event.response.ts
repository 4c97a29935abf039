import { ApiProperty } from '@nestjs/swagger';

export class ThreadEventResponse {
  @ApiProperty({ description: 'Increasing: the order things happened in' }) id!: string;
  @ApiProperty({
    description: 'message.inbound, message.outbound, message.blocked, message.status, idle_warning, resumed, closed, case_status, delivery.dead',
  })
  type!: string;
  @ApiProperty({ type: Object, description: 'Depends on the type: `closed` has `reason`, `idle_warning` has `closesAt`, `case_status` has `from`/`to`' })
  data!: Record<string, unknown>;
  @ApiProperty() createdAt!: Date;
}

export class ThreadEventPageResponse {
  @ApiProperty({ type: [ThreadEventResponse] }) data!: ThreadEventResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
