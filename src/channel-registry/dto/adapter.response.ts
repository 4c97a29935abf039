import { ApiProperty } from '@nestjs/swagger';

export class AdapterCapabilitiesResponse {
  @ApiProperty({ type: [String], description: 'DFO message types the adapter renders; other content goes as its text', example: ['TEXT'] })
  messageTypes!: string[];
  @ApiProperty() attachments!: boolean;
  @ApiProperty() typing!: boolean;
  @ApiProperty({ description: 'Delivered and read receipts reach DFO' }) receipts!: boolean;
  @ApiProperty({ description: 'Can start a conversation (proactive outbound)' }) agentInitiated!: boolean;
  @ApiProperty({ type: Number, nullable: true, description: 'The default send ceiling per channel and second; null when the platform sets none' })
  maxSendsPerSecond!: number | null;
}

/** One entry of the adapter catalogue (docs/architecture.md §9.8). */
export class AdapterResponse {
  @ApiProperty({ example: 'webhook', description: 'The `adapter` value of a channel' }) name!: string;
  @ApiProperty({ example: 'Webhook' }) title!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'JSON Schema of the channel’s adapterConfig; secret fields are writeOnly' })
  configSchema!: Record<string, unknown>;
  @ApiProperty({ type: [String], description: 'Config fields that are sealed at rest and never shown again' }) secretFields!: string[];
  @ApiProperty({ type: AdapterCapabilitiesResponse }) capabilities!: AdapterCapabilitiesResponse;
}
