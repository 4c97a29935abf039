import { CidrBlock, formatIp, inCidr, IpAddress, parseIp } from '../net/ip-address';
import { specialKind } from '../net/special-ranges';

/** `EGRESS_ALLOW_PRIVATE_NETWORKS`: `*` (any address) or the blocks that may be reached although not public. */
export type EgressAllowance = '*' | readonly CidrBlock[];

export const EGRESS_ALLOWANCE_VARIABLE = 'EGRESS_ALLOW_PRIVATE_NETWORKS';
/** What a refused delivery records (`last_error`) and a refused call reports: nothing about the remote side. */
export const EGRESS_REFUSED = 'egress refused';

/**
 * A connection the policy refused before it was made. Its message names the address and the rule, for logs and
 * for the admin who saves a URL; `last_error` only ever says `egress refused`, so a stored error cannot tell an
 * admin which ports answer where (a port scanner).
 */
export class EgressRefusedError extends Error {
  readonly code = 'EGRESS_REFUSED';

  constructor(readonly reason: string) {
    super(`${EGRESS_REFUSED}: ${reason}`);
    this.name = 'EgressRefusedError';
  }
}

export function isEgressRefused(err: unknown): err is EgressRefusedError {
  return err instanceof EgressRefusedError || (err as { code?: unknown } | null)?.code === 'EGRESS_REFUSED';
}

/**
 * Which hosts outbound HTTP to platforms and DFO may reach (architecture.md §7). Public addresses always, over
 * https; loopback, private, link-local, unique-local, unspecified and reserved addresses only inside the allowance;
 * plain http only to addresses inside the allowance. `check` is the rule at connect time, for every address a name
 * resolved to; `problemWithUrl` is what can be told when a URL is saved (a literal address, or http with nothing
 * allowed), since what a name resolves to may change before it is used.
 */
export class EgressPolicy {
  constructor(readonly allowance: EgressAllowance) {}

  /** Null when a connection to `address` over `protocol` may be made; the reason otherwise. */
  check(address: IpAddress, protocol: string): string | null {
    if (this.allows(address)) return null;
    const shown = formatIp(address);
    const kind = specialKind(address);
    if (kind) return `${shown} is ${article(kind)} ${kind} address, which ${EGRESS_ALLOWANCE_VARIABLE} does not allow`;
    if (protocol !== 'https:') return `plain http:// may only reach hosts in ${EGRESS_ALLOWANCE_VARIABLE} (${shown} is not); use https://`;
    return null;
  }

  /** What is wrong with sending to `url` as far as can be told without resolving it; null when nothing is. */
  problemWithUrl(url: string): string | null {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return 'must be an absolute http or https URL';
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'must be an http or https URL';
    const address = parseIp(parsed.hostname);
    if (address) return this.check(address, parsed.protocol);
    if (parsed.protocol === 'http:' && this.allowance !== '*' && this.allowance.length === 0) {
      return `must use https:// (plain http:// may only reach hosts in ${EGRESS_ALLOWANCE_VARIABLE}, which allows none)`;
    }
    return null;
  }

  private allows(address: IpAddress): boolean {
    return this.allowance === '*' || this.allowance.some((block) => inCidr(address, block));
  }
}

function article(word: string): string {
  return /^[aeiou]/.test(word) && !word.startsWith('uni') ? 'an' : 'a';
}
