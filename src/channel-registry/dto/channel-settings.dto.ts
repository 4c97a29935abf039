import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsInt, IsNotEmpty, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsOptionalNotNull } from '../../core/errors/validation';
import { ChannelSettings, DEFAULT_CHANNEL_SETTINGS, DFO_CASE_STATUSES, DfoCaseStatus } from '../../core/domain/channel-settings';

const IDLE_CLOCK_STARTS_ON = ['agent_message', 'any_message'] as const;
const AFTER_AGENT_CLOSE = ['block', 'new_thread'] as const;
const D = DEFAULT_CHANNEL_SETTINGS;

/** Lifecycle settings (docs/architecture.md §5); every field is optional and falls back to its default. */
export class ChannelSettingsDto implements Partial<ChannelSettings> {
  @ApiPropertyOptional({ default: D.idleTimeoutSeconds, minimum: 1, description: 'End-user silence before the idle warning' })
  @IsOptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(30 * 86400)
  idleTimeoutSeconds?: number;

  @ApiPropertyOptional({ default: D.closeCountdownSeconds, minimum: 1, description: 'Countdown from the idle warning to the close' })
  @IsOptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(86400)
  closeCountdownSeconds?: number;

  @ApiPropertyOptional({ default: D.idleWarningText })
  @IsOptionalNotNull()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  idleWarningText?: string;

  @ApiPropertyOptional({ default: D.closedText })
  @IsOptionalNotNull()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  closedText?: string;

  @ApiPropertyOptional({ enum: IDLE_CLOCK_STARTS_ON, default: D.idleClockStartsOn })
  @IsOptionalNotNull()
  @IsIn(IDLE_CLOCK_STARTS_ON)
  idleClockStartsOn?: ChannelSettings['idleClockStartsOn'];

  @ApiPropertyOptional({ enum: AFTER_AGENT_CLOSE, default: D.afterAgentClose })
  @IsOptionalNotNull()
  @IsIn(AFTER_AGENT_CLOSE)
  afterAgentClose?: ChannelSettings['afterAgentClose'];

  @ApiPropertyOptional({ enum: DFO_CASE_STATUSES, isArray: true, default: D.agentClosedStatuses, description: 'DFO case statuses that mean the agent ended the conversation' })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(DFO_CASE_STATUSES.length)
  @IsIn(DFO_CASE_STATUSES, { each: true })
  agentClosedStatuses?: DfoCaseStatus[];
}
