import { Module } from '@nestjs/common';

/** The web chat channel: sessions, messages, Server-Sent Events, the widget and its demo page. */
@Module({})
export class WebchatModule {}
