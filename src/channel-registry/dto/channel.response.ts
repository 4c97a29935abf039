import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ChannelSettings } from '../../core/domain/channel-settings';
import { ADAPTER_NAMES } from '../../platform-adapters/platform-adapter';
import type { ChannelStatus } from '../channel.entity';

export class ChannelSettingsResponse implements ChannelSettings {
  @ApiProperty() idleTimeoutSeconds!: number;
  @ApiProperty() closeCountdownSeconds!: number;
  @ApiProperty() idleWarningText!: string;
  @ApiProperty() closedText!: string;
  @ApiProperty({ enum: ['agent_message', 'any_message'] }) idleClockStartsOn!: ChannelSettings['idleClockStartsOn'];
  @ApiProperty({ enum: ['block', 'new_thread'] }) afterAgentClose!: ChannelSettings['afterAgentClose'];
  @ApiProperty({ type: [String] }) agentClosedStatuses!: ChannelSettings['agentClosedStatuses'];
}

/** A channel as the API shows it: secret config fields are replaced by `{count}` (arrays) or `{set: true}`. */
export class ChannelResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) brandId!: string;
  @ApiProperty({ format: 'uuid' }) integrationId!: string;
  @ApiProperty({ description: 'The DFO channel id; also the {channelId} of our public webhook and web chat paths' }) dfoChannelId!: string;
  @ApiProperty() idOnExternalPlatform!: string;
  @ApiProperty() realExternalPlatformId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ADAPTER_NAMES }) adapter!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { outboundUrl: 'https://platform.example/byoc', signingSecrets: { count: 2 } },
    description: 'Secret fields show as {"count": n} (arrays of secrets) or {"set": true} (a single secret)',
  })
  adapterConfig!: Record<string, unknown>;
  @ApiProperty({ enum: ['active', 'disconnected', 'removed'] }) status!: ChannelStatus;
  @ApiProperty({ type: ChannelSettingsResponse }) settings!: ChannelSettings;
  @ApiPropertyOptional({ description: 'webhook channels: where the platform posts its events' }) webhookUrl?: string;
  @ApiPropertyOptional({ description: 'webchat channels: the script tag to put on a page' }) widgetSnippet?: string;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}
