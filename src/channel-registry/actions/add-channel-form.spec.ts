import { WEBCHAT_DESCRIPTOR, validateWebchatConfig } from '../../platform-adapters/webchat/webchat-config';
import { validateWebhookConfig, WEBHOOK_DESCRIPTOR } from '../../platform-adapters/webhook/webhook-config';
import { parseAddChannelForm } from './add-channel-form';

const SECRET = 'watering-hole-signing-secret';
const choices = { integrationIds: ['int-1', 'int-2'], adapters: [WEBHOOK_DESCRIPTOR, WEBCHAT_DESCRIPTOR] };
const validate = (adapter: string, config: Record<string, unknown>) => (adapter === 'webhook' ? validateWebhookConfig(config) : validateWebchatConfig(config));

describe('parseAddChannelForm', () => {
  it('builds a webhook config from the fields its schema generates', () => {
    const body = { formToken: 't', integrationId: 'int-2', name: ' Watering Hole DMs ', adapter: 'webhook', 'webhook.outboundUrl': 'https://platform.example/byoc', 'webhook.signingSecrets': SECRET };
    expect(parseAddChannelForm(body, choices, validate)).toEqual({
      ok: true,
      value: { integrationId: 'int-2', name: 'Watering Hole DMs', adapter: 'webhook', adapterConfig: { outboundUrl: 'https://platform.example/byoc', signingSecrets: [SECRET] } },
    });
  });

  it('builds a webchat config from one origin per line, ignoring the other adapters’ fields', () => {
    const body = { integrationId: 'int-1', name: 'Shop chat', adapter: 'webchat', 'webchat.allowedOrigins': 'https://shop.example\r\n https://www.shop.example \n', 'webhook.outboundUrl': 'https://x.example' };
    expect(parseAddChannelForm(body, choices, validate)).toEqual({
      ok: true,
      value: { integrationId: 'int-1', name: 'Shop chat', adapter: 'webchat', adapterConfig: { allowedOrigins: ['https://shop.example', 'https://www.shop.example'] } },
    });
  });

  it('needs no integration choice when there is one', () => {
    const body = { name: 'n', adapter: 'webhook', 'webhook.outboundUrl': 'https://p.example', 'webhook.signingSecrets': SECRET };
    expect(parseAddChannelForm(body, { ...choices, integrationIds: ['only'] }, validate)).toMatchObject({ ok: true, value: { integrationId: 'only' } });
  });

  it('puts each problem on its form field, the adapter’s own ones included, and never echoes a secret', () => {
    const body = { integrationId: 'int-9', name: '', adapter: 'webhook', 'webhook.outboundUrl': 'javascript:alert(1)', 'webhook.signingSecrets': 'short' };
    const parsed = parseAddChannelForm(body, choices, validate);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problems.map((p) => p.field)).toEqual(['integrationId', 'name', 'webhook.outboundUrl', 'webhook.signingSecrets']);
    expect(!parsed.ok && parsed.values).toEqual({ integrationId: 'int-9', name: '', adapter: 'webhook', 'webhook.outboundUrl': 'javascript:alert(1)' });
  });

  it('refuses an adapter the catalogue does not offer, and values that are not plain strings', () => {
    const parsed = parseAddChannelForm({ integrationId: 'int-1', name: ['a', 'b'], adapter: 'webchat' }, { ...choices, adapters: [WEBHOOK_DESCRIPTOR] }, validate);
    expect(!parsed.ok && parsed.problems.map((p) => p.field)).toEqual(['name', 'adapter']);
  });
});
