import { Body, Controller, Get, HttpCode, Post, Put, Req, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { DfoAuthGuard, DfoBrandId } from '../auth/dfo-auth.guard';
import { EmulatorSettings } from '../emulator.options';
import { DfoErrorFilter } from '../http/dfo-error.filter';
import { MiscService } from './misc.service';

/** a.5 one-time-token verification (no auth header, as in NICE's sample). */
@ApiExcludeController()
@Controller('dfo/3.0/one-time-token')
@UseFilters(DfoErrorFilter)
export class OneTimeTokenController {
  constructor(private readonly misc: MiscService) {}

  @Post('verification')
  @HttpCode(200)
  verify(@Body() body: unknown) {
    return this.misc.verifyOneTimeToken(body);
  }
}

/** b.7 custom field definitions and b.8 temporary attachments. */
@ApiExcludeController()
@Controller('dfo/3.0')
@UseGuards(DfoAuthGuard)
@UseFilters(DfoErrorFilter)
export class MiscController {
  constructor(
    private readonly misc: MiscService,
    private readonly settings: EmulatorSettings,
  ) {}

  @Get('customers/custom-field-definitions')
  customerFields(@DfoBrandId() brandId: number) {
    return this.misc.customerFieldDefinitions(brandId);
  }

  @Put('customers/custom-field-definitions')
  @HttpCode(204)
  upsertCustomerField(@DfoBrandId() brandId: number, @Body() body: unknown): void {
    this.misc.upsertCustomerFieldDefinition(brandId, body);
  }

  @Get('consumer-contact-custom-fields')
  contactFields(@DfoBrandId() brandId: number) {
    return this.misc.contactFieldDefinitions(brandId);
  }

  @Post('attachments/temporary')
  @HttpCode(200)
  upload(@Body() body: unknown, @Req() request: FastifyRequest) {
    return this.misc.uploadTemporaryAttachment(body, `${request.protocol}://${request.host}${this.settings.basePath}`);
  }
}
