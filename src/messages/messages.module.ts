import { Module } from '@nestjs/common';

/** The inbound pipeline, the Integration Box controllers, delivery handlers for messages, receipts and typing. */
@Module({})
export class MessagesModule {}
