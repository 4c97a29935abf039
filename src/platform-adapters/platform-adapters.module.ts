import { Module } from '@nestjs/common';

/** The adapter registry and the adapters (`webhook`, `webchat`). */
@Module({})
export class PlatformAdaptersModule {}
