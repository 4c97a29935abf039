import { applyDecorators, Body, Controller, Get, Param, Post, Query, Res, UseFilters } from '@nestjs/common';
import { ApiConsumes, ApiOperation, ApiParam, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { writeOutcome } from './action-outcome';
import { ActionPageFilter } from './action-page.filter';
import { ActionPagesService } from './action-pages.service';
import { ApiPublic } from '../../core/http/openapi';

function ApiShowPage(summary: string): MethodDecorator {
  return applyDecorators(
    ApiOperation({ summary: `${summary}; verifies the one-time token and shows a form` }),
    ApiParam({ name: 'action', enum: ['add', 'reconnect', 'remove'] }),
    ApiQuery({ name: 'userId', type: Number }),
    ApiQuery({ name: 'brandId', type: Number, description: 'DFO’s brand id' }),
    ApiQuery({ name: 'token', type: String, description: 'One-time token, verified (and used up) with the brand’s DFO' }),
    ApiQuery({ name: 'backUrl', type: String, description: "Where to return to: an https URL on CXone's hosts, or on PUBLIC_BASE_URL" }),
    ApiQuery({ name: 'channelId', type: String, required: false, description: 'reconnect and remove: the DFO channel id' }),
    ApiProduces('text/html'),
    ApiResponse({ status: 200, description: 'The form' }),
    ApiResponse({ status: 400, description: 'A query parameter is missing or bad (named on the page); nothing was called' }),
    ApiResponse({ status: 403, description: 'DFO refused the one-time token; nothing changed' }),
    ApiResponse({ status: 404, description: 'No brand, integration or channel of ours matches' }),
  );
}

/**
 * `GET /integration/actions/{add|reconnect|remove}[/{integrationId}]?userId=&brandId=&token=&backUrl=[&channelId=]`
 * shows the page; `POST /integration/actions/{action}` takes its form. No API key: the one-time token (GET) and
 * the signed form token (POST) are the credentials. Query and body are read as plain records, not DTOs, because
 * CXone may add parameters of its own and the pages must not refuse them (see `parseActionRequest`).
 */
@ApiTags('cxone actions')
@ApiPublic() // CXone's one-time token (verified with DFO) and our signed form token prove who acts
@Controller('integration/actions')
@UseFilters(ActionPageFilter)
export class ActionPagesController {
  constructor(private readonly pages: ActionPagesService) {}

  @Get(':action/:integrationId')
  @ApiShowPage('The page CXone opens for an integration’s Add / Reconnect / Remove action URL (as we print them)')
  @ApiParam({ name: 'integrationId', format: 'uuid', description: 'Ours: it settles which integration and brand the action is for' })
  async showForIntegration(
    @Param('action') action: string,
    @Param('integrationId') integrationId: string,
    @Query() query: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    writeOutcome(reply, await this.pages.show(action, query, integrationId));
  }

  @Get(':action')
  @ApiShowPage('The same page on the bare path: the brand comes from DFO’s brandId alone')
  async show(@Param('action') action: string, @Query() query: Record<string, unknown>, @Res() reply: FastifyReply): Promise<void> {
    writeOutcome(reply, await this.pages.show(action, query));
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
