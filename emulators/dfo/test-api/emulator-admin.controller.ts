import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Put, Query, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { EmulatorClock } from '../clock';
import { MiscService } from '../dfo/misc.service';
import { CallLog } from '../http/call-log';
import { DfoApiError } from '../http/dfo-api.error';
import { DfoErrorFilter } from '../http/dfo-error.filter';
import { FaultInjector, FaultSpec } from '../http/faults';
import { EmulatorStore } from '../store/emulator.store';
import { EmuCustomFieldDefinition } from '../store/emulator.types';
import { validated } from '../validation/validated';
import { BrandInput, EmulatorAdminService, IntegrationInput } from './emulator-admin.service';
import * as schemas from './test-api.schemas';
import { integrationView } from './views';

/**
 * The test API's registrations and switches, under `/_emulator` (see emulators/dfo/README.md). It has no
 * authentication: it exists only in sandbox mode and in the standalone emulator.
 */
@ApiExcludeController()
@Controller('_emulator')
@UseFilters(DfoErrorFilter)
export class EmulatorAdminController {
  constructor(
    private readonly admin: EmulatorAdminService,
    private readonly store: EmulatorStore,
    private readonly calls: CallLog,
    private readonly faults: FaultInjector,
    private readonly misc: MiscService,
    private readonly clock: EmulatorClock,
  ) {}

  @Get('state')
  state() {
    return this.admin.state();
  }

  @Post('reset')
  @HttpCode(204)
  reset(@Body() body: unknown): void {
    const { scope } = validated<{ scope?: 'all' | 'conversations' }>(schemas.reset, body ?? {});
    this.admin.reset(scope ?? 'all');
  }

  @Patch('settings')
  settings(@Body() body: unknown) {
    return this.admin.updateSettings(validated(schemas.settings, body));
  }

  @Post('tokens/expire')
  @HttpCode(200)
  expireTokens(@Body() body: unknown) {
    return this.admin.expireTokens(validated<{ brandId?: number }>(schemas.expireTokens, body ?? {}).brandId);
  }

  @Put('brands/:brandId')
  registerBrand(@Param('brandId', ParseIntPipe) brandId: number, @Body() body: unknown) {
    return this.admin.registerBrand(brandId, validated<BrandInput>(schemas.registerBrand, body));
  }

  @Get('brands')
  brands() {
    return { data: this.admin.brands() };
  }

  @Put('brands/:brandId/contact-custom-fields')
  @HttpCode(204)
  contactField(@Param('brandId', ParseIntPipe) brandId: number, @Body() body: unknown): void {
    this.admin.putContactFieldDefinition(brandId, validated<EmuCustomFieldDefinition>(schemas.contactFieldDefinition, body));
  }

  @Put('integrations/:channelIntegrationId')
  registerIntegration(@Param('channelIntegrationId') id: string, @Body() body: unknown) {
    return this.admin.registerIntegration(id, validated<IntegrationInput>(schemas.registerIntegration, body));
  }

  @Patch('integrations/:channelIntegrationId')
  patchIntegration(@Param('channelIntegrationId') id: string, @Body() body: unknown) {
    return this.admin.patchIntegration(id, validated<Partial<IntegrationInput>>(schemas.patchIntegration, body));
  }

  @Get('integrations')
  integrations() {
    return { data: this.store.integrations().map(integrationView) };
  }

  @Post('one-time-tokens')
  @HttpCode(201)
  mintOneTimeToken(@Body() body: unknown) {
    const input = validated<{ brandId: number; userId?: number; purpose?: string }>(schemas.mintOneTimeToken, body);
    return this.admin.mintOneTimeToken(input.brandId, input.userId ?? 42, input.purpose ?? 'channel-integration');
  }

  @Get('calls')
  listCalls(@Query() query: Record<string, string | undefined>) {
    const afterId = query.afterId === undefined ? undefined : Number(query.afterId);
    const limit = query.limit === undefined ? undefined : Number(query.limit);
    const since = query.since === undefined ? undefined : new Date(query.since);
    if (query.direction !== undefined && !['in', 'out'].includes(query.direction)) throw DfoApiError.badRequest('direction', 'Use in or out.', 'INVALID_CHOICE');
    if ((afterId !== undefined && !Number.isInteger(afterId)) || (limit !== undefined && !(Number.isInteger(limit) && limit > 0))) {
      throw DfoApiError.badRequest('afterId', 'afterId and limit must be integers.', 'INVALID_TYPE');
    }
    if (since && Number.isNaN(since.getTime())) throw DfoApiError.badRequest('since', 'This value is not a valid datetime.', 'INVALID_DATETIME');
    const data = this.calls.list({ direction: query.direction as 'in' | 'out' | undefined, method: query.method, path: query.path, afterId, since, limit });
    return { data, lastId: this.calls.lastId };
  }

  @Delete('calls')
  @HttpCode(204)
  clearCalls(): void {
    this.calls.clear();
  }

  @Post('faults')
  @HttpCode(201)
  addFault(@Body() body: unknown) {
    const spec = validated<Omit<FaultSpec, 'count' | 'retryAfter'> & { count?: number; retryAfter?: string | number }>(schemas.fault, body);
    return this.faults.add({ ...spec, count: spec.count ?? 1, retryAfter: spec.retryAfter === undefined ? undefined : String(spec.retryAfter) }, this.clock.now());
  }

  @Get('faults')
  listFaults() {
    return { data: this.faults.list() };
  }

  @Delete('faults')
  @HttpCode(204)
  clearFaults(): void {
    this.faults.clear();
  }

  @Delete('faults/:id')
  @HttpCode(204)
  removeFault(@Param('id', ParseIntPipe) id: number): void {
    if (!this.faults.remove(id)) throw DfoApiError.notFound('id', `Fault ${id} not found.`);
  }

  /** Serves b.8 temporary attachments, so the URL DFO hands out is fetchable. */
  @Get('attachments/:id')
  attachment(@Param('id') id: string, @Res() reply: FastifyReply): void {
    const file = this.misc.attachment(id);
    if (!file) throw DfoApiError.notFound('id', 'Attachment not found or expired.');
    void reply.type(file.mimeType).send(file.content);
  }
}
