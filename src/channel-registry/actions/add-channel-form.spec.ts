import { FieldProblem } from '../../core/errors/domain-error';
import { validateWebhookConfig } from '../../platform-adapters/webhook/webhook-config';
import { formAdapters, parseAddChannelForm } from './add-channel-form';

const SECRET = 'watering-hole-signing-secret';
const choices = { integrationIds: ['int-1', 'int-2'], adapters: ['webhook', 'webchat'] };
const validate = (adapter: string, config: Record<string, unknown>): FieldProblem[] =>
  adapter === 'webhook' ? validateWebhookConfig(config) : Array.isArray(config.allowedOrigins) && config.allowedOrigins.length > 0 ? [] : [{ field: 'adapterConfig.allowedOrigins', message: 'list at least one origin' }];

describe('parseAddChannelForm', () => {
  it('builds a webhook config from the form fields', () => {
    const body = { formToken: 't', integrationId: 'int-2', name: ' Watering Hole DMs ', adapter: 'webhook', outboundUrl: 'https://platform.example/byoc', signingSecret: SECRET };
    expect(parseAddChannelForm(body, choices, validate)).toEqual({
      ok: true,
      value: { integrationId: 'int-2', name: 'Watering Hole DMs', adapter: 'webhook', adapterConfig: { outboundUrl: 'https://platform.example/byoc', signingSecrets: [SECRET] } },
    });
  });

  it('builds a webchat config from one origin per line', () => {
    const body = { integrationId: 'int-1', name: 'Shop chat', adapter: 'webchat', allowedOrigins: 'https://shop.example\r\n https://www.shop.example \n' };
    expect(parseAddChannelForm(body, choices, validate)).toMatchObject({ ok: true, value: { adapterConfig: { allowedOrigins: ['https://shop.example', 'https://www.shop.example'] } } });
  });

  it('needs no integration choice when there is one', () => {
    const body = { name: 'n', adapter: 'webhook', outboundUrl: 'https://p.example', signingSecret: SECRET };
    expect(parseAddChannelForm(body, { ...choices, integrationIds: ['only'] }, validate)).toMatchObject({ ok: true, value: { integrationId: 'only' } });
  });

  it('puts each problem on its form field, the adapter’s own ones included', () => {
    const body = { integrationId: 'int-9', name: '', adapter: 'webhook', outboundUrl: 'javascript:alert(1)', signingSecret: 'short' };
    const parsed = parseAddChannelForm(body, choices, validate);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problems.map((p) => p.field)).toEqual(['integrationId', 'name', 'outboundUrl', 'signingSecret']);
  });

  it('refuses an adapter the registry does not offer, and values that are not plain strings', () => {
    const parsed = parseAddChannelForm({ integrationId: 'int-1', name: ['a', 'b'], adapter: 'webchat' }, { ...choices, adapters: ['webhook'] }, validate);
    expect(!parsed.ok && parsed.problems.map((p) => p.field)).toEqual(['name', 'adapter']);
  });

  it('offers only registered adapters it can ask about', () => {
    expect(formAdapters(['webhook', 'carrier-pigeon'])).toEqual(['webhook']);
  });
});
