import { randomUUID } from 'node:crypto';
import { createBrand, createChannel, createIntegration } from './support/admin-api';
import { deleteBrands } from './support/brand-cleanup';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Security headers (issue 15 finding 8): a CSP without 'unsafe-inline' for scripts and with a limited form-action on
 * the pages we serve, and Cross-Origin-Resource-Policy: cross-origin only where the widget needs it. The web chat
 * browser spec runs the demo page and the agent console in Chromium under these headers.
 */
const INLINE_SCRIPT = /<script(?![^>]*\bsrc=)[^>]*>/i;

function csp(header: string | string[] | number | undefined): Record<string, string> {
  return Object.fromEntries(String(header).split(';').map((d) => d.trim()).filter(Boolean).map((d) => [d.split(' ')[0]!, d.slice(d.indexOf(' ') + 1)]));
}

describe('security headers', () => {
  let t: TestApp;
  const brandIds: string[] = [];
  beforeAll(async () => {
    t = await startTestApp({ SANDBOX: 'true', PUBLIC_BASE_URL: 'https://bridge.example.com' });
  });
  afterAll(async () => {
    await t.close();
    await deleteBrands(brandIds);
  });

  const get = (url: string) => t.app.inject({ method: 'GET', url, remoteAddress: '127.0.0.1' });

  it('serves no page with an inline script, under a CSP whose script-src is only self and whose form-action is self', async () => {
    const brand = await createBrand(t);
    brandIds.push(brand.id);
    const integration = await createIntegration(t, brand.id);
    const chat = await createChannel(t, integration.id, { adapter: 'webchat', dfoChannelId: `wc-${randomUUID()}`, adapterConfig: { allowedOrigins: [] } });
    for (const url of [`/webchat/demo/${chat.dfoChannelId}`, '/sandbox/agent', '/docs']) {
      const res = await get(url);
      expect([url, res.statusCode]).toEqual([url, 200]);
      expect(res.body).not.toMatch(INLINE_SCRIPT);
      const policy = csp(res.headers['content-security-policy']);
      expect([url, policy['script-src'], policy['script-src-attr'], policy['form-action']]).toEqual([url, "'self'", "'none'", "'self'"]);
      expect(res.headers['cross-origin-resource-policy']).toBe('same-origin');
    }
  });

  it('lets the action pages post to PUBLIC_BASE_URL and go back to CXone, and nowhere else', async () => {
    const res = await get('/integration/actions/add?userId=1&brandId=1&token=t&backUrl=javascript:alert(1)');
    expect(res.statusCode).toBe(400);
    expect(res.body).not.toMatch(INLINE_SCRIPT);
    const policy = csp(res.headers['content-security-policy']);
    expect(policy['script-src']).toBe("'self'");
    const targets = policy['form-action']!.split(' ');
    expect(targets).toEqual(expect.arrayContaining(["'self'", 'https://bridge.example.com', 'https://*.niceincontact.com', 'https://*.nice-incontact.com']));
    expect(targets).not.toContain('https:');
    expect(targets).not.toContain('http:');
  });

  it('says cross-origin only for the widget script and the web chat API', async () => {
    const widget = await get('/webchat/widget.js');
    expect(widget.headers['cross-origin-resource-policy']).toBe('cross-origin');
    const api = await t.app.inject({ method: 'POST', url: '/webchat/no-such-channel/sessions', payload: {} });
    expect([api.statusCode, api.headers['cross-origin-resource-policy']]).toEqual([404, 'cross-origin']);
    for (const url of ['/health/live', '/api/v1/brands', '/docs-json', '/sandbox/agent/console.js', '/no/such/route']) {
      expect([url, (await get(url)).headers['cross-origin-resource-policy']]).toEqual([url, 'same-origin']);
    }
  });
});
