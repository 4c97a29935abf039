/**
 * Hostile inputs for the fuzz suite, and the cases built from them: each case spoils one thing of a valid-looking
 * request (one path parameter, one query parameter, one body field, or the whole body), so an answer can be traced
 * to what caused it. Everything is deterministic for a given seed.
 */

export interface FuzzCase {
  label: string;
  /** Percent-encoded path parameter values to use instead of the baseline ones. */
  path?: Record<string, string>;
  /** Raw query parameters (already encoded) added to, or replacing, the baseline ones. */
  query?: Record<string, string>;
  /** The exact body bytes, with their content type; undefined keeps the route's baseline body. */
  body?: { bytes: Buffer; type: string };
}

/** Strings that break naive code: NUL, lone surrogates, control characters, sizes, look-alikes of syntax. */
export const HOSTILE_STRINGS: string[] = [
  '\u0000', 'a\u0000b', '\ud800', 'a\udc00b', '\udbff\u0000', '\u0001\u001f\u007f', '\r\n\r\n', '\u202e\ufeff\u200b', '🦁\u0301',
  'x'.repeat(256), 'x'.repeat(4000), '', ' ', '-1', '0', '1e400', 'NaN', 'null', 'true', '[]', '{}',
  "' OR 1=1 --", '"; DROP TABLE brands; --', '<script>alert(1)</script>', '../../etc/passwd', '%00', '%', '\\', '${jndi:ldap://x}',
  '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff',
];

/** Path segments sent as they are (already encoded): what URL parsers and routers trip over. */
const RAW_SEGMENTS = ['%00', '%ED%A0%80', '%C0%AF', '%FF%FE', '%zz', '%', '..', '.', '%2e%2e', 'a%2Fb', '%252F', 'x'.repeat(101), '-', '+', '%20'];

/** Values that are not what a field expects: wrong types, extremes, structures. */
const ODD_VALUES: unknown[] = [null, true, 0, -1, 1.5, 1e308, -0, [], {}, [null], { $ne: 1 }, ['\u0000'], { a: '\ud800' }, 'x'.repeat(100_001), nested(40), new Array(1001).fill(1)];

const WHOLE_BODIES: Array<[string, string | Buffer, string]> = [
  ['empty JSON body', '', 'application/json'],
  ['JSON null', 'null', 'application/json'],
  ['JSON array', '[]', 'application/json'],
  ['JSON string', '"x"', 'application/json'],
  ['JSON number', '1e400', 'application/json'],
  ['truncated JSON', '{"a":', 'application/json'],
  ['not JSON', 'not json at all', 'application/json'],
  ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xed, 0xa0, 0x80, 0x22, 0x7d]), 'application/json'],
  ['BOM before JSON', '\ufeff{}', 'application/json'],
  ['20,000 levels deep', `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`, 'application/json'],
  ['20,000 levels deep with a constructor key', `{"constructor":${'['.repeat(20_000)}${']'.repeat(20_000)}}`, 'application/json'],
  ['__proto__ pollution', '{"__proto__":{"polluted":true}}', 'application/json'],
  ['constructor pollution', '{"constructor":{"prototype":{"polluted":true}}}', 'application/json'],
  ['1,500 fields', JSON.stringify(Object.fromEntries(Array.from({ length: 1500 }, (_, i) => [`f${i}`, i]))), 'application/json'],
  ['duplicate keys', '{"a":1,"a":"\\u0000"}', 'application/json'],
  ['escaped NUL key', '{"\\u0000":1}', 'application/json'],
  ['escaped lone surrogate key', '{"\\ud800":1}', 'application/json'],
  ['2 MB body', `{"a":"${'x'.repeat(2 * 1024 * 1024)}"}`, 'application/json'],
  ['text/plain with NUL', 'a\u0000b', 'text/plain'],
  ['form with NUL', 'a=%00&b=%ED%A0%80', 'application/x-www-form-urlencoded'],
  ['form with nested keys', 'a[b][c]=1&__proto__[x]=1', 'application/x-www-form-urlencoded'],
  ['XML', '<?xml version="1.0"?><a/>', 'application/xml'],
  ['multipart garbage', '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n\u0000\r\n--x--', 'multipart/form-data; boundary=x'],
];

/** Percent-encodes any string, lone surrogates included (as the WTF-8 bytes a hostile client sends). */
export function percentEncode(value: string): string {
  let out = '';
  for (const ch of value) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0xd800 && cp <= 0xdfff) {
      out += [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    } else out += encodeURIComponent(ch);
  }
  return out;
}

/** A small seeded PRNG (mulberry32), so a failing run can be repeated with its seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random string assembled from hostile fragments. */
export function randomHostile(random: () => number): string {
  const fragments = ['\u0000', '\ud800', '\udfff', '\u0007', '%', '"', "'", '\\', '🦁', 'x'.repeat(50), '\u00e9', '{', '[', '\n', '\uffff'];
  let out = '';
  const n = 1 + Math.floor(random() * 6);
  for (let i = 0; i < n; i++) out += fragments[Math.floor(random() * fragments.length)];
  return out;
}

export interface CaseInput {
  pathParams: string[];
  queryNames: string[];
  /** The route's baseline body (undefined: the route takes none). */
  body: unknown;
  bodyType: string | undefined;
  random: () => number;
  /** Extra random cases to add. */
  randomCount: number;
}

/** The cases of one route: path, query, body fields, whole bodies, then seeded random ones. */
export function casesFor(input: CaseInput): FuzzCase[] {
  const cases: FuzzCase[] = [];
  for (const name of input.pathParams) {
    for (const value of HOSTILE_STRINGS) cases.push({ label: `path ${name}=${describe(value)}`, path: { [name]: percentEncode(value) || '%20' } });
    for (const raw of RAW_SEGMENTS) cases.push({ label: `path ${name}=${raw.slice(0, 20)} (raw)`, path: { [name]: raw } });
  }
  for (const name of [...input.queryNames, 'unknownParam']) {
    for (const value of HOSTILE_STRINGS) cases.push({ label: `query ${name}=${describe(value)}`, query: { [name]: percentEncode(value) } });
    cases.push({ label: `query ${name} repeated`, query: { [name]: 'a', [`${name}[]`]: 'b' } });
  }
  const json = (value: unknown) => ({ bytes: Buffer.from(JSON.stringify(value), 'utf8'), type: input.bodyType ?? 'application/json' });
  if (input.body !== undefined && typeof input.body === 'object' && input.body !== null) {
    for (const path of leafPaths(input.body).slice(0, 25)) {
      const values = [...HOSTILE_STRINGS.filter((_, i) => i % 2 === 0), ...ODD_VALUES];
      for (const value of values) cases.push({ label: `body ${path.join('.')}=${describe(value)}`, body: json(setAt(input.body, path, value)) });
    }
    for (const path of objectPaths(input.body)) {
      cases.push({ label: `body ${path.join('.') || '(root)'} + unknown field`, body: json(setAt(input.body, [...path, 'unknownField\u0000'], 1)) });
      cases.push({ label: `body ${path.join('.') || '(root)'} + unknown field (clean name)`, body: json(setAt(input.body, [...path, 'unknownField'], 'x')) });
    }
  }
  for (const [label, bytes, type] of WHOLE_BODIES) cases.push({ label: `whole body: ${label}`, body: { bytes: Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes, 'utf8'), type } });
  for (let i = 0; i < input.randomCount; i++) {
    const value = randomHostile(input.random);
    const target = input.random();
    if (target < 0.3 && input.pathParams.length > 0) {
      const name = input.pathParams[Math.floor(input.random() * input.pathParams.length)]!;
      cases.push({ label: `random path ${name}=${describe(value)}`, path: { [name]: percentEncode(value) } });
    } else if (target < 0.6 || input.body === undefined) {
      cases.push({ label: `random query=${describe(value)}`, query: { [input.queryNames[0] ?? 'q']: percentEncode(value) } });
    } else {
      const paths = leafPaths(input.body);
      const path = paths[Math.floor(input.random() * paths.length)] ?? ['x'];
      cases.push({ label: `random body ${path.join('.')}=${describe(value)}`, body: json(setAt(input.body, path, value)) });
    }
  }
  return cases;
}

function leafPaths(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (typeof value !== 'object' || value === null) return [prefix];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  const inner = entries.flatMap(([k, v]) => leafPaths(v, [...prefix, k]));
  return prefix.length > 0 ? [prefix, ...inner] : inner;
}

function objectPaths(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (typeof value !== 'object' || value === null) return [];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  const inner = entries.flatMap(([k, v]) => objectPaths(v, [...prefix, k]));
  return Array.isArray(value) ? inner : [prefix, ...inner];
}

function setAt(root: unknown, path: Array<string | number>, value: unknown): unknown {
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1]!] = value;
  return copy;
}

function nested(levels: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
}

function describe(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  const shown = text.length > 24 ? `${text.slice(0, 12)}…(${text.length})` : text;
  return JSON.stringify(shown);
}
