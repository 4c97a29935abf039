import { Module } from '@nestjs/common';

/** Provides `DfoClient` (the HTTP implementation) to every module that calls DFO. */
@Module({})
export class DfoClientModule {}
