import { Injectable } from '@nestjs/common';
import {
  EmuBrand,
  EmuCase,
  EmuChannel,
  EmuCustomer,
  EmuCustomFieldDefinition,
  EmuIntegration,
  EmuMessage,
  EmuSnapshot,
  EmuThread,
} from './emulator.types';

/** The brand that tokens of access keys bound to no brand belong to. */
export const DEFAULT_BRAND: Readonly<Omit<EmuBrand, 'accessKeys'>> = {
  id: 1000,
  friendlyName: 'Sandbox',
  tenantId: '11eb0000-0000-4000-8000-000000001000',
  businessUnitId: 4600000,
  timezone: 'UTC',
};

const key = (...parts: string[]): string => parts.join('\u0000');

/**
 * The emulator's state, in memory, with the indexes DFO's API needs (a thread by its external id per channel, a
 * message by its external id per channel and direction). Services mutate records and `put` them back, which keeps
 * the indexes right and bumps `version` (the agent console polls it; the embedded mode persists on change).
 */
@Injectable()
export class EmulatorStore {
  private brandsById = new Map<number, EmuBrand>();
  private integrationsById = new Map<string, EmuIntegration>();
  private channelsById = new Map<string, EmuChannel>();
  private customersById = new Map<string, EmuCustomer>();
  private customerByIdentity = new Map<string, string>();
  private threadsById = new Map<string, EmuThread>();
  private threadByExternal = new Map<string, string>();
  private casesById = new Map<string, EmuCase>();
  private messagesById = new Map<string, EmuMessage>();
  private messagesByCase = new Map<string, string[]>();
  private messageByExternal = new Map<string, string>();
  private customerFields = new Map<number, Map<string, EmuCustomFieldDefinition>>();
  private contactFields = new Map<number, Map<string, EmuCustomFieldDefinition>>();
  private lastCaseNumber = 0n;
  private listeners: Array<() => void> = [];
  /** Bumped on every change. */
  version = 0;

  constructor() {
    this.reset();
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  private changed(): void {
    this.version += 1;
    for (const listener of this.listeners) listener();
  }

  // Brands and integrations
  brand(id: number): EmuBrand | undefined {
    return this.brandsById.get(id);
  }
  brands(): EmuBrand[] {
    return [...this.brandsById.values()];
  }
  putBrand(brand: EmuBrand): void {
    this.brandsById.set(brand.id, brand);
    this.changed();
  }
  integration(channelIntegrationId: string): EmuIntegration | undefined {
    return this.integrationsById.get(channelIntegrationId);
  }
  integrations(): EmuIntegration[] {
    return [...this.integrationsById.values()];
  }
  putIntegration(integration: EmuIntegration): void {
    this.integrationsById.set(integration.channelIntegrationId, integration);
    this.changed();
  }

  // Channels
  channel(id: string): EmuChannel | undefined {
    return this.channelsById.get(id);
  }
  channels(): EmuChannel[] {
    return [...this.channelsById.values()];
  }
  putChannel(channel: EmuChannel): void {
    this.channelsById.set(channel.id, channel);
    this.changed();
  }

  // Customers
  customer(id: string): EmuCustomer | undefined {
    return this.customersById.get(id);
  }
  customers(): EmuCustomer[] {
    return [...this.customersById.values()];
  }
  customerOnChannel(channelId: string, idOnExternalPlatform: string): EmuCustomer | undefined {
    const id = this.customerByIdentity.get(key(channelId, idOnExternalPlatform));
    return id === undefined ? undefined : this.customersById.get(id);
  }
  putCustomer(customer: EmuCustomer): void {
    this.customersById.set(customer.id, customer);
    this.customerByIdentity.set(key(customer.channelId, customer.idOnExternalPlatform), customer.id);
    this.changed();
  }

  // Threads
  thread(id: string): EmuThread | undefined {
    return this.threadsById.get(id);
  }
  threads(): EmuThread[] {
    return [...this.threadsById.values()];
  }
  threadOnChannel(channelId: string, idOnExternalPlatform: string): EmuThread | undefined {
    const id = this.threadByExternal.get(key(channelId, idOnExternalPlatform));
    return id === undefined ? undefined : this.threadsById.get(id);
  }
  putThread(thread: EmuThread): void {
    this.threadsById.set(thread.id, thread);
    this.threadByExternal.set(key(thread.channelId, thread.idOnExternalPlatform), thread.id);
    this.changed();
  }

  // Cases
  case(id: string): EmuCase | undefined {
    return this.casesById.get(id);
  }
  /** Newest first. */
  cases(): EmuCase[] {
    return [...this.casesById.values()].reverse();
  }
  putCase(c: EmuCase): void {
    this.casesById.set(c.id, c);
    this.changed();
  }
  /**
   * The next contact number: a 16-digit numeric string like DFO's ("1749798712389111"), the epoch milliseconds
   * followed by three digits, strictly increasing even within one millisecond.
   */
  nextCaseNumber(now: Date): string {
    const candidate = BigInt(now.getTime()) * 1000n;
    this.lastCaseNumber = candidate > this.lastCaseNumber ? candidate : this.lastCaseNumber + 1n;
    return this.lastCaseNumber.toString();
  }

  // Messages
  message(id: string): EmuMessage | undefined {
    return this.messagesById.get(id);
  }
  messages(): EmuMessage[] {
    return [...this.messagesById.values()];
  }
  messagesOfCase(caseId: string): EmuMessage[] {
    return (this.messagesByCase.get(caseId) ?? []).map((id) => this.messagesById.get(id)!);
  }
  messageOnChannel(channelId: string, direction: EmuMessage['direction'], idOnExternalPlatform: string): EmuMessage | undefined {
    const id = this.messageByExternal.get(key(channelId, direction, idOnExternalPlatform));
    return id === undefined ? undefined : this.messagesById.get(id);
  }
  putMessage(message: EmuMessage): void {
    if (!this.messagesById.has(message.id)) {
      const ofCase = this.messagesByCase.get(message.caseId) ?? [];
      ofCase.push(message.id);
      this.messagesByCase.set(message.caseId, ofCase);
    }
    this.messagesById.set(message.id, message);
    if (message.idOnExternalPlatform !== null) {
      this.messageByExternal.set(key(message.channelId, message.direction, message.idOnExternalPlatform), message.id);
    }
    this.changed();
  }

  // Custom field definitions (b.7 customer fields; contact fields are defined through the test API)
  customerFieldDefinitions(brandId: number): EmuCustomFieldDefinition[] {
    return [...(this.customerFields.get(brandId)?.values() ?? [])];
  }
  putCustomerFieldDefinition(brandId: number, definition: EmuCustomFieldDefinition): void {
    this.customerFields.set(brandId, (this.customerFields.get(brandId) ?? new Map()).set(definition.ident, definition));
    this.changed();
  }
  contactFieldDefinitions(brandId: number): EmuCustomFieldDefinition[] {
    return [...(this.contactFields.get(brandId)?.values() ?? [])];
  }
  putContactFieldDefinition(brandId: number, definition: EmuCustomFieldDefinition): void {
    this.contactFields.set(brandId, (this.contactFields.get(brandId) ?? new Map()).set(definition.ident, definition));
    this.changed();
  }

  snapshot(): EmuSnapshot {
    const defs = (m: Map<number, Map<string, EmuCustomFieldDefinition>>) =>
      [...m.entries()].flatMap(([brandId, byIdent]) => [...byIdent.values()].map((definition) => ({ brandId, definition })));
    return {
      version: 1,
      lastCaseNumber: this.lastCaseNumber.toString(),
      brands: this.brands(),
      integrations: this.integrations(),
      channels: this.channels(),
      customers: this.customers(),
      threads: this.threads(),
      cases: [...this.casesById.values()],
      messages: [...this.messagesById.values()],
      customerFieldDefinitions: defs(this.customerFields),
      contactFieldDefinitions: defs(this.contactFields),
    };
  }

  /** Replaces the whole state (the embedded mode's persisted file, or a reset). */
  restore(snapshot: EmuSnapshot): void {
    this.clearMaps();
    this.lastCaseNumber = BigInt(snapshot.lastCaseNumber);
    for (const b of snapshot.brands) this.brandsById.set(b.id, b);
    if (!this.brandsById.has(DEFAULT_BRAND.id)) this.brandsById.set(DEFAULT_BRAND.id, { ...DEFAULT_BRAND, accessKeys: [] });
    for (const i of snapshot.integrations) this.integrationsById.set(i.channelIntegrationId, i);
    for (const c of snapshot.channels) this.channelsById.set(c.id, c);
    for (const c of snapshot.customers) this.putCustomer(c);
    for (const t of snapshot.threads) this.putThread(t);
    for (const c of snapshot.cases) this.casesById.set(c.id, c);
    for (const m of snapshot.messages) this.putMessage(m);
    for (const { brandId, definition } of snapshot.customerFieldDefinitions) this.putCustomerFieldDefinition(brandId, definition);
    for (const { brandId, definition } of snapshot.contactFieldDefinitions) this.putContactFieldDefinition(brandId, definition);
    this.changed();
  }

  /** Drops customers, threads, cases and messages; keeps brands, integrations, channels and field definitions. */
  resetConversations(): void {
    this.restore({ ...this.snapshot(), customers: [], threads: [], cases: [], messages: [] });
  }

  reset(): void {
    this.restore({
      version: 1, lastCaseNumber: '0', brands: [], integrations: [], channels: [], customers: [], threads: [], cases: [],
      messages: [], customerFieldDefinitions: [], contactFieldDefinitions: [],
    });
  }

  private clearMaps(): void {
    for (const map of [
      this.brandsById, this.integrationsById, this.channelsById, this.customersById, this.customerByIdentity,
      this.threadsById, this.threadByExternal, this.casesById, this.messagesById, this.messagesByCase,
      this.messageByExternal, this.customerFields, this.contactFields,
    ] as Array<Map<unknown, unknown>>) {
      map.clear();
    }
  }
}
