import { isIP } from 'node:net';

/**
 * IP addresses and CIDR blocks as bytes, for the egress policy and `TRUSTED_PROXIES`. An IPv4-mapped IPv6 address
 * (`::ffff:127.0.0.1`, also written `::ffff:7f00:1`) is the IPv4 address it maps, so neither a rule nor a check can
 * be dodged by writing one address in the other family.
 */
export interface IpAddress {
  family: 4 | 6;
  bytes: Uint8Array;
}

export interface CidrBlock {
  family: 4 | 6;
  bytes: Uint8Array;
  prefix: number;
}

/** The address in `text` (IPv6 may carry brackets or a `%zone`), or null when it is not an IP literal. */
export function parseIp(text: string): IpAddress | null {
  let value = text.trim();
  if (value.startsWith('[') && value.endsWith(']')) value = value.slice(1, -1);
  const zone = value.indexOf('%');
  if (zone >= 0) value = value.slice(0, zone);
  const family = isIP(value);
  if (family === 4) return { family: 4, bytes: Uint8Array.from(value.split('.').map(Number)) };
  if (family !== 6) return null;
  const bytes = parseIpv6(value);
  return unmapIpv4(bytes) ?? { family: 6, bytes };
}

/** `10.0.0.0/8`, `fd00::/8`, or a single address (a /32 or /128). Null when it is neither. */
export function parseCidr(text: string): CidrBlock | null {
  const [addressText = '', prefixText, ...rest] = text.trim().split('/');
  if (rest.length > 0) return null;
  const raw = addressText.trim();
  const family = isIP(raw.replace(/^\[|\]$/g, '').replace(/%.*$/, ''));
  const address = parseIp(raw);
  if (!address || family === 0) return null;
  const width = family === 4 ? 32 : 128;
  let prefix = width;
  if (prefixText !== undefined) {
    if (!/^\d{1,3}$/.test(prefixText.trim())) return null;
    prefix = Number(prefixText.trim());
    if (prefix > width) return null;
  }
  // A mapped IPv6 block (`::ffff:10.0.0.0/104`) becomes the IPv4 block it covers, like the addresses it is matched with.
  if (family === 6 && address.family === 4) prefix = Math.max(0, prefix - 96);
  return { family: address.family, bytes: address.bytes, prefix };
}

export function inCidr(address: IpAddress, block: CidrBlock): boolean {
  if (address.family !== block.family) return false;
  const whole = Math.floor(block.prefix / 8);
  for (let i = 0; i < whole; i++) if (address.bytes[i] !== block.bytes[i]) return false;
  const bits = block.prefix % 8;
  if (bits === 0) return true;
  const mask = (0xff << (8 - bits)) & 0xff;
  return (address.bytes[whole]! & mask) === (block.bytes[whole]! & mask);
}

export function formatIp(address: IpAddress): string {
  if (address.family === 4) return Array.from(address.bytes).join('.');
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((address.bytes[i]! << 8) | address.bytes[i + 1]!);
  // The longest run of two or more zero groups becomes "::" (RFC 5952).
  let best = { start: -1, length: 1 };
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.length) best = { start: i, length: j - i };
    i = j > i ? j : i + 1;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.start < 0) return hex.join(':');
  return `${hex.slice(0, best.start).join(':')}::${hex.slice(best.start + best.length).join(':')}`;
}

/** Expands an address that `net.isIP` accepted as IPv6 (with `::` and an optional dotted IPv4 tail) to 16 bytes. */
function parseIpv6(value: string): Uint8Array {
  let text = value.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted[1]!.split('.').map(Number) as [number, number, number, number];
    text = text.slice(0, dotted.index) + ((a << 8) | b).toString(16) + ':' + ((c << 8) | d).toString(16);
  }
  const [head = '', tail] = text.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = tail === undefined ? 0 : 8 - headGroups.length - tailGroups.length;
  const groups = [...headGroups, ...Array<string>(zeros).fill('0'), ...tailGroups];
  const bytes = new Uint8Array(16);
  groups.forEach((group, i) => {
    const n = parseInt(group, 16);
    bytes[i * 2] = n >> 8;
    bytes[i * 2 + 1] = n & 0xff;
  });
  return bytes;
}

/** `::ffff:a.b.c.d` as the IPv4 address a.b.c.d; null for any other IPv6 address. */
function unmapIpv4(bytes: Uint8Array): IpAddress | null {
  for (let i = 0; i < 10; i++) if (bytes[i] !== 0) return null;
  if (bytes[10] !== 0xff || bytes[11] !== 0xff) return null;
  return { family: 4, bytes: bytes.slice(12) };
}
