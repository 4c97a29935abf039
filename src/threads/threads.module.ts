import { Module } from '@nestjs/common';

/** Threads, end users, recipients; the lifecycle sweeps and the case-status sync; the support REST API. */
@Module({})
export class ThreadsModule {}
