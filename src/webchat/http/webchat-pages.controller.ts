import { Controller, Get, Headers, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ChannelDirectory } from '../../channel-registry/channel-directory.service';
import { WebchatError } from '../../platform-adapters/webchat/webchat.errors';
import { renderDemoPage } from './demo-page';
import { WidgetBundle } from './widget-bundle';

/** The widget script and the demo page: static, public, and the same for every site that embeds the widget. */
@ApiExcludeController()
@Controller('webchat')
export class WebchatPagesController {
  constructor(
    private readonly widget: WidgetBundle,
    private readonly directory: ChannelDirectory,
  ) {}

  @Get('widget.js')
  script(@Headers('if-none-match') ifNoneMatch: string | undefined, @Res() reply: FastifyReply): void {
    const { body, etag } = this.widget.get();
    reply.header('content-type', 'application/javascript; charset=utf-8').header('cache-control', 'public, max-age=300').header('etag', etag);
    if (ifNoneMatch === etag) reply.status(304).send();
    else reply.status(200).send(body);
  }

  @Get('demo/:channelId')
  async demo(@Param('channelId') channelId: string, @Res() reply: FastifyReply): Promise<void> {
    const channel = await this.directory.findByDfoChannelId(channelId);
    if (!channel || channel.adapter !== 'webchat' || channel.status !== 'active') {
      throw new WebchatError('WEBCHAT.CHANNEL_NOT_FOUND', 'No web chat channel with this id');
    }
    reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(renderDemoPage(channel.dfoChannelId, channel.name));
  }
}
