import { AdapterDescriptor } from '../../platform-adapters/adapter-descriptor';
import { configFormFields, configFromForm, formValues, problemOnForm } from './config-form';

const descriptor: AdapterDescriptor = {
  name: 'demo',
  title: 'Demo',
  configSchema: {
    type: 'object',
    properties: {
      token: { type: 'string', title: 'Token', writeOnly: true },
      rate: { type: 'integer', title: 'Rate', description: 'per second' },
      mode: { type: 'string', enum: ['a', 'b'] },
      templates: {
        type: 'object',
        title: 'Templates',
        properties: {
          outside: { type: 'object', title: 'Outside', properties: { name: { type: 'string', title: 'Name' }, on: { type: 'boolean' } }, required: ['name'], additionalProperties: false },
        },
        additionalProperties: false,
      },
    },
    required: ['token'],
    additionalProperties: false,
  },
  capabilities: { messageTypes: ['TEXT'], typing: false, receipts: false, attachments: false, agentInitiated: false, maxSendsPerSecond: null },
};

describe('config form', () => {
  const fields = configFormFields(descriptor);

  it('generates one field per leaf of the schema, secrets as secrets, nested objects flattened', () => {
    expect(fields.map((f) => [f.name, f.kind, f.required, f.label])).toEqual([
      ['demo.token', 'secret', true, 'Token'],
      ['demo.rate', 'number', false, 'Rate'],
      ['demo.mode', 'choice', false, 'mode'],
      ['demo.templates.outside.name', 'text', false, 'Templates › Outside › Name'],
      ['demo.templates.outside.on', 'checkbox', false, 'Templates › Outside › on'],
    ]);
  });

  it('builds the config from the submitted fields, leaving empty ones out', () => {
    const body = { 'demo.token': ' t ', 'demo.rate': '20', 'demo.mode': '', 'demo.templates.outside.name': 'hello', 'demo.templates.outside.on': 'on' };
    expect(configFromForm(fields, body)).toEqual({ token: 't', rate: 20, templates: { outside: { name: 'hello', on: true } } });
    expect(configFromForm(fields, { 'demo.rate': 'fast' })).toEqual({ rate: 'fast' });
  });

  it('shows stored values again, never secrets', () => {
    expect(formValues(fields, { token: 'sealed', rate: 3, templates: { outside: { name: 'n' } } })).toEqual({ 'demo.rate': '3', 'demo.templates.outside.name': 'n' });
  });

  it('moves config problems onto form fields', () => {
    expect(problemOnForm(fields, { field: 'adapterConfig.templates.outside.name', message: 'is required' })).toEqual({ field: 'demo.templates.outside.name', message: 'is required' });
    expect(problemOnForm(fields, { field: 'adapterConfig.surprise', message: 'is not a Demo setting' })).toEqual({ field: 'demo.token', message: 'surprise: is not a Demo setting' });
  });
});
