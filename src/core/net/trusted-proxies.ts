import { CidrBlock, inCidr, parseIp } from './ip-address';

/**
 * Fastify's `trustProxy` for `TRUSTED_PROXIES`: false when none is configured (the default), else a check of each
 * hop against the blocks, with the same address parsing as the egress policy (an IPv4-mapped peer such as
 * `::ffff:10.0.0.5` matches `10.0.0.0/8`). Fastify walks X-Forwarded-For from the right and stops at the first
 * address that is not trusted, so a client cannot prepend an address of its choosing.
 */
export function trustedProxyCheck(blocks: readonly CidrBlock[]): false | ((address: string, hop: number) => boolean) {
  if (blocks.length === 0) return false;
  return (address: string) => {
    const parsed = parseIp(address);
    return parsed !== null && blocks.some((block) => inCidr(parsed, block));
  };
}
