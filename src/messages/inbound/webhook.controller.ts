import { Body, Controller, HttpCode, HttpStatus, Param, Post, RawBodyRequest, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiBody, ApiNotFoundResponse, ApiOperation, ApiSecurity, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { SECURITY } from '../../core/http/openapi';
import type { FastifyRequest } from 'fastify';
import { IngestResult } from './inbound.service';
import { WebhookIngressService } from './webhook-ingress.service';

/** What `parseWebhookEvents` reads (docs/architecture.md §6.3), for client generators and the fuzz suite. */
const WEBHOOK_BODY_SCHEMA = {
  type: 'object',
  required: ['events'],
  properties: {
    events: {
      type: 'array',
      minItems: 1,
      maxItems: 100,
      items: {
        type: 'object',
        required: ['type'],
        description: 'message: id, threadId, createdAt, author, text, attachments; typing: threadId, authorId, on; delivered and read: messageId; left: threadId',
        properties: {
          type: { type: 'string', enum: ['message', 'typing', 'delivered', 'read', 'left'] },
          id: { type: 'string', maxLength: 255 },
          threadId: { type: 'string', maxLength: 255 },
          createdAt: { type: 'string', format: 'date-time' },
          author: {
            type: 'object',
            required: ['id'],
            properties: { id: { type: 'string' }, firstName: { type: 'string' }, lastName: { type: 'string' }, nickname: { type: 'string' }, image: { type: 'string', format: 'uri' } },
          },
          text: { type: 'string', maxLength: 10000 },
          attachments: { type: 'array', maxItems: 10, items: { type: 'object', required: ['url', 'name'], properties: { url: { type: 'string', format: 'uri' }, name: { type: 'string' } } } },
          authorId: { type: 'string' },
          on: { type: 'boolean' },
          messageId: { type: 'string' },
        },
      },
    },
  },
  example: {
    events: [
      { type: 'message', id: 'm-1', threadId: 't-1', createdAt: '2026-01-02T03:04:05.678Z', author: { id: 'u-1', firstName: 'Simba', lastName: 'Lion', nickname: '@simba' }, text: 'Hello', attachments: [{ url: 'https://platform.example/a.png', name: 'a.png' }] },
      { type: 'typing', threadId: 't-1', authorId: 'u-1', on: true },
    ],
  },
};

/** The generic webhook platform's inbound endpoint (docs/architecture.md §6.3). Authenticated by the body's signature. */
@ApiTags('webhooks')
@Controller('webhooks')
export class WebhookController {
  constructor(private readonly ingress: WebhookIngressService) {}

  @Post(':channelId')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Signed platform events (X-Byoc-Timestamp, X-Byoc-Signature); answered once stored' })
  @ApiSecurity(SECURITY.webhookSignature)
  @ApiBody({ schema: WEBHOOK_BODY_SCHEMA })
  @ApiAcceptedResponse({ description: '{accepted: [message ids], duplicates: [message ids already known]}' })
  @ApiUnauthorizedResponse({ description: 'Bad signature or stale timestamp; nothing stored' })
  @ApiBadRequestResponse({ description: 'Malformed body, with the failing field; nothing stored' })
  @ApiNotFoundResponse({ description: 'Unknown or removed channel' })
  receive(@Param('channelId') channelId: string, @Req() req: RawBodyRequest<FastifyRequest>, @Body() body: unknown): Promise<IngestResult> {
    return this.ingress.receive(channelId, { headers: req.headers, rawBody: req.rawBody ?? Buffer.alloc(0), body });
  }
}
