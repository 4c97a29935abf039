import { Inject, Injectable, Logger } from '@nestjs/common';
import { IntegrationPrincipal } from '../../auth/current-integration.decorator';
import { ChannelDirectory } from '../../channel-registry/channel-directory.service';
import { AppConfig } from '../../core/config/app-config';
import { APP_CONFIG } from '../../core/config/config.module';
import { ValidationFailedError } from '../../core/errors/core.errors';
import { AdapterRegistry } from '../../platform-adapters/adapter-registry';
import { ThreadRepository } from '../../threads/thread.repository';
import { unknownThread } from '../messages.errors';
import { classifyFailure } from '../../outbox/retry-policy';
import { AgentMessagesService } from './agent-messages.service';

const ACTIONS = { isTypingOn: true, isTypingOff: false } as const;

/**
 * Agent typing (a.4), passed to the platform at once and only once: a typing indicator is worth nothing late, so a
 * failure is logged, not retried, and never fails DFO's call. The adapter bounds the call by `PLATFORM_TIMEOUT_MS`.
 */
@Injectable()
export class AgentTypingService {
  private readonly logger = new Logger(AgentTypingService.name);

  constructor(
    private readonly agentMessages: AgentMessagesService,
    private readonly threads: ThreadRepository,
    private readonly directory: ChannelDirectory,
    private readonly adapters: AdapterRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async relay(principal: IntegrationPrincipal, dfoChannelId: string, threadRef: string, body: unknown): Promise<void> {
    const on = readAction(body);
    const channel = await this.agentMessages.ownedChannel(principal, dfoChannelId);
    const thread = await this.threads.findByDfoRef(channel.brandId, channel.id, threadRef);
    if (!thread) throw unknownThread(threadRef);
    const adapter = this.adapters.get(channel.adapter);
    if (!adapter.capabilities.typing || thread.status === 'closed') return;
    let timer: NodeJS.Timeout | undefined;
    const guard = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.config.platform.timeoutMs)));
    const send = adapter.sendTyping(this.directory.adapterChannel(channel), thread.idOnExternalPlatform, on).catch((err: unknown) => {
      this.logger.warn({ brandId: channel.brandId, threadId: thread.id, reason: classifyFailure(err).reason }, 'Agent typing not delivered');
    });
    await Promise.race([send, guard]).finally(() => clearTimeout(timer));
  }
}

function readAction(body: unknown): boolean {
  const action = (body as { senderAction?: { action?: unknown } } | null)?.senderAction?.action;
  if (typeof action === 'string' && Object.hasOwn(ACTIONS, action)) return ACTIONS[action as keyof typeof ACTIONS];
  throw new ValidationFailedError([{ field: 'senderAction.action', message: `must be one of ${Object.keys(ACTIONS).join(', ')}` }]);
}
