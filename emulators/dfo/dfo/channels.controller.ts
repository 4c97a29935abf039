import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { DfoAuthGuard, DfoBrandId } from '../auth/dfo-auth.guard';
import { DfoErrorFilter } from '../http/dfo-error.filter';
import { ChannelsService } from './channels.service';

/** b.1 `/dfo/3.0/channels`. Success bodies the spec does not model are answered 204, so nothing relies on one. */
@ApiExcludeController()
@Controller('dfo/3.0/channels')
@UseGuards(DfoAuthGuard)
@UseFilters(DfoErrorFilter)
export class ChannelsController {
  constructor(private readonly channels: ChannelsService) {}

  @Get()
  list(@DfoBrandId() brandId: number, @Query() query: unknown) {
    return this.channels.list(brandId, query);
  }

  @Post()
  @HttpCode(204)
  upsert(@DfoBrandId() brandId: number, @Body() body: unknown): void {
    this.channels.upsert(brandId, body);
  }

  @Delete(':channelId')
  @HttpCode(204)
  remove(@DfoBrandId() brandId: number, @Param('channelId') channelId: string): void {
    this.channels.remove(brandId, channelId);
  }

  @Get(':channelId/external-platform-templates')
  templates(@DfoBrandId() brandId: number, @Param('channelId') channelId: string) {
    return this.channels.templates(brandId, channelId);
  }
}
