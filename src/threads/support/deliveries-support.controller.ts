import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiKeyAuth } from '../../auth/api-key-auth.decorator';
import { ApiPrincipal, CurrentPrincipal } from '../../auth/current-principal.decorator';
import { DeliveryPageResponse, DeliveryResponse, ListDeliveriesQuery } from './dto/delivery.response';
import { DeliveriesSupportService } from './deliveries-support.service';

@ApiTags('support')
@Controller('api/v1/deliveries')
export class DeliveriesSupportController {
  constructor(private readonly deliveries: DeliveriesSupportService) {}

  @Get()
  @ApiKeyAuth('support', 'admin')
  @ApiOperation({ summary: 'List outbox deliveries by status (default `dead`), newest first' })
  @ApiOkResponse({ type: DeliveryPageResponse })
  list(@CurrentPrincipal() principal: ApiPrincipal, @Query() query: ListDeliveriesQuery): Promise<DeliveryPageResponse> {
    return this.deliveries.list(principal, query);
  }

  @Post(':id/retry')
  @HttpCode(200)
  @ApiKeyAuth('admin')
  @ApiOperation({ summary: 'Put a dead delivery back in line: pending, attempts reset, due now' })
  @ApiOkResponse({ type: DeliveryResponse })
  @ApiNotFoundResponse({ description: 'No such delivery, or one of a brand the key may not see' })
  @ApiConflictResponse({ description: '`DELIVERY.NOT_DEAD`: only a dead delivery can be retried' })
  retry(@CurrentPrincipal() principal: ApiPrincipal, @Param('id') id: string): Promise<DeliveryResponse> {
    return this.deliveries.retry(principal, id);
  }
}
