export type EventHandler = (payload: string) => void;

/**
 * Fan-out of small notifications between instances: outbox wake-ups, web chat events. Postgres LISTEN/NOTIFY when
 * several instances share a database; an in-process emitter in embedded mode. Payloads stay small (NOTIFY's limit
 * is 8000 bytes): send ids, and let the receiver read the rows. Delivery is at most once; whoever relies on it also
 * has a timed sweep.
 */
export abstract class EventBus {
  abstract publish(topic: string, payload: string): Promise<void>;
  /** Returns a function that unsubscribes. */
  abstract subscribe(topic: string, handler: EventHandler): Promise<() => Promise<void>>;
}

const TOPIC = /^[a-z][a-z0-9_]{0,62}$/;
export function assertTopic(topic: string): void {
  if (!TOPIC.test(topic)) throw new Error(`Invalid event topic "${topic}"`);
}
