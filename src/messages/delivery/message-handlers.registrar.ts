import { Injectable, OnModuleInit } from '@nestjs/common';
import { DeliveryHandlerRegistry } from '../../outbox/delivery-handler.registry';
import { DfoCreateMessageHandler } from './dfo-create-message.handler';
import { DfoMessageStatusHandler } from './dfo-message-status.handler';
import { DfoSenderActionHandler } from './dfo-sender-action.handler';
import { PlatformSendHandler } from './platform-send.handler';

/** Registers the messaging delivery handlers with the outbox at boot. */
@Injectable()
export class MessageHandlersRegistrar implements OnModuleInit {
  constructor(
    private readonly registry: DeliveryHandlerRegistry,
    private readonly createMessage: DfoCreateMessageHandler,
    private readonly messageStatus: DfoMessageStatusHandler,
    private readonly senderAction: DfoSenderActionHandler,
    private readonly platformSend: PlatformSendHandler,
  ) {}

  onModuleInit(): void {
    this.registry.register(this.createMessage);
    this.registry.register(this.messageStatus);
    this.registry.register(this.senderAction);
    this.registry.register(this.platformSend);
  }
}
