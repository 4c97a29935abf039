import { EventEmitter } from 'node:events';
import { assertTopic, EventBus, EventHandler } from './event-bus';

export class InProcessEventBus extends EventBus {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  async publish(topic: string, payload: string): Promise<void> {
    assertTopic(topic);
    // Asynchronous like NOTIFY, so a publisher never runs its subscribers inside its own call stack.
    setImmediate(() => this.emitter.emit(topic, payload));
  }

  async subscribe(topic: string, handler: EventHandler): Promise<() => Promise<void>> {
    assertTopic(topic);
    this.emitter.on(topic, handler);
    return async () => {
      this.emitter.off(topic, handler);
    };
  }
}
