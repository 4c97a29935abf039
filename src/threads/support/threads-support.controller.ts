import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiKeyAuth } from '../../auth/api-key-auth.decorator';
import { ApiPrincipal, CurrentPrincipal } from '../../auth/current-principal.decorator';
import { ThreadEventPageResponse } from './dto/event.response';
import { ListThreadsQuery } from './dto/list-threads.query';
import { MessagePageResponse } from './dto/message.response';
import { PageQuery } from './dto/page.query';
import { ThreadDetailResponse, ThreadPageResponse } from './dto/thread.response';
import { ThreadsSupportService } from './threads-support.service';

const NOT_FOUND = 'No such thread, or one of a brand the key may not see';

@ApiTags('support')
@Controller('api/v1/threads')
export class ThreadsSupportController {
  constructor(private readonly threads: ThreadsSupportService) {}

  @Get()
  @ApiKeyAuth('support', 'admin')
  @ApiOperation({ summary: 'List threads, most recently changed first, with filters and cursor pagination' })
  @ApiOkResponse({ type: ThreadPageResponse })
  @ApiBadRequestResponse({ description: 'A filter or the cursor is not valid (the field is named)' })
  list(@CurrentPrincipal() principal: ApiPrincipal, @Query() query: ListThreadsQuery): Promise<ThreadPageResponse> {
    return this.threads.list(principal, query);
  }

  @Get(':id')
  @ApiKeyAuth('support', 'admin')
  @ApiOperation({ summary: 'One thread: end user, recipients, status, closed reason, live timers, DFO case' })
  @ApiOkResponse({ type: ThreadDetailResponse })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  get(@CurrentPrincipal() principal: ApiPrincipal, @Param('id') id: string): Promise<ThreadDetailResponse> {
    return this.threads.get(principal, id);
  }

  @Get(':id/messages')
  @ApiKeyAuth('support', 'admin')
  @ApiOperation({ summary: `A thread's messages, oldest first, each with its direction, status and delivery attempts` })
  @ApiOkResponse({ type: MessagePageResponse })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  messages(@CurrentPrincipal() principal: ApiPrincipal, @Param('id') id: string, @Query() query: PageQuery): Promise<MessagePageResponse> {
    return this.threads.messages(principal, id, query);
  }

  @Get(':id/events')
  @ApiKeyAuth('support', 'admin')
  @ApiOperation({ summary: `A thread's timeline in order: messages, idle warning, resume, case status, close, dead deliveries` })
  @ApiOkResponse({ type: ThreadEventPageResponse })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  events(@CurrentPrincipal() principal: ApiPrincipal, @Param('id') id: string, @Query() query: PageQuery): Promise<ThreadEventPageResponse> {
    return this.threads.events(principal, id, query);
  }

  @Post(':id/close')
  @HttpCode(200)
  @ApiKeyAuth('admin')
  @ApiOperation({ summary: 'Close a thread (reason `admin`): the platform is told and the DFO case is set to closed' })
  @ApiOkResponse({ type: ThreadDetailResponse })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  @ApiConflictResponse({ description: '`THREAD.ALREADY_CLOSED`: the thread is already closed' })
  close(@CurrentPrincipal() principal: ApiPrincipal, @Param('id') id: string): Promise<ThreadDetailResponse> {
    return this.threads.close(principal, id);
  }
}
