import { readFileSync } from 'node:fs';

/** CPU time (user + system) the process has used so far, in ms (Linux /proc; clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * The token endpoint under a burst of `concurrency` requests for unknown client ids, then for a known client with
 * wrong secrets: wall time, the app's CPU time, and the median latency of each. Unknown ids should cost almost no
 * CPU (no scrypt) while taking about as long as real checks (the decoy delay). Stays under the default per-client
 * rate limit (60 a minute): 16 + `concurrency` requests for the known client.
 */
export async function measureTokenEndpoint(base: string, pid: number, clientId: string, concurrency = 32): Promise<Array<[string, string]>> {
  async function burst(id: (i: number) => string, count = concurrency): Promise<{ wallMs: number; cpuMs: number; medianMs: number; statuses: Set<number> }> {
    const cpuBefore = cpuMs(pid);
    const started = performance.now();
    const results = await Promise.all(
      Array.from({ length: count }, async (_, i) => {
        const t0 = performance.now();
        const res = await fetch(`${base}/integration/box/1.0/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ grant_type: 'client_credentials', client_id: id(i), client_secret: 'not-the-secret' }),
        });
        await res.arrayBuffer();
        return { status: res.status, ms: performance.now() - t0 };
      }),
    );
    return { wallMs: performance.now() - started, cpuMs: cpuMs(pid) - cpuBefore, medianMs: median(results.map((r) => r.ms)), statuses: new Set(results.map((r) => r.status)) };
  }
  // Warm the decoy's samples with real checks first, as a running instance has them (within the per-client limit).
  await burst(() => clientId, 16);
  const known = await burst(() => clientId);
  const unknown = await burst((i) => `bb_ci_unknown_${i}`);
  const row = (label: string, r: typeof known): [string, string] => [
    `token endpoint, ${concurrency} concurrent, ${label}: wall / app CPU / median latency (ms)`,
    `${r.wallMs.toFixed(0)} / ${r.cpuMs} / ${r.medianMs.toFixed(0)} (status ${[...r.statuses].join(',')})`,
  ];
  return [row('known client, wrong secret', known), row('unknown client ids', unknown)];
}
