import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { EmulatorSettings } from '../emulator.options';
import { agentConsolePage } from './agent-console.page';
import { AGENT_CONSOLE_SCRIPT } from './agent-console.script';

/** `GET /agent` (under `/sandbox` in the app): the agent console page; `GET /agent/console.js`: its script. */
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

  @Get('console.js')
  @Header('content-type', 'application/javascript; charset=utf-8')
  @Header('cache-control', 'no-store')
  script(): string {
    return AGENT_CONSOLE_SCRIPT;
  }
}
