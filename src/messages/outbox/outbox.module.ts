import { Module } from '@nestjs/common';

/** The delivery outbox: enqueue in the caller's transaction, workers that claim with SKIP LOCKED, handlers per kind. */
@Module({})
export class OutboxModule {}
