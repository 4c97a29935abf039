import type { ClosedReason } from '../../core/domain/conversation';
import { ChannelSettings } from '../../core/domain/channel-settings';

/**
 * May the visitor start a new conversation after this one closed? After the agent ended it, the channel's
 * `afterAgentClose` decides (`block` keeps the visitor on the closed conversation, as The Jungle does with an angry
 * animal; `new_thread` lets them start again). A conversation that closed any other way (the idle countdown, the
 * visitor leaving, an administrator) may always be followed by a new one: nobody decided to stop this visitor.
 */
export function canStartNewConversation(reason: ClosedReason, settings: Pick<ChannelSettings, 'afterAgentClose'>): boolean {
  return reason !== 'agent' || settings.afterAgentClose === 'new_thread';
}
