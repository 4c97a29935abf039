import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { EmulatorSettings } from '../emulator.options';
import { agentConsolePage } from './agent-console.page';

/** `GET /agent` (under `/sandbox` in the app): the agent console page. */
@ApiExcludeController()
@Controller('agent')
export class AgentConsoleController {
  private readonly page: string;

  constructor(settings: EmulatorSettings) {
    this.page = agentConsolePage(settings.basePath);
  }

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  show(): string {
    return this.page;
  }
}
