import { Channel } from './support/admin-api';
import { EmulatorWorld, FAST_LIFECYCLE } from './support/emulator-world';
import { runOutCountdown, runOutIdleTimeout } from './support/lifecycle-deadlines';
import { sendMessage, startSession, StartedSession, webchatCall } from './support/webchat';
import { waitFor } from './support/wait';

interface History {
  threadId: string;
  status: string;
  closedReason: string | null;
  canStartNew: boolean;
  messages: Array<{ text: string; direction: string; authorKind: string }>;
}

/**
 * Where a resumed session lands (docs/architecture.md §6.4: "same thread; after a close, a new thread when the channel's
 * policy allows"), with the agent's side played by the DFO emulator through the whole chain.
 */
describe('web chat sessions across conversations', () => {
  let world: EmulatorWorld;
  beforeAll(async () => {
    world = await EmulatorWorld.startSandbox(FAST_LIFECYCLE);
  });
  afterAll(() => world.close());

  const t = () => world.t;
  const history = async (channel: Channel, s: StartedSession): Promise<History> => (await webchatCall(t(), 'GET', channel, '/history', { token: s.sessionToken })).json();
  async function resume(channel: Channel, s: StartedSession): Promise<StartedSession> {
    const res = await webchatCall(t(), 'POST', channel, '/sessions', { token: s.sessionToken, payload: {} });
    expect(res.statusCode).toBe(200);
    return res.json();
  }
  async function closedConversation(channel: Channel, status: 'closed' | 'idle' = 'closed'): Promise<StartedSession> {
    const s = await startSession(t(), channel, { firstName: 'Simba' });
    await sendMessage(t(), channel, s.sessionToken, 'Hello');
    const kase = await world.dfo.waitForCase(s.threadId, channel.dfoChannelId);
    if (status === 'closed') {
      await world.dfo.setStatus(kase.id, 'closed');
    } else {
      // The agent answers, then the idle timeout and the countdown run out (driven, not waited for).
      await world.dfo.reply(kase.id, 'Anything else?');
      await runOutIdleTimeout(world.db, { channelId: channel.id, externalId: s.threadId });
      await runOutCountdown(world.db, { channelId: channel.id, externalId: s.threadId });
    }
    await waitFor(async () => (await history(channel, s)).status === 'closed', 'the conversation to close');
    return s;
  }

  it('keeps a visitor on a conversation the agent closed when the channel blocks', async () => {
    const channel = await world.webchatChannel({ afterAgentClose: 'block' });
    const s = await closedConversation(channel);
    expect(await history(channel, s)).toMatchObject({ status: 'closed', closedReason: 'agent', canStartNew: false });
    const again = await resume(channel, s);
    expect(again.threadId).toBe(s.threadId);
  });

  it('starts a new conversation after an agent close when the channel allows it', async () => {
    const channel = await world.webchatChannel({ afterAgentClose: 'new_thread' });
    const s = await closedConversation(channel);
    expect(await history(channel, s)).toMatchObject({ status: 'closed', closedReason: 'agent', canStartNew: true });
    const again = await resume(channel, s);
    expect(again).toMatchObject({ endUserId: s.endUserId, threadId: expect.not.stringMatching(s.threadId) });
    expect(await history(channel, again)).toMatchObject({ status: 'new', messages: [] });
  });

  it('starts a new conversation after an idle close, whatever the agent-close policy', async () => {
    const channel = await world.webchatChannel({ afterAgentClose: 'block' });
    const s = await closedConversation(channel, 'idle');
    expect(await history(channel, s)).toMatchObject({ status: 'closed', closedReason: 'idle_timeout', canStartNew: true });
    expect((await resume(channel, s)).threadId).not.toBe(s.threadId);
  });

  it('takes the visitor to a conversation an agent started with them, at their next visit', async () => {
    const channel = await world.webchatChannel();
    const s = await startSession(t(), channel, { firstName: 'Nala' });
    await sendMessage(t(), channel, s.sessionToken, 'Hi');
    const { case: started } = await world.dfo.startOutbound({ channelId: channel.dfoChannelId, recipient: { idOnExternalPlatform: s.endUserId, name: 'Nala' }, text: 'Your parcel has arrived.' });
    const moved = await waitFor(async () => {
      const next = await resume(channel, s);
      return next.threadId !== s.threadId ? next : undefined;
    }, 'the session to move to the agent-initiated conversation');
    expect(moved.threadId).toBe(started.threadIdOnExternalPlatform);
    const h = await waitFor(async () => {
      const found = await history(channel, moved);
      return found.messages.length > 0 ? found : undefined;
    }, 'the agent message in the history');
    expect(h.messages).toEqual([expect.objectContaining({ text: 'Your parcel has arrived.', direction: 'outbound', authorKind: 'agent' })]);
  });
});
