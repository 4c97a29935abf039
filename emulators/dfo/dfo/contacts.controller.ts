import { Body, Controller, Get, HttpCode, Param, Put, Query, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { DfoAuthGuard, DfoBrandId } from '../auth/dfo-auth.guard';
import { DfoErrorFilter } from '../http/dfo-error.filter';
import { ContactsService } from './contacts.service';

/** b.6 `/dfo/3.0/contacts`. */
@ApiExcludeController()
@Controller('dfo/3.0/contacts')
@UseGuards(DfoAuthGuard)
@UseFilters(DfoErrorFilter)
export class ContactsController {
  constructor(private readonly contacts: ContactsService) {}

  @Get()
  list(@DfoBrandId() brandId: number, @Query() query: unknown) {
    return this.contacts.list(brandId, query);
  }

  @Get(':contactNumber')
  get(@DfoBrandId() brandId: number, @Param('contactNumber') contactNumber: string) {
    return this.contacts.get(brandId, contactNumber);
  }

  @Put(':contactNumber/status')
  @HttpCode(204)
  setStatus(@DfoBrandId() brandId: number, @Param('contactNumber') contactNumber: string, @Body() body: unknown): void {
    this.contacts.setStatus(brandId, contactNumber, body);
  }

  @Get(':contactNumber/messages')
  messages(@DfoBrandId() brandId: number, @Param('contactNumber') contactNumber: string) {
    return this.contacts.messages(brandId, contactNumber);
  }
}
