import { Injectable } from '@nestjs/common';

export interface FaultSpec {
  /** HTTP method to match; any when absent. */
  method?: string;
  /** Substring of the path below the emulator root, or a glob when it contains `*` (`*` one segment, `**` any). */
  path: string;
  /** Answer with this status instead of handling the call. */
  status?: number;
  /** Wait this long before answering (or before handling, when no status is given). */
  latencyMs?: number;
  /** `Retry-After` header value (seconds, or an HTTP date). */
  retryAfter?: string;
  /** Response body for `status`; DFO's error format by default. */
  body?: unknown;
  /** How many matching calls this fault applies to. */
  count: number;
}

export interface Fault extends FaultSpec {
  id: number;
  remaining: number;
  hits: number;
  createdAt: string;
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.replace(/\*\*/g, '\u0000').replace(/\*/g, '[^/]*').replace(/\u0000/g, '.*')}$`);
}

/** Fault injection for the emulated API: the next N calls matching a method and path get a status, latency or both. */
@Injectable()
export class FaultInjector {
  private faults: Array<Fault & { matcher: (path: string) => boolean }> = [];
  private nextId = 1;

  add(spec: FaultSpec, now: Date): Fault {
    const matcher = spec.path.includes('*') ? ((re: RegExp) => (p: string) => re.test(p))(globToRegExp(spec.path)) : (p: string) => p.includes(spec.path);
    const fault = { ...spec, method: spec.method?.toUpperCase(), id: this.nextId++, remaining: spec.count, hits: 0, createdAt: now.toISOString(), matcher };
    this.faults.push(fault);
    return this.view(fault);
  }

  /** Takes one use of the oldest fault matching the call, if any. */
  take(method: string, path: string): Fault | null {
    const fault = this.faults.find((f) => f.remaining > 0 && (!f.method || f.method === method.toUpperCase()) && f.matcher(path));
    if (!fault) return null;
    fault.remaining -= 1;
    fault.hits += 1;
    return this.view(fault);
  }

  list(): Fault[] {
    return this.faults.map((f) => this.view(f));
  }

  remove(id: number): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((f) => f.id !== id);
    return this.faults.length < before;
  }

  clear(): void {
    this.faults = [];
  }

  private view(fault: Fault & { matcher?: unknown }): Fault {
    const { matcher: _matcher, ...rest } = fault;
    return { ...rest };
  }
}
