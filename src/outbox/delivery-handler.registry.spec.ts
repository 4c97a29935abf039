import { Injectable, OnModuleInit } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Test } from '@nestjs/testing';
import { AppConfig } from '../core/config/app-config';
import { APP_CONFIG } from '../core/config/config.module';
import { EventBus } from '../core/events/event-bus';
import { DeliveryHandlerRegistry } from './delivery-handler.registry';
import { OutboxScheduler } from './outbox.scheduler';
import { DeliveryHandler } from './outbox.types';
import { OutboxWorker } from './outbox.worker';
import { OutboxWake } from './outbox-wake';

const handlerOf = <K extends DeliveryHandler['kind']>(kind: K): DeliveryHandler<K> => ({ kind, handle: async () => undefined });

describe('DeliveryHandlerRegistry', () => {
  it('refuses a second handler for a kind at registration', () => {
    const registry = new DeliveryHandlerRegistry();
    registry.register(handlerOf('platform.send'));
    expect(() => registry.register(handlerOf('platform.send'))).toThrow('A delivery handler for "platform.send" is already registered');
  });

  it('is complete when every declared kind has its handler, and claims only handled kinds', () => {
    const registry = new DeliveryHandlerRegistry();
    registry.expect(['platform.send', 'platform.event']);
    registry.register(handlerOf('platform.send'));
    registry.register(handlerOf('platform.event'));
    expect(() => registry.assertComplete()).not.toThrow();
    expect(registry.kinds().sort()).toEqual(['platform.event', 'platform.send']);
    expect(registry.isKnown('platform.event')).toBe(true);
    expect(registry.isKnown('platform.nope')).toBe(false);
  });

  it('names the declared kinds that have no handler, and handlers whose kind was never declared', () => {
    const registry = new DeliveryHandlerRegistry();
    registry.expect(['dfo.create_message', 'dfo.case_status', 'platform.send']);
    registry.register(handlerOf('platform.send'));
    registry.register(handlerOf('dfo.sender_action'));
    expect(() => registry.assertComplete()).toThrow(
      'Outbox delivery handlers are incomplete: no handler for "dfo.create_message", "dfo.case_status"; handlers for undeclared kinds "dfo.sender_action" (declare them with OutboxModule.forFeature)',
    );
  });
});

describe('outbox bootstrap', () => {
  /** A module that declares two kinds but registers a handler for one only. */
  @Injectable()
  class HalfRegistrar implements OnModuleInit {
    constructor(private readonly registry: DeliveryHandlerRegistry) {}
    onModuleInit(): void {
      this.registry.expect(['dfo.thread_update', 'dfo.case_status']);
      this.registry.register(handlerOf('dfo.thread_update'));
    }
  }

  it('fails application bootstrap, naming the kind without a handler, before any worker starts', async () => {
    const worker = { wake: jest.fn() };
    const bus = { subscribe: jest.fn(async () => async () => undefined), publish: jest.fn() };
    const moduleRef = await Test.createTestingModule({
      providers: [
        DeliveryHandlerRegistry,
        OutboxScheduler,
        HalfRegistrar,
        { provide: OutboxWorker, useValue: worker },
        { provide: EventBus, useValue: bus },
        { provide: OutboxWake, useValue: { instanceId: 'this-instance' } },
        { provide: SchedulerRegistry, useValue: { addInterval: jest.fn() } },
        { provide: APP_CONFIG, useValue: { outbox: { sweepIntervalMs: 60000 } } as AppConfig },
      ],
    }).compile();
    await expect(moduleRef.init()).rejects.toThrow('no handler for "dfo.case_status"');
    expect(bus.subscribe).not.toHaveBeenCalled();
    expect(worker.wake).not.toHaveBeenCalled();
  });
});
