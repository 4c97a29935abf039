import { FieldProblem } from '../../core/errors/domain-error';

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

const KNOWN_FIELDS = ['allowedOrigins', 'title', 'welcomeText', 'themeColor'];
const MAX_ORIGINS = 50;

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

function optionalText(config: Record<string, unknown>, field: string, max: number, problems: FieldProblem[]): void {
  const v = config[field];
  if (v === undefined) return;
  if (typeof v !== 'string' || v.length > max) problems.push({ field: `adapterConfig.${field}`, message: `must be a string of at most ${max} characters` });
}

export function validateWebchatConfig(config: Record<string, unknown>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const key of Object.keys(config)) {
    if (!KNOWN_FIELDS.includes(key)) problems.push({ field: `adapterConfig.${key}`, message: 'is not a web chat setting' });
  }
  const origins = config.allowedOrigins;
  if (origins !== undefined) {
    if (!Array.isArray(origins) || origins.length > MAX_ORIGINS) {
      problems.push({ field: 'adapterConfig.allowedOrigins', message: `must be an array of at most ${MAX_ORIGINS} origins` });
    } else {
      origins.forEach((o, i) => {
        if (typeof o !== 'string' || normalizeOrigin(o) === null) {
          problems.push({ field: `adapterConfig.allowedOrigins[${i}]`, message: 'must be an origin such as https://shop.example (scheme, host and port only)' });
        }
      });
    }
  }
  optionalText(config, 'title', 80, problems);
  optionalText(config, 'welcomeText', 500, problems);
  const color = config.themeColor;
  if (color !== undefined && (typeof color !== 'string' || !/^#[0-9a-fA-F]{6}$/.test(color))) {
    problems.push({ field: 'adapterConfig.themeColor', message: 'must be a colour as #rrggbb' });
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
