import autocannon, { Request as CannonRequest } from 'autocannon';
import { Pool } from 'undici';
import { signedHeaders } from '../src/platform-adapters/webhook/webhook-signature';

/** What every target receives: one signed webhook `message` event per request, spread over `threads` threads. */
export interface Traffic {
  url: string;
  secret: string;
  /** Distinguishes rounds, so no message id repeats. */
  prefix: string;
  threads: number;
  /** Thread and author ids are `<threadPrefix><n>` and `<authorPrefix><n>`, n < threads (default `t-`, `u-`). */
  threadPrefix?: string;
  authorPrefix?: string;
}

export function signedMessage(t: Traffic, n: number): { id: string; body: string; headers: Record<string, string> } {
  const id = `${t.prefix}-${n}`;
  const thread = n % t.threads;
  const body = JSON.stringify({
    events: [{
      type: 'message', id, threadId: `${t.threadPrefix ?? 't-'}${thread}`, createdAt: new Date().toISOString(),
      author: { id: `${t.authorPrefix ?? 'u-'}${thread}`, firstName: 'Bench' }, text: `message ${n}`,
    }],
  });
  return { id, body, headers: { 'content-type': 'application/json', ...signedHeaders(t.secret, body, new Date()) } };
}

export interface ClosedLoopResult {
  accepted: number;
  failed: number;
  perSecond: number;
  p50: number;
  p99: number;
}

/**
 * `connections` clients that each send the next request as soon as the last one is answered (autocannon), for
 * `seconds`, or until `amount` requests when given.
 */
export async function closedLoop(t: Traffic, connections: number, seconds: number, amount?: number): Promise<ClosedLoopResult> {
  let n = 0;
  const result = await autocannon({
    url: t.url,
    connections,
    ...(amount ? { amount } : { duration: seconds }),
    requests: [{
      method: 'POST',
      setupRequest: (req: CannonRequest): CannonRequest => {
        const m = signedMessage(t, n++);
        return { ...req, body: m.body, headers: m.headers };
      },
    }],
  });
  return { accepted: result['2xx'], failed: result.non2xx + result.errors + result.timeouts, perSecond: result['2xx'] / (result.duration || seconds), p50: result.latency.p50, p99: result.latency.p99 };
}

export interface OpenLoopResult {
  accepted: number;
  failed: number;
  /** Latency of each accepted request from its scheduled send time to its answer, ms. */
  latencies: number[];
  /** Wall-clock scheduled send time of each accepted message, by id. */
  sentAt: Map<string, number>;
}

/**
 * A fixed offered rate, whatever the answers do (open loop): request i is due at start + i / rate, and its latency is
 * measured from then, so a server that falls behind shows it in the latency instead of slowing the load down.
 */
export async function openLoop(t: Traffic, rate: number, seconds: number, connections = 256): Promise<OpenLoopResult> {
  const origin = new URL(t.url);
  const pool = new Pool(origin.origin, { connections, keepAliveTimeout: 30_000 });
  const result: OpenLoopResult = { accepted: 0, failed: 0, latencies: [], sentAt: new Map() };
  const pending = new Set<Promise<void>>();
  const total = Math.round(rate * seconds);
  const startPerf = performance.now();
  const startWall = Date.now();
  let i = 0;
  const fire = (n: number) => {
    const scheduled = (n * 1000) / rate;
    const m = signedMessage(t, n);
    const work = pool
      .request({ method: 'POST', path: origin.pathname, headers: m.headers, body: m.body })
      .then(async (res) => {
        await res.body.dump();
        if (res.statusCode !== 202) return void (result.failed += 1);
        result.accepted += 1;
        result.latencies.push(performance.now() - startPerf - scheduled);
        result.sentAt.set(m.id, startWall + scheduled);
      }, () => void (result.failed += 1))
      .finally(() => pending.delete(work));
    pending.add(work);
  };
  while (i < total) {
    const due = Math.min(total, Math.floor(((performance.now() - startPerf) * rate) / 1000) + 1);
    while (i < due) fire(i++);
    await new Promise((r) => setTimeout(r, 1));
  }
  await Promise.all([...pending]);
  await pool.close();
  return result;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
