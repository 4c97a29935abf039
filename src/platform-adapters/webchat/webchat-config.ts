import { FieldProblem } from '../../core/errors/domain-error';
import { AdapterDescriptor } from '../adapter-descriptor';
import { configSchemaProblems } from '../config-schema';

/** The `adapterConfig` of a web chat channel. It holds no secrets. */
export interface WebchatConfig {
  /** Sites allowed to call the web chat API from a browser (CORS), as origins: `https://shop.example`. */
  allowedOrigins: string[];
  /** The chat window's title. */
  title?: string;
  /** Shown at the top of a new conversation. */
  welcomeText?: string;
  /** The launcher and header colour, `#rrggbb`. */
  themeColor?: string;
}

const MAX_ORIGINS = 50;
const ORIGIN_MESSAGE = 'must be an origin such as https://shop.example (scheme, host and port only)';

/** The web chat adapter's declaration (§6.4, §9.8): its config schema is the only definition of a valid config. */
export const WEBCHAT_DESCRIPTOR = {
  name: 'webchat',
  title: 'Web chat',
  configSchema: {
    type: 'object',
    title: 'Web chat: our widget on your web site',
    properties: {
      allowedOrigins: {
        type: 'array',
        title: 'Allowed origins',
        description: 'The web sites that may show the widget, one per line, e.g. https://shop.example.',
        maxItems: MAX_ORIGINS,
        items: { type: 'string', maxLength: 2048, 'x-invalid': ORIGIN_MESSAGE },
        'x-invalid': `must be an array of at most ${MAX_ORIGINS} origins`,
      },
      title: { type: 'string', title: 'Window title', description: 'The chat window’s title.', maxLength: 80 },
      welcomeText: { type: 'string', title: 'Welcome text', description: 'Shown at the top of a new conversation.', maxLength: 500 },
      themeColor: {
        type: 'string',
        title: 'Theme colour',
        description: 'The launcher and header colour, #rrggbb.',
        pattern: '^#[0-9a-fA-F]{6}$',
        'x-invalid': 'must be a colour as #rrggbb',
      },
    },
    additionalProperties: false,
  },
  capabilities: { messageTypes: ['TEXT'], typing: true, receipts: false, attachments: true, agentInitiated: true, maxSendsPerSecond: null },
} as const satisfies AdapterDescriptor;

/** `https://Shop.Example:443/` → `https://shop.example`; null when it is not a bare http(s) origin. */
export function normalizeOrigin(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (!['http:', 'https:'].includes(url.protocol) || url.username || url.password) return null;
  if (url.pathname !== '/' || url.search || url.hash || /[?#]/.test(value)) return null;
  return url.origin;
}

export function validateWebchatConfig(config: Record<string, unknown>): FieldProblem[] {
  const problems = configSchemaProblems(WEBCHAT_DESCRIPTOR.configSchema, 'web chat', config);
  // What an origin is, the URL parser decides: a schema pattern could only approximate it.
  const origins = config.allowedOrigins;
  if (Array.isArray(origins)) {
    origins.forEach((o, i) => {
      const field = `adapterConfig.allowedOrigins[${i}]`;
      if (typeof o === 'string' && normalizeOrigin(o) === null && !problems.some((p) => p.field === field)) problems.push({ field, message: ORIGIN_MESSAGE });
    });
  }
  return problems;
}

/** Reads a stored (already validated) config defensively: a hand-edited row must not break the widget. */
export function readWebchatConfig(config: Record<string, unknown>): WebchatConfig {
  const origins = Array.isArray(config.allowedOrigins) ? config.allowedOrigins : [];
  return {
    allowedOrigins: origins.map((o) => (typeof o === 'string' ? normalizeOrigin(o) : null)).filter((o): o is string => o !== null),
    title: typeof config.title === 'string' ? config.title : undefined,
    welcomeText: typeof config.welcomeText === 'string' ? config.welcomeText : undefined,
    themeColor: typeof config.themeColor === 'string' && /^#[0-9a-fA-F]{6}$/.test(config.themeColor) ? config.themeColor : undefined,
  };
}
