/** Per-channel conversation lifecycle settings (docs/architecture.md §5). */
export interface ChannelSettings {
  idleTimeoutSeconds: number;
  closeCountdownSeconds: number;
  idleWarningText: string;
  closedText: string;
  /** `agent_message`: the idle clock runs while the agent waits for the end user; `any_message`: after any message. */
  idleClockStartsOn: 'agent_message' | 'any_message';
  /** What a message on a thread the agent ended does: `block` it with `closedText`, or start a `new_thread`. */
  afterAgentClose: 'block' | 'new_thread';
  agentClosedStatuses: DfoCaseStatus[];
}

export const DFO_CASE_STATUSES = ['new', 'open', 'pending', 'escalated', 'resolved', 'closed', 'trashed'] as const;
export type DfoCaseStatus = (typeof DFO_CASE_STATUSES)[number];

export const DEFAULT_CHANNEL_SETTINGS: ChannelSettings = {
  idleTimeoutSeconds: 120,
  closeCountdownSeconds: 20,
  idleWarningText: 'Are you still there? This chat will close in a few seconds unless you reply.',
  closedText: 'This conversation has ended. Thank you for contacting us.',
  idleClockStartsOn: 'agent_message',
  afterAgentClose: 'block',
  agentClosedStatuses: ['closed', 'trashed'],
};

export function withDefaultSettings(partial: Partial<ChannelSettings> | undefined): ChannelSettings {
  const defined = Object.fromEntries(Object.entries(partial ?? {}).filter(([, v]) => v !== undefined));
  return { ...DEFAULT_CHANNEL_SETTINGS, ...defined };
}
