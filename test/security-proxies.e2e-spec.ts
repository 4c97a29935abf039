import { Channel } from './support/admin-api';
import { deleteBrands } from './support/brand-cleanup';
import { startTestApp, TestApp } from './support/test-app';
import { createdBrandIds, createWebchatChannel } from './support/webchat';

/**
 * TRUSTED_PROXIES (architecture.md §7, issue 15 finding 4): X-Forwarded-* headers are believed from the listed
 * proxies only. Before, anyone's X-Forwarded-For was, and 35 of 35 web chat sessions got past a limit of 30 a
 * minute by changing it.
 */
const CLIENT = '198.51.100.20';
const PROXY = '10.1.2.3';

describe('TRUSTED_PROXIES', () => {
  const apps: TestApp[] = [];
  afterAll(async () => {
    for (const t of apps) await t.close();
    await deleteBrands(createdBrandIds);
  });

  async function app(env: Record<string, string>): Promise<{ t: TestApp; channel: Channel }> {
    const t = await startTestApp({ WEBCHAT_SESSIONS_PER_MINUTE: '30', ...env });
    apps.push(t);
    return { t, channel: await createWebchatChannel(t, { allowedOrigins: ['https://shop.example'] }) };
  }

  const startSession = (t: TestApp, channel: Channel, remoteAddress: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url: `/webchat/${channel.dfoChannelId}/sessions`, payload: {}, remoteAddress, headers });

  it('by default, 35 sessions from one peer with 35 different X-Forwarded-For values hit the 30-a-minute limit', async () => {
    const { t, channel } = await app({});
    const statuses: number[] = [];
    for (let i = 0; i < 35; i++) statuses.push((await startSession(t, channel, CLIENT, { 'x-forwarded-for': `203.0.113.${i + 1}` })).statusCode);
    expect(statuses.filter((s) => s === 201)).toHaveLength(30);
    expect(statuses.slice(30)).toEqual([429, 429, 429, 429, 429]);
    // Another peer has a limit of its own: the limit follows the socket, not the header.
    expect((await startSession(t, channel, '198.51.100.21')).statusCode).toBe(201);
  });

  it('from a trusted proxy, X-Forwarded-For names the client, and the limit follows it', async () => {
    const { t, channel } = await app({ TRUSTED_PROXIES: '10.0.0.0/8' });
    const statuses: number[] = [];
    for (let i = 0; i < 35; i++) statuses.push((await startSession(t, channel, PROXY, { 'x-forwarded-for': `203.0.113.${i + 1}` })).statusCode);
    expect(statuses.every((s) => s === 201)).toBe(true);

    // One client behind the proxy is limited, however many addresses it puts in front of its own.
    const one: number[] = [];
    for (let i = 0; i < 31; i++) one.push((await startSession(t, channel, PROXY, { 'x-forwarded-for': `192.0.2.${i + 1}, 198.51.100.99` })).statusCode);
    expect(one.filter((s) => s === 201)).toHaveLength(30);
    expect(one[30]).toBe(429);
  });

  it("does not take the page's own origin from X-Forwarded-Host of an untrusted peer", async () => {
    const { t, channel } = await app({});
    const forged = { origin: 'https://evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' };
    const refused = await startSession(t, channel, CLIENT, forged);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'WEBCHAT.ORIGIN_FORBIDDEN' });
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();

    // The same headers from a trusted proxy describe where the page is served, which is what they are for.
    const trusted = await app({ TRUSTED_PROXIES: PROXY });
    const allowed = await startSession(trusted.t, trusted.channel, PROXY, forged);
    expect(allowed.statusCode).toBe(201);
    expect(allowed.headers['access-control-allow-origin']).toBe('https://evil.example');
  });
});
