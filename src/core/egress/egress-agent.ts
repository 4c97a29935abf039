import { lookup as dnsLookup, LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { Agent, buildConnector } from 'undici';
import { parseIp } from '../net/ip-address';
import { EgressPolicy, EgressRefusedError } from './egress-policy';

export type EgressAgentOptions = Omit<Agent.Options, 'connect'> & { connectTimeoutMs?: number };

/**
 * An undici `Agent` whose every new connection passes the egress policy after DNS: a literal address is checked as
 * it is, a name is resolved once and every address it resolved to is checked before the socket is opened to one of
 * them. The check is on the connection, not on the URL, so a name that resolved to a public address when the URL
 * was saved and to 169.254.169.254 now (DNS rebinding) is refused, and nothing is sent. Redirects are not followed
 * (undici's default), so a public host cannot bounce a request inward either.
 */
export function createEgressAgent(policy: EgressPolicy, options: EgressAgentOptions = {}): Agent {
  const { connectTimeoutMs, ...agentOptions } = options;
  const connectors = {
    'http:': buildConnector({ timeout: connectTimeoutMs, lookup: guardedLookup(policy, 'http:') }),
    'https:': buildConnector({ timeout: connectTimeoutMs, lookup: guardedLookup(policy, 'https:') }),
  };
  const connect: buildConnector.connector = (opts, callback) => {
    const protocol = opts.protocol === 'https:' ? 'https:' : 'http:';
    const literal = parseIp(opts.hostname);
    // A literal address is connected to without a lookup, so it is checked here.
    const refusal = literal ? policy.check(literal, protocol) : null;
    if (refusal) {
      callback(new EgressRefusedError(refusal), null);
      return;
    }
    connectors[protocol](opts, callback);
  };
  return new Agent({ ...agentOptions, connect });
}

/**
 * A `lookup` for `net.connect`: resolves every address of the name, refuses the connection when any one of them is
 * not allowed (a name that points inward at all is not a public host), then answers in the form asked for.
 */
export function guardedLookup(policy: EgressPolicy, protocol: 'http:' | 'https:'): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { family: options.family, hints: options.hints, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      for (const entry of addresses) {
        const address = parseIp(entry.address);
        const refusal = address ? policy.check(address, protocol) : `${hostname} resolved to something that is not an address`;
        if (refusal) return callback(new EgressRefusedError(`${hostname}: ${refusal}`), '', 0);
      }
      if (addresses.length === 0) return callback(Object.assign(new Error(`${hostname} did not resolve`), { code: 'ENOTFOUND' }), '', 0);
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}
