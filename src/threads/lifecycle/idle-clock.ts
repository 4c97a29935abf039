import { ChannelSettings } from '../../core/domain/channel-settings';

/**
 * What just happened on a conversation, as far as the idle clock cares:
 * - `end_user_message`, `agent_message`: a message from either side;
 * - `end_user_presence`: typing or a heartbeat, proof the end user is still there;
 * - `left`: the platform says the end user closed or left the conversation (never a close by itself).
 */
export type IdleClockActivity = 'end_user_message' | 'agent_message' | 'end_user_presence' | 'left';

export type IdleClockSettings = Pick<ChannelSettings, 'idleTimeoutSeconds' | 'idleClockStartsOn'>;

/**
 * The end user's idle deadline after `activity` at `at` (docs/architecture.md §5), given the running one (`current`,
 * null when the clock is stopped). Pure, so every rule is a unit test:
 * - `agent_message` mode (default): the clock runs while the agent waits for the end user. An agent message starts
 *   (or restarts) it; an end-user message stops it (the agent's turn).
 * - `any_message` mode: any message restarts it.
 * - In both modes presence pushes a running deadline and leaves a stopped clock stopped, and `left` starts the clock
 *   when it is not running (the end user went away mid-conversation) without moving a running one.
 */
export function nextIdleDeadline(settings: IdleClockSettings, current: Date | null, activity: IdleClockActivity, at: Date): Date | null {
  const restart = new Date(at.getTime() + settings.idleTimeoutSeconds * 1000);
  switch (activity) {
    case 'agent_message':
      return restart;
    case 'end_user_message':
      return settings.idleClockStartsOn === 'any_message' ? restart : null;
    case 'end_user_presence':
      return current === null ? null : restart;
    case 'left':
      return current ?? restart;
  }
}
