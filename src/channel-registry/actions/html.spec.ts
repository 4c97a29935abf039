import { WEBCHAT_DESCRIPTOR } from '../../platform-adapters/webchat/webchat-config';
import { WEBHOOK_DESCRIPTOR } from '../../platform-adapters/webhook/webhook-config';
import { addPage, confirmPage, errorPage } from './action-pages.html';
import { configFormFields } from './config-form';

const webhookFields = configFormFields(WEBHOOK_DESCRIPTOR);
const webchatFields = configFormFields(WEBCHAT_DESCRIPTOR);
import { escapeHtml, html, SafeHtml } from './html';

describe('html escaping', () => {
  it('escapes the five characters that can leave text or a quoted attribute', () => {
    expect(escapeHtml(`<script>alert("x")</script> & 'y'`)).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;');
  });

  it('escapes every interpolated value but nests html fragments as they are', () => {
    const evil = '"><img src=x onerror=alert(1)>';
    const inner = html`<b>${evil}</b>`;
    const out = html`<p title="${evil}">${inner}${['<i>', html`<i>`]}${null}${undefined}${false}${0}</p>`.value;
    expect(out).toBe(
      '<p title="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"><b>&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</b>&lt;i&gt;<i>0</p>',
    );
  });

  it('makes SafeHtml only through the tag (a string is never trusted by accident)', () => {
    expect(html`${'<b>'}`).toBeInstanceOf(SafeHtml);
    expect(html`${'<b>'}`.value).toBe('&lt;b&gt;');
  });

  it('renders hostile values on every page as text', () => {
    const evil = '<script>alert(1)</script>';
    const pages = [
      addPage({
        submitUrl: 'https://bridge.example/integration/actions/add',
        formToken: `a.b.c"${evil}`,
        brandName: evil,
        userName: evil,
        integrations: [{ id: '1', name: evil }, { id: '2', name: 'two' }],
        adapters: [{ name: 'webhook', label: evil, fields: webhookFields }],
        values: { name: evil, 'webhook.outboundUrl': evil, 'webhook.signingSecrets': 'never-shown-again', adapter: 'webhook' },
        problems: [{ field: 'name', message: evil }],
        backUrl: 'https://cxone.example/back?a=1&b="2"',
      }),
      confirmPage({
        action: 'remove',
        submitUrl: 'https://bridge.example/integration/actions/remove',
        formToken: 't',
        brandName: evil,
        userName: null,
        channel: { name: evil, dfoChannelId: 'chat_1', adapter: evil, status: 'active' },
        config: null,
        backUrl: 'https://cxone.example/back',
      }),
      confirmPage({
        action: 'reconnect',
        submitUrl: 'https://bridge.example/integration/actions/reconnect',
        formToken: 't',
        brandName: evil,
        userName: null,
        channel: { name: evil, dfoChannelId: 'chat_1', adapter: evil, status: 'active' },
        config: { adapter: { name: 'webhook', label: evil, fields: webhookFields }, values: { 'webhook.outboundUrl': evil }, problems: [{ field: 'webhook.outboundUrl', message: evil }] },
        backUrl: 'https://cxone.example/back',
      }),
      errorPage({ status: 400, title: evil, message: evil, problems: [{ field: evil, message: evil }], errorId: null, nothingChanged: true, backUrl: null }),
    ];
    for (const page of pages) {
      expect(page.value).not.toContain('<script>');
      expect(page.value).toContain('&lt;script&gt;');
    }
    expect(pages[0]!.value).not.toContain('never-shown-again');
    expect(pages[0]!.value).toContain('href="https://cxone.example/back?a=1&amp;b=&quot;2&quot;"');
  });

  it('labels every form field and ties its error to it', () => {
    const page = addPage({
      submitUrl: '/s',
      formToken: 't',
      brandName: 'b',
      userName: null,
      integrations: [{ id: 'i1', name: 'one' }],
      adapters: [
        { name: 'webhook', label: 'Webhook', fields: webhookFields },
        { name: 'webchat', label: 'Web chat', fields: webchatFields },
      ],
      values: {},
      problems: [{ field: 'webhook.outboundUrl', message: 'must be an http or https URL' }],
      backUrl: 'https://cxone.example/back',
    }).value;
    const generated = ['webhook.outboundUrl', 'webhook.signingSecrets', 'webchat.allowedOrigins', 'webchat.title', 'webchat.welcomeText', 'webchat.themeColor'];
    for (const id of ['name', ...generated, 'adapter-webhook', 'adapter-webchat']) {
      expect(page).toContain(`<label for="${id}">`);
      expect(page).toContain(`id="${id}"`);
    }
    expect(page).toMatch(/<input type="text" id="webhook.outboundUrl"[^>]*aria-describedby="webhook.outboundUrl-hint webhook.outboundUrl-error"[^>]*aria-invalid="true">/);
    expect(page).toContain('<p class="error" id="webhook.outboundUrl-error">must be an http or https URL</p>');
    expect(page).toMatch(/<input type="password" id="webhook.signingSecrets" name="webhook.signingSecrets"/);
    expect(page).toMatch(/<textarea id="webchat.allowedOrigins" name="webchat.allowedOrigins"/);
  });

  it('links back to CXone from an error page only with a verified back URL', () => {
    const base = { status: 403, title: 't', message: 'm', problems: [], errorId: null, nothingChanged: true };
    expect(errorPage({ ...base, backUrl: null }).value).not.toContain('href=');
    expect(errorPage({ ...base, backUrl: 'https://cxone.example/back' }).value).toContain('href="https://cxone.example/back"');
  });
});
