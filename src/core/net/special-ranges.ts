import { CidrBlock, inCidr, IpAddress, parseCidr } from './ip-address';

/** What an address that is not on the public internet is, for messages ("a link-local address"). */
export type SpecialKind = 'unspecified' | 'loopback' | 'private' | 'link-local' | 'unique-local' | 'reserved';

const RANGES: Array<[string, SpecialKind]> = [
  ['0.0.0.0/8', 'unspecified'],
  ['10.0.0.0/8', 'private'],
  ['100.64.0.0/10', 'private'], // carrier-grade NAT
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local'], // cloud metadata services live here
  ['172.16.0.0/12', 'private'],
  ['192.0.0.0/24', 'reserved'],
  ['192.0.2.0/24', 'reserved'],
  ['192.168.0.0/16', 'private'],
  ['198.18.0.0/15', 'reserved'],
  ['198.51.100.0/24', 'reserved'],
  ['203.0.113.0/24', 'reserved'],
  ['224.0.0.0/4', 'reserved'], // multicast
  ['240.0.0.0/4', 'reserved'], // incl. 255.255.255.255
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  ['::/96', 'reserved'], // IPv4-compatible (deprecated): would carry an IPv4 address past an IPv4-only rule
  ['64:ff9b:1::/48', 'reserved'], // local-use NAT64
  ['100::/64', 'reserved'],
  ['2001:db8::/32', 'reserved'],
  ['fc00::/7', 'unique-local'],
  ['fe80::/10', 'link-local'],
  ['fec0::/10', 'link-local'], // site-local (deprecated)
  ['ff00::/8', 'reserved'], // multicast
];

const BLOCKS: Array<[CidrBlock, SpecialKind]> = RANGES.map(([cidr, kind]) => [parseCidr(cidr)!, kind]);
const NAT64 = parseCidr('64:ff9b::/96')!;

/**
 * Null for an address on the public internet; otherwise what it is. A NAT64 address (`64:ff9b::/96`) is judged by
 * the IPv4 address it embeds, since a NAT64 gateway would carry the connection there.
 */
export function specialKind(address: IpAddress): SpecialKind | null {
  if (inCidr(address, NAT64)) return specialKind({ family: 4, bytes: address.bytes.slice(12) });
  for (const [block, kind] of BLOCKS) if (inCidr(address, block)) return kind;
  return null;
}
