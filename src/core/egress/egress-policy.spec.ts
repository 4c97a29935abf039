import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { request } from 'undici';
import { formatIp, parseCidr, parseIp } from '../net/ip-address';
import { specialKind } from '../net/special-ranges';
import { createEgressAgent } from './egress-agent';
import { EgressPolicy, isEgressRefused } from './egress-policy';

const ip = (text: string) => parseIp(text)!;
const NONE = new EgressPolicy([]);

describe('IP addresses and special ranges', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.0.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['fe80::1%eth0', 'link-local'],
    ['fd12:3456::1', 'unique-local'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:a9fe:a9fe', 'link-local'],
    ['64:ff9b::a9fe:a9fe', 'link-local'],
    ['::127.0.0.1', 'reserved'],
    ['8.8.8.8', null],
    ['2606:4700:4700::1111', null],
  ])('%s is %s', (text, kind) => {
    expect(specialKind(ip(text))).toBe(kind);
  });

  it('reads IPv4-mapped addresses as IPv4, and prints addresses canonically', () => {
    expect(ip('::ffff:10.0.0.1')).toEqual(ip('10.0.0.1'));
    expect(formatIp(ip('2001:0db8:0000:0000:0000:0000:0000:0001'))).toBe('2001:db8::1');
    expect(formatIp(ip('::ffff:7f00:1'))).toBe('127.0.0.1');
    expect(parseIp('example.com')).toBeNull();
    expect(parseIp('1.2.3')).toBeNull();
  });

  it('parses CIDR blocks and single addresses, refusing anything else', () => {
    expect(parseCidr('10.0.0.0/8')).toMatchObject({ family: 4, prefix: 8 });
    expect(parseCidr('fd00::/8')).toMatchObject({ family: 6, prefix: 8 });
    expect(parseCidr('192.168.1.7')).toMatchObject({ family: 4, prefix: 32 });
    expect(parseCidr('::ffff:10.0.0.0/104')).toMatchObject({ family: 4, prefix: 8 });
    for (const bad of ['10.0.0.0/33', 'fd00::/129', 'example.com/8', '10.0.0.0/8/1', '10.0.0.0/x', '']) expect(parseCidr(bad)).toBeNull();
  });
});

describe('EgressPolicy', () => {
  const tenNet = new EgressPolicy([parseCidr('10.0.0.0/8')!]);

  it('allows public addresses over https, special ones only inside the allowance', () => {
    expect(NONE.check(ip('8.8.8.8'), 'https:')).toBeNull();
    expect(NONE.check(ip('169.254.169.254'), 'https:')).toMatch(/169\.254\.169\.254 is a link-local address/);
    expect(NONE.check(ip('::ffff:10.0.0.1'), 'https:')).toMatch(/10\.0\.0\.1 is a private address/);
    expect(tenNet.check(ip('10.9.9.9'), 'https:')).toBeNull();
    expect(tenNet.check(ip('::ffff:10.9.9.9'), 'https:')).toBeNull();
    expect(tenNet.check(ip('192.168.1.1'), 'https:')).toMatch(/private address/);
    expect(new EgressPolicy('*').check(ip('127.0.0.1'), 'http:')).toBeNull();
  });

  it('allows plain http only to addresses inside the allowance', () => {
    expect(tenNet.check(ip('10.0.0.1'), 'http:')).toBeNull();
    expect(tenNet.check(ip('8.8.8.8'), 'http:')).toMatch(/plain http:\/\//);
    expect(NONE.problemWithUrl('http://platform.example/in')).toMatch(/must use https/);
    // A name over http with a non-empty allowance can only be judged once resolved.
    expect(tenNet.problemWithUrl('http://platform.example/in')).toBeNull();
    expect(NONE.problemWithUrl('https://platform.example/in')).toBeNull();
  });

  it('sees through the address spellings a URL parser normalises', () => {
    for (const url of ['http://2130706433/', 'http://0x7f.1/', 'https://[::ffff:127.0.0.1]/', 'https://[0:0:0:0:0:ffff:a9fe:a9fe]/', 'https://0.0.0.0/']) {
      expect([url, NONE.problemWithUrl(url)]).toEqual([url, expect.stringMatching(/address/)]);
    }
  });
});

describe('createEgressAgent', () => {
  let server: Server;
  let hits = 0;
  let port = 0;

  beforeAll(async () => {
    server = createServer((_req, res) => {
      hits++;
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  async function attempt(policy: EgressPolicy, url: string): Promise<unknown> {
    const agent = createEgressAgent(policy);
    try {
      const res = await request(url, { dispatcher: agent });
      await res.body.text();
      return res.statusCode;
    } catch (err) {
      return err;
    } finally {
      await agent.close();
    }
  }

  it('refuses a literal loopback address and a name resolving to one before connecting', async () => {
    const before = hits;
    for (const url of [`http://127.0.0.1:${port}/`, `http://localhost:${port}/`, `http://[::ffff:127.0.0.1]:${port}/`]) {
      const outcome = await attempt(NONE, url);
      expect([url, isEgressRefused(outcome)]).toEqual([url, true]);
    }
    expect(hits).toBe(before);
  });

  it('connects where the allowance covers the address', async () => {
    const before = hits;
    expect(await attempt(new EgressPolicy([parseCidr('127.0.0.0/8')!, parseCidr('::1')!]), `http://localhost:${port}/`)).toBe(200);
    expect(hits).toBe(before + 1);
  });
});
