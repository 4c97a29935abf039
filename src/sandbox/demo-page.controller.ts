import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ChannelDirectory } from '../channel-registry/channel-directory.service';
import { WebchatError } from '../platform-adapters/webchat/webchat.errors';
import { renderDemoPage } from './demo-page';

/**
 * `GET /webchat/demo/{channelId}`: the web chat demo page. It lives in the sandbox module, so it exists only in
 * sandbox mode (architecture.md §7); in production the path is an ordinary 404.
 */
@ApiExcludeController()
@Controller('webchat')
export class DemoPageController {
  constructor(private readonly directory: ChannelDirectory) {}

  @Get('demo/:channelId')
  async demo(@Param('channelId') channelId: string, @Res() reply: FastifyReply): Promise<void> {
    const channel = await this.directory.findByDfoChannelId(channelId);
    if (!channel || channel.adapter !== 'webchat' || channel.status !== 'active') {
      throw new WebchatError('WEBCHAT.CHANNEL_NOT_FOUND', 'No web chat channel with this id');
    }
    reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(renderDemoPage(channel.dfoChannelId, channel.name));
  }
}
