/**
 * What each adapter declares once about itself (docs/architecture.md §9.8, the Expertflow "channel provider" model):
 * the JSON Schema of its `adapterConfig`, which of those fields are secrets, and what it can do. The registry, the
 * admin API's validation, the OpenAPI document, the catalogue (`GET /api/v1/adapters`) and the CXone Add page all
 * read this one declaration, so they cannot disagree.
 */

/** The part of JSON Schema (draft 2020-12 / draft-07 compatible) that adapter configs use. */
export interface ConfigSchemaNode {
  type: 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object';
  title?: string;
  description?: string;
  /** JSON Schema's own marker for a value that is written but never read back: our secret fields. */
  writeOnly?: true;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  enum?: readonly (string | number)[];
  const?: string | number | boolean;
  default?: string | number | boolean;
  examples?: readonly unknown[];
  items?: ConfigSchemaNode;
  properties?: Readonly<Record<string, ConfigSchemaNode>>;
  required?: readonly string[];
  additionalProperties?: false;
  /** Our annotation: the message an admin sees when the value is invalid (instead of the validator's wording). */
  'x-invalid'?: string;
}

/** An adapter config's schema: always an object that admits only the fields it names. */
export interface ConfigSchema extends ConfigSchemaNode {
  type: 'object';
  properties: Readonly<Record<string, ConfigSchemaNode>>;
  additionalProperties: false;
}

export interface AdapterCapabilities {
  /** DFO's names of the message types the adapter renders (`TEXT`, `QUICK_REPLIES`...); the rest goes as text. */
  messageTypes: readonly string[];
  typing: boolean;
  receipts: boolean;
  attachments: boolean;
  /** Can start a conversation the end user did not start (agent-initiated outbound). */
  agentInitiated: boolean;
  /** The platform's default send ceiling per channel, per second; null when the platform sets none. */
  maxSendsPerSecond: number | null;
}

export interface AdapterDescriptor {
  name: string;
  /** What an admin picks from: "WhatsApp Cloud API". */
  title: string;
  configSchema: ConfigSchema;
  capabilities: AdapterCapabilities;
}

/** The top-level config fields the schema marks `writeOnly`: sealed at rest, never returned by the API. */
export function secretFieldsOf(schema: ConfigSchema): string[] {
  return Object.entries(schema.properties)
    .filter(([, node]) => node.writeOnly === true)
    .map(([field]) => field);
}
