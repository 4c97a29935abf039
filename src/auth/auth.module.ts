import { Module } from '@nestjs/common';

/** API keys (admin/support), the Integration Box token endpoint and its bearer guard. */
@Module({})
export class AuthModule {}
