import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadGatewayResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiKeyAuth } from '../auth/api-key-auth.decorator';
import { ApiPrincipal, CurrentPrincipal } from '../auth/current-principal.decorator';
import { ChannelsService } from './channels.service';
import { ChannelResponse } from './dto/channel.response';
import { CreateChannelDto } from './dto/create-channel.dto';
import { ListChannelsQuery } from './dto/list-channels.query';
import { UpdateChannelDto } from './dto/update-channel.dto';

@ApiTags('admin')
@Controller('api/v1')
export class ChannelsController {
  constructor(private readonly channels: ChannelsService) {}

  @Post('integrations/:id/channels')
  @ApiKeyAuth('admin')
  @ApiOperation({ summary: 'Register a channel; without dfoChannelId it is created in DFO first' })
  @ApiCreatedResponse({ type: ChannelResponse })
  @ApiNotFoundResponse({ description: 'No such integration, or one outside the key’s brands' })
  @ApiConflictResponse({ description: 'dfoChannelId already registered, or the integration has no channelIntegrationId yet' })
  @ApiBadGatewayResponse({ description: 'DFO refused or failed to create the channel; nothing was stored' })
  create(@CurrentPrincipal() principal: ApiPrincipal, @Param('id') integrationId: string, @Body() body: CreateChannelDto): Promise<ChannelResponse> {
    return this.channels.create(principal, integrationId, body);
  }

  @Get('channels')
  @ApiKeyAuth('support', 'admin')
  @ApiOperation({ summary: 'The channels the key may see, by brand, integration or status' })
  @ApiOkResponse({ type: [ChannelResponse] })
  list(@CurrentPrincipal() principal: ApiPrincipal, @Query() query: ListChannelsQuery): Promise<ChannelResponse[]> {
    return this.channels.list(principal, query);
  }

  @Get('channels/:id')
  @ApiKeyAuth('support', 'admin')
  @ApiOperation({ summary: 'One channel (secret adapter fields only as {count} or {set})' })
  @ApiOkResponse({ type: ChannelResponse })
  @ApiNotFoundResponse({ description: 'No such channel, or one outside the key’s brands' })
  get(@CurrentPrincipal() principal: ApiPrincipal, @Param('id') id: string): Promise<ChannelResponse> {
    return this.channels.get(principal, id);
  }

  @Patch('channels/:id')
  @ApiKeyAuth('admin')
  @ApiOperation({ summary: 'Rename, change settings (merged) or replace the adapter config (secrets left out are kept)' })
  @ApiOkResponse({ type: ChannelResponse })
  @ApiNotFoundResponse({ description: 'No such channel, or one outside the key’s brands' })
  update(@CurrentPrincipal() principal: ApiPrincipal, @Param('id') id: string, @Body() body: UpdateChannelDto): Promise<ChannelResponse> {
    return this.channels.update(principal, id, body);
  }

  @Delete('channels/:id')
  @HttpCode(204)
  @ApiKeyAuth('admin')
  @ApiOperation({ summary: 'Delete the channel in DFO and mark it removed here' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'No such channel, or one outside the key’s brands' })
  @ApiBadGatewayResponse({ description: 'DFO could not delete the channel; it stays registered' })
  remove(@CurrentPrincipal() principal: ApiPrincipal, @Param('id') id: string): Promise<void> {
    return this.channels.remove(principal, id);
  }
}
