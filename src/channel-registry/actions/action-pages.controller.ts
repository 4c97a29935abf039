import { Body, Controller, Get, Param, Post, Query, Res, UseFilters } from '@nestjs/common';
import { ApiConsumes, ApiOperation, ApiParam, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { writeOutcome } from './action-outcome';
import { ActionPageFilter } from './action-page.filter';
import { ActionPagesService } from './action-pages.service';
import { parseActionRequest } from './action-request';

/**
 * `GET /integration/actions/{add|reconnect|remove}[/{integrationId}]?userId=&brandId=&token=&backUrl=[&channelId=]`
 * shows the page; `POST /integration/actions/{action}` takes its form. No API key: the one-time token (GET) and
 * the signed form token (POST) are the credentials. Query and body are read as plain records, not DTOs, because
 * CXone may add parameters of its own and the pages must not refuse them (see `parseActionRequest`).
 */
@ApiTags('cxone actions')
@Controller('integration/actions')
@UseFilters(ActionPageFilter)
export class ActionPagesController {
  constructor(private readonly pages: ActionPagesService) {}

  @Get([':action', ':action/:integrationId'])
  @ApiOperation({ summary: 'The page CXone opens for Add / Reconnect / Remove channel; verifies the one-time token and shows a form' })
  @ApiParam({ name: 'action', enum: ['add', 'reconnect', 'remove'] })
  @ApiParam({ name: 'integrationId', required: false, description: 'Ours, as printed in the integration’s action URLs' })
  @ApiQuery({ name: 'userId', type: Number })
  @ApiQuery({ name: 'brandId', type: Number, description: 'DFO’s brand id' })
  @ApiQuery({ name: 'token', description: 'One-time token, verified with the brand’s DFO' })
  @ApiQuery({ name: 'backUrl', description: 'Absolute http(s) URL to return to' })
  @ApiQuery({ name: 'channelId', required: false, description: 'reconnect and remove: the DFO channel id' })
  @ApiProduces('text/html')
  @ApiResponse({ status: 200, description: 'The form' })
  @ApiResponse({ status: 403, description: 'The one-time token was refused; nothing changed' })
  async show(
    @Param('action') action: string,
    @Param('integrationId') integrationId: string | undefined,
    @Query() query: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    writeOutcome(reply, await this.pages.show(parseActionRequest(action, query, integrationId)));
  }

  @Post(':action')
  @ApiOperation({ summary: 'Submits an action page’s form: acts in DFO and here, then redirects (303) to backUrl' })
  @ApiParam({ name: 'action', enum: ['add', 'reconnect', 'remove'] })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiProduces('text/html')
  @ApiResponse({ status: 303, description: 'Done; back to CXone' })
  @ApiResponse({ status: 400, description: 'The form again, each problem next to its field' })
  @ApiResponse({ status: 403, description: 'The form token is forged, expired or for another action' })
  async submit(@Param('action') action: string, @Body() body: Record<string, unknown> | undefined, @Res() reply: FastifyReply): Promise<void> {
    writeOutcome(reply, await this.pages.submit(action, body ?? {}));
  }
}
