import { IdleClockSettings, nextIdleDeadline } from './idle-clock';

describe('nextIdleDeadline', () => {
  const at = new Date('2026-01-02T03:04:05.000Z');
  const running = new Date('2026-01-02T03:05:00.000Z');
  const twoMinutesLater = new Date('2026-01-02T03:06:05.000Z');
  const agentMode: IdleClockSettings = { idleTimeoutSeconds: 120, idleClockStartsOn: 'agent_message' };
  const anyMode: IdleClockSettings = { idleTimeoutSeconds: 120, idleClockStartsOn: 'any_message' };

  describe('agent_message mode (the default)', () => {
    it('starts when the agent writes, and restarts on the next agent message', () => {
      expect(nextIdleDeadline(agentMode, null, 'agent_message', at)).toEqual(twoMinutesLater);
      expect(nextIdleDeadline(agentMode, running, 'agent_message', at)).toEqual(twoMinutesLater);
    });

    it('stops when the end user writes: it is the agent who is waited for now', () => {
      expect(nextIdleDeadline(agentMode, running, 'end_user_message', at)).toBeNull();
      expect(nextIdleDeadline(agentMode, null, 'end_user_message', at)).toBeNull();
    });
  });

  describe('any_message mode', () => {
    it('restarts after a message from either side', () => {
      expect(nextIdleDeadline(anyMode, null, 'end_user_message', at)).toEqual(twoMinutesLater);
      expect(nextIdleDeadline(anyMode, running, 'end_user_message', at)).toEqual(twoMinutesLater);
      expect(nextIdleDeadline(anyMode, running, 'agent_message', at)).toEqual(twoMinutesLater);
    });
  });

  describe.each([
    ['agent_message', agentMode],
    ['any_message', anyMode],
  ] as const)('in %s mode', (_, settings) => {
    it('pushes a running deadline on typing or heartbeat, and does not start a stopped one', () => {
      expect(nextIdleDeadline(settings, running, 'end_user_presence', at)).toEqual(twoMinutesLater);
      expect(nextIdleDeadline(settings, null, 'end_user_presence', at)).toBeNull();
    });

    it('starts the clock when the end user leaves, without moving a running one', () => {
      expect(nextIdleDeadline(settings, null, 'left', at)).toEqual(twoMinutesLater);
      expect(nextIdleDeadline(settings, running, 'left', at)).toEqual(running);
    });
  });
});
