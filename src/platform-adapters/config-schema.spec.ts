import { ConfigSchema } from './adapter-descriptor';
import { configSchemaProblems } from './config-schema';

const schema: ConfigSchema = {
  type: 'object',
  properties: {
    url: { type: 'string', pattern: '^https://', 'x-invalid': 'must be an https URL' },
    secrets: { type: 'array', writeOnly: true, minItems: 1, maxItems: 2, items: { type: 'string', minLength: 4, maxLength: 8 } },
    rate: { type: 'integer', minimum: 1, maximum: 80 },
    nested: {
      type: 'object',
      properties: { name: { type: 'string', minLength: 1 }, flag: { type: 'boolean' } },
      required: ['name'],
      additionalProperties: false,
    },
    'odd/key': { type: 'string' },
  },
  required: ['url', 'secrets'],
  additionalProperties: false,
};

describe('configSchemaProblems', () => {
  it('accepts a config the schema allows', () => {
    expect(configSchemaProblems(schema, 'test', { url: 'https://x', secrets: ['abcd'], rate: 5, nested: { name: 'n', flag: true } })).toEqual([]);
  });

  it('names each field the way the admin API shows it, with a readable message', () => {
    const problems = configSchemaProblems(schema, 'test', { url: 'ftp://x', secrets: ['abcd', 'ab'], rate: 0.5, nested: { flag: 'yes' }, extra: 1 });
    expect(problems).toEqual(
      expect.arrayContaining([
        { field: 'adapterConfig.url', message: 'must be an https URL' },
        { field: 'adapterConfig.secrets[1]', message: 'must be a string of 4 to 8 characters' },
        { field: 'adapterConfig.rate', message: 'must be a whole number from 1 to 80' },
        { field: 'adapterConfig.nested.name', message: 'is required' },
        { field: 'adapterConfig.nested.flag', message: 'must be true or false' },
        { field: 'adapterConfig.extra', message: 'is not a test setting' },
      ]),
    );
    expect(problems).toHaveLength(6);
  });

  it('reports a missing required field by its name, and a JSON-pointer-escaped key unescaped', () => {
    expect(configSchemaProblems(schema, 'test', { secrets: ['abcd'], 'odd/key': 3 })).toEqual(
      expect.arrayContaining([
        { field: 'adapterConfig.url', message: 'must be an https URL' },
        { field: 'adapterConfig.odd/key', message: 'must be a string' },
      ]),
    );
  });
});
