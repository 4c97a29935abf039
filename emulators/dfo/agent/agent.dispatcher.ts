import { Injectable } from '@nestjs/common';
import type { DfoSenderAction } from '../wire.types';
import { DEFAULT_BRAND, EmulatorStore } from '../store/emulator.store';
import { EmuAgentDelivery, EmuBrand, EmuCase, EmuChannel, EmuIntegration, EmuMessage } from '../store/emulator.types';
import { IntegrationBoxClient } from './integration-box.client';
import { judgeReply, replyRequest, senderActionRequest } from './integration-box.payloads';
import { SANDBOX_AGENT } from './sandbox-agent';

/**
 * Passes agent messages and typing to the middleware's Integration Box and records what came back on the message:
 * the middleware's `idOnExternalPlatform` (which its later b.3 status updates refer to), or why it failed.
 */
@Injectable()
export class AgentDispatcher {
  constructor(
    private readonly store: EmulatorStore,
    private readonly box: IntegrationBoxClient,
  ) {}

  async deliver(message: EmuMessage, c: EmuCase, channel: EmuChannel, integration: EmuIntegration, action: 'reply' | 'outbound' | 'api_outbound'): Promise<void> {
    const thread = this.store.thread(c.threadId)!;
    const request = replyRequest({
      integration,
      brand: this.brandOf(channel),
      channelId: channel.id,
      thread: { idOnExternalPlatform: thread.idOnExternalPlatform, threadName: thread.threadName },
      messageContent: message.messageContent,
      attachments: message.attachments,
      endUserRecipients: message.recipients,
      replyToMessage: message.replyToMessage?.idOnExternalPlatform ? { idOnExternalPlatform: message.replyToMessage.idOnExternalPlatform } : null,
      agent: message.authorUser,
    });
    const result = await this.box.call(integration, request, { action, caseId: c.id, channelId: channel.id });
    const verdict = result.error !== null || result.status === null
      ? { idOnExternalPlatform: null, error: result.error ?? 'no answer', warnings: [] }
      : judgeReply(integration.replyApi, result.status, result.body, thread.idOnExternalPlatform);
    if (verdict.idOnExternalPlatform !== null) {
      const clash = this.store.messageOnChannel(channel.id, 'outbound', verdict.idOnExternalPlatform);
      if (clash && clash.id !== message.id) verdict.warnings.push(`idOnExternalPlatform "${verdict.idOnExternalPlatform}" was already returned for message ${clash.id}`);
      message.idOnExternalPlatform = verdict.idOnExternalPlatform;
    }
    message.agentDelivery = {
      state: verdict.error === null ? 'sent' : 'failed',
      httpStatus: result.status,
      error: verdict.error,
      warnings: verdict.warnings,
      callIds: result.callIds,
    };
    this.store.putMessage(message);
  }

  /** a.4: DFO expects 204 [3P×3]; another 2xx counts as done, with a warning. */
  async typing(c: EmuCase, channel: EmuChannel, integration: EmuIntegration, action: DfoSenderAction): Promise<EmuAgentDelivery> {
    const thread = this.store.thread(c.threadId)!;
    const request = senderActionRequest(this.brandOf(channel), channel.id, thread.idOnExternalPlatform, action, SANDBOX_AGENT);
    const result = await this.box.call(integration, request, { action: 'typing', caseId: c.id, channelId: channel.id });
    const ok = result.error === null && result.status !== null && result.status >= 200 && result.status < 300;
    return {
      state: ok ? 'sent' : 'failed',
      httpStatus: result.status,
      error: ok ? null : (result.error ?? `expected HTTP 204, got ${result.status}`),
      warnings: ok && result.status !== 204 ? [`expected HTTP 204, got ${result.status}`] : [],
      callIds: result.callIds,
    };
  }

  private brandOf(channel: EmuChannel): EmuBrand {
    return this.store.brand(channel.brandId) ?? { ...DEFAULT_BRAND, accessKeys: [] };
  }
}
