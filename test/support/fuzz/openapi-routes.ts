/**
 * The routes of the service as its own OpenAPI document (`/docs-json`) describes them, and plausible values built
 * from their schemas: the fuzz suite starts from these and spoils one thing at a time, so a route added with its
 * usual decorators is fuzzed without anyone remembering to list it.
 */

export interface Schema {
  type?: string;
  format?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  example?: unknown;
  $ref?: string;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  default?: unknown;
  minimum?: number;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

interface Operation {
  parameters?: Parameter[];
  security?: Array<Record<string, string[]>>;
  requestBody?: { content: Record<string, { schema?: Schema; example?: unknown }> };
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

export interface Route {
  method: string;
  /** The path template, `/webchat/{channelId}/messages`. */
  path: string;
  pathParams: string[];
  query: Parameter[];
  /** The security schemes of the first requirement that needs credentials (none: a public route). */
  security: string[];
  /** The media types the body is documented in (JSON first); empty when the route takes no body. */
  bodyTypes: string[];
  /** A valid-looking body: the documented example, or one built from the schema. */
  body: unknown;
}

const METHOD_ORDER = ['get', 'post', 'put', 'patch', 'delete'];

/**
 * Every operation of the document, in an order that keeps fixtures usable for as long as possible: the public and
 * integration routes first, then the admin API, reads before writes, deletions last.
 */
export function routesOf(doc: OpenApiDocument): Route[] {
  const routes: Route[] = [];
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(operations)) {
      if (!METHOD_ORDER.includes(method)) continue;
      const params = op.parameters ?? [];
      const requirement = (op.security ?? []).find((r) => Object.keys(r).length > 0) ?? {};
      const content = op.requestBody?.content ?? {};
      const bodyTypes = Object.keys(content).sort((a, b) => Number(b.includes('json')) - Number(a.includes('json')));
      const media = bodyTypes[0] ? content[bodyTypes[0]] : undefined;
      routes.push({
        method: method.toUpperCase(),
        path,
        pathParams: [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!),
        query: params.filter((p) => p.in === 'query'),
        security: Object.keys(requirement),
        bodyTypes,
        body: media ? (media.example ?? sampleOf(media.schema, doc, 0)) : undefined,
      });
    }
  }
  const rank = (r: Route) => [r.path.startsWith('/api/') ? 1 : 0, METHOD_ORDER.indexOf(r.method.toLowerCase())];
  return routes.sort((a, b) => {
    const [ra, rb] = [rank(a), rank(b)];
    return ra[0]! - rb[0]! || ra[1]! - rb[1]! || a.path.localeCompare(b.path);
  });
}

/** A plausible value for a schema: its example, default or first enum value, else one made from its type. */
export function sampleOf(schema: Schema | undefined, doc: OpenApiDocument, depth: number): unknown {
  const s = resolve(schema, doc);
  if (!s || depth > 6) return 'x';
  if (s.example !== undefined) return s.example;
  if (s.default !== undefined) return s.default;
  if (s.enum?.length) return s.enum[0];
  const composite = s.allOf?.[0] ?? s.oneOf?.[0] ?? s.anyOf?.[0];
  if (composite) return sampleOf(composite, doc, depth + 1);
  switch (s.type) {
    case 'object':
      return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, sampleOf(v, doc, depth + 1)]));
    case 'array':
      return [sampleOf(s.items, doc, depth + 1)];
    case 'integer':
    case 'number':
      return Math.max(1, s.minimum ?? 1);
    case 'boolean':
      return true;
    default:
      return stringSample(s.format);
  }
}

function stringSample(format: string | undefined): string {
  if (format === 'uuid') return '00000000-0000-4000-8000-000000000000';
  if (format === 'date-time') return new Date().toISOString();
  if (format === 'uri' || format === 'url') return 'https://platform.example/x';
  return 'x';
}

function resolve(schema: Schema | undefined, doc: OpenApiDocument): Schema | undefined {
  let s = schema;
  for (let i = 0; s?.$ref && i < 10; i++) s = doc.components?.schemas?.[s.$ref.replace('#/components/schemas/', '')];
  return s;
}
