import { Module } from '@nestjs/common';

/** The DFO emulator mounted under /sandbox in sandbox mode (it also runs standalone, see standalone.ts). */
@Module({})
export class SandboxModule {}
