import { randomUUID } from 'node:crypto';
import { startStandaloneEmulator, StandaloneEmulator } from '../../emulators/dfo/standalone';
import { EmulatorClient } from './emulator';
import { FakeIntegrationBox, FakeIntegrationBoxOptions, startFakeIntegrationBox } from './fake-integration-box';

/**
 * DFO's side alone, for specs of the emulator itself: the standalone emulator, and a fake Integration Box behind it
 * that its agent replies reach. `token` is the emulator's default access token (refresh it after expiring tokens).
 */
export class EmulatorWithBox {
  private constructor(
    readonly emulator: StandaloneEmulator,
    readonly dfo: EmulatorClient,
    readonly box: FakeIntegrationBox,
    public token: string,
  ) {}

  static async start(box: FakeIntegrationBoxOptions = {}): Promise<EmulatorWithBox> {
    const emulator = await startStandaloneEmulator({ port: 0 });
    const dfo = new EmulatorClient(emulator.url);
    return new EmulatorWithBox(emulator, dfo, await startFakeIntegrationBox(box), await dfo.token());
  }

  /** A channel on a fresh BYOC integration (so a fresh token cache in the emulator) registered with the box. */
  async channel(options: { replyApi?: '2.0' | '1.0'; clientSecret?: string; name?: string; token?: string } = {}): Promise<{ integrationId: string; channelId: string }> {
    const integrationId = randomUUID();
    await this.dfo.registerIntegration(integrationId, {
      integrationBoxUrl: this.box.integrationBoxUrl,
      authorizationUrl: this.box.authorizationUrl,
      clientId: this.box.clientId,
      clientSecret: options.clientSecret ?? this.box.clientSecret,
      replyApi: options.replyApi ?? '2.0',
    });
    const channelId = `chat_${randomUUID()}`;
    await this.dfo.createChannel(options.token ?? this.token, { id: channelId, channelIntegrationId: integrationId, name: options.name ?? 'Watering Hole live chat' });
    return { integrationId, channelId };
  }

  /** An end user writes on a new thread of the channel (Simba, unless told otherwise): the case it opens. */
  async endUserWrites(channelId: string, text = 'Hello?', author: Record<string, unknown> = { idOnExternalPlatform: 'simba', firstName: 'Simba', lastName: 'Lion' }): Promise<{ threadId: string; caseId: string }> {
    const threadId = `t-${randomUUID()}`;
    return { threadId, caseId: await this.dfo.openCase(this.token, channelId, threadId, text, author) };
  }

  async close(): Promise<void> {
    await this.emulator.close();
    await this.box.close();
  }
}
