import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { assertTopic, EventBus, EventHandler } from './event-bus';

/**
 * LISTEN/NOTIFY on one dedicated connection (a pooled one would lose its LISTENs when returned). It reconnects
 * with backoff and re-LISTENs after a connection loss; notifications sent while it was down are lost, which the
 * subscribers' timed sweeps cover.
 */
export class PgEventBus extends EventBus {
  private readonly logger = new Logger(PgEventBus.name);
  private readonly handlers = new Map<string, Set<EventHandler>>();
  private client: Client | null = null;
  private connecting: Promise<Client> | null = null;
  private closed = false;

  constructor(private readonly url: string) {
    super();
  }

  async publish(topic: string, payload: string): Promise<void> {
    assertTopic(topic);
    const client = await this.connection();
    await client.query('SELECT pg_notify($1, $2)', [topic, payload]);
  }

  async subscribe(topic: string, handler: EventHandler): Promise<() => Promise<void>> {
    assertTopic(topic);
    let set = this.handlers.get(topic);
    if (!set) {
      set = new Set();
      this.handlers.set(topic, set);
      await (await this.connection()).query(`LISTEN "${topic}"`);
    }
    set.add(handler);
    return async () => {
      const current = this.handlers.get(topic);
      current?.delete(handler);
      if (current && current.size === 0) {
        this.handlers.delete(topic);
        await this.client?.query(`UNLISTEN "${topic}"`).catch(() => undefined);
      }
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.client?.end().catch(() => undefined);
    this.client = null;
  }

  private connection(): Promise<Client> {
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= this.connect().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private async connect(): Promise<Client> {
    const client = new Client({ connectionString: this.url, application_name: 'byoc-bridge-events' });
    client.on('notification', (n) => {
      for (const handler of this.handlers.get(n.channel) ?? []) {
        try {
          handler(n.payload ?? '');
        } catch (err) {
          this.logger.error({ err, topic: n.channel }, 'Event handler failed');
        }
      }
    });
    client.on('error', (err) => {
      this.logger.warn({ err }, 'Event bus connection lost; reconnecting');
      this.client = null;
      void client.end().catch(() => undefined);
      if (!this.closed) void this.reconnect(1);
    });
    await client.connect();
    for (const topic of this.handlers.keys()) await client.query(`LISTEN "${topic}"`);
    this.client = client;
    return client;
  }

  private async reconnect(attempt: number): Promise<void> {
    await new Promise((r) => setTimeout(r, Math.min(30000, 250 * 2 ** attempt)));
    if (this.closed || this.client) return;
    await this.connection().catch(() => this.reconnect(attempt + 1));
  }
}
