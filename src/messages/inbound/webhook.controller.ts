import { Body, Controller, HttpCode, HttpStatus, Param, Post, RawBodyRequest, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiNotFoundResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { IngestResult } from './inbound.service';
import { WebhookIngressService } from './webhook-ingress.service';

/** The generic webhook platform's inbound endpoint (docs/architecture.md §6.3). Authenticated by the body's signature. */
@ApiTags('webhooks')
@Controller('webhooks')
export class WebhookController {
  constructor(private readonly ingress: WebhookIngressService) {}

  @Post(':channelId')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Signed platform events (X-Byoc-Timestamp, X-Byoc-Signature); answered once stored' })
  @ApiAcceptedResponse({ description: '{accepted: [message ids], duplicates: [message ids already known]}' })
  @ApiUnauthorizedResponse({ description: 'Bad signature or stale timestamp; nothing stored' })
  @ApiBadRequestResponse({ description: 'Malformed body, with the failing field; nothing stored' })
  @ApiNotFoundResponse({ description: 'Unknown or removed channel' })
  receive(@Param('channelId') channelId: string, @Req() req: RawBodyRequest<FastifyRequest>, @Body() body: unknown): Promise<IngestResult> {
    return this.ingress.receive(channelId, { headers: req.headers, rawBody: req.rawBody ?? Buffer.alloc(0), body });
  }
}
