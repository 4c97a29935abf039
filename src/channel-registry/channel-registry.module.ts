import { Module } from '@nestjs/common';

/** Brands, integrations, channels: the admin REST API and the Add / Reconnect / Remove action pages. */
@Module({})
export class ChannelRegistryModule {}
