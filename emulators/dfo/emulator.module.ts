import { DynamicModule, InjectionToken, Module, Provider, Type } from '@nestjs/common';
import { AgentDispatcher } from './agent/agent.dispatcher';
import { AgentService } from './agent/agent.service';
import { IntegrationBoxClient } from './agent/integration-box.client';
import { MiddlewareAgents } from './agent/middleware-agents';
import { DfoAuthGuard } from './auth/dfo-auth.guard';
import { EmulatorClock } from './clock';
import { EmulatorTokens } from './auth/emulator-tokens';
import { TokensController } from './auth/tokens.controller';
import { AgentConsoleController } from './console/agent-console.controller';
import { ChannelsController } from './dfo/channels.controller';
import { ChannelsService } from './dfo/channels.service';
import { ContactsController } from './dfo/contacts.controller';
import { ContactsService } from './dfo/contacts.service';
import { Conversations } from './dfo/conversations';
import { InboundService } from './dfo/inbound.service';
import { DfoLookups } from './dfo/lookups';
import { MessageSearch, MessageSearchController } from './dfo/message-search';
import { MessagesController } from './dfo/messages.controller';
import { MiscController, OneTimeTokenController } from './dfo/misc.controller';
import { MiscService } from './dfo/misc.service';
import { ThreadsService } from './dfo/threads.service';
import { EMULATOR_OPTIONS, EmulatorOptions, EmulatorSettings } from './emulator.options';
import { CallLog } from './http/call-log';
import { EmulatorHttpHooks } from './http/emulator-http.hooks';
import { FaultInjector } from './http/faults';
import { EmulatorStore } from './store/emulator.store';
import { EmulatorAdminController } from './test-api/emulator-admin.controller';
import { EmulatorAdminService } from './test-api/emulator-admin.service';
import { EmulatorCasesController } from './test-api/emulator-cases.controller';

export type EmulatorOptionsSource = { useValue: EmulatorOptions } | { useFactory: (...args: never[]) => EmulatorOptions; inject: InjectionToken[] };

/** What the host gives the emulator: its options, and the clock it tells time by. */
export interface EmulatorRegistration {
  options: EmulatorOptionsSource;
  /** Standalone: `{ useClass: SystemEmulatorClock }`. Sandbox mode: `{ useExisting: <the app's clock> }`. */
  clock: { useClass: Type<EmulatorClock> } | { useExisting: InjectionToken };
}

/**
 * The DFO emulator: the emulated `/dfo/3.0` API and token endpoints, the agent side, the test API and the agent
 * console. Mounted under `/sandbox` by `SandboxModule` in sandbox mode, and at the root by the standalone app.
 * It needs its options and a clock, nothing else from its host: no database.
 */

@Module({})
export class EmulatorModule {
  static register(registration: EmulatorRegistration): DynamicModule {
    return {
      module: EmulatorModule,
      controllers: [
        TokensController,
        ChannelsController,
        MessagesController,
        MessageSearchController,
        ContactsController,
        OneTimeTokenController,
        MiscController,
        EmulatorAdminController,
        EmulatorCasesController,
        AgentConsoleController,
      ],
      providers: [
        { provide: EMULATOR_OPTIONS, ...registration.options } as Provider,
        { provide: EmulatorClock, ...registration.clock } as Provider,
        EmulatorSettings,
        EmulatorStore,
        EmulatorTokens,
        DfoAuthGuard,
        CallLog,
        FaultInjector,
        EmulatorHttpHooks,
        DfoLookups,
        Conversations,
        InboundService,
        MessageSearch,
        ChannelsService,
        ThreadsService,
        ContactsService,
        MiscService,
        MiddlewareAgents,
        IntegrationBoxClient,
        AgentDispatcher,
        AgentService,
        EmulatorAdminService,
      ],
      exports: [EmulatorStore, EmulatorAdminService, AgentService, EmulatorSettings, CallLog],
    };
  }
}
