import { Controller, Get, Headers, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { WidgetBundle } from './widget-bundle';

/**
 * The widget script: static, public, and the same for every site that embeds the widget. (Its demo page is served
 * in sandbox mode only, by src/sandbox.)
 */
@ApiExcludeController()
@Controller('webchat')
export class WebchatPagesController {
  constructor(private readonly widget: WidgetBundle) {}

  @Get('widget.js')
  script(@Headers('if-none-match') ifNoneMatch: string | undefined, @Res() reply: FastifyReply): void {
    const { body, etag } = this.widget.get();
    reply.header('content-type', 'application/javascript; charset=utf-8').header('cache-control', 'public, max-age=300').header('etag', etag);
    // Customers' sites load it with a script tag: the one page resource other origins may read.
    reply.header('cross-origin-resource-policy', 'cross-origin');
    if (ifNoneMatch === etag) reply.status(304).send();
    else reply.status(200).send(body);
  }
}
