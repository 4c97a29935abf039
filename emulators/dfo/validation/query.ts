import { DfoApiError } from '../http/dfo-api.error';
import { MESSAGES, Problem } from './schema';

export type QueryRule =
  | { kind: 'list'; values?: readonly string[] }
  | { kind: 'string' }
  | { kind: 'bool' }
  | { kind: 'int'; min: number; max: number }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'date' };

type Parsed<R extends QueryRule> = R extends { kind: 'list' } ? string[] : R extends { kind: 'bool' } ? boolean : R extends { kind: 'int' } ? number : string;

/**
 * Parses a DFO query string strictly. Lists are PHP-style (`status[]=a&status[]=b`); the bare name (`status=a`) is
 * refused, since real DFO would silently ignore it and return an unfiltered list. Unknown parameters are refused.
 */
export function parseQuery<S extends Record<string, QueryRule>>(query: unknown, spec: S): { [K in keyof S]?: Parsed<S[K]> } {
  const raw = (typeof query === 'object' && query !== null ? query : {}) as Record<string, unknown>;
  const problems: Problem[] = [];
  const out: Record<string, unknown> = {};
  for (const [param, value] of Object.entries(raw)) {
    const name = param.endsWith('[]') ? param.slice(0, -2) : param;
    const rule = spec[name];
    if (!rule || (rule.kind === 'list') !== param.endsWith('[]')) {
      problems.push({ field: param, message: MESSAGES.extra, errorCode: 'EXTRA_FIELD' });
      continue;
    }
    const values = Array.isArray(value) ? value.map(String) : [String(value)];
    const single = values[values.length - 1]!;
    const bad = (message: string = MESSAGES.choice, errorCode = 'INVALID_CHOICE') => problems.push({ field: param, message, errorCode });
    switch (rule.kind) {
      case 'list':
        if (rule.values && values.some((v) => !rule.values!.includes(v))) bad();
        else out[name] = values;
        break;
      case 'enum':
        if (!rule.values.includes(single)) bad();
        else out[name] = single;
        break;
      case 'bool':
        if (!['true', 'false', '1', '0'].includes(single)) bad(MESSAGES.type('bool'), 'INVALID_TYPE');
        else out[name] = single === 'true' || single === '1';
        break;
      case 'int': {
        const n = Number(single);
        if (!/^\d+$/.test(single) || n < rule.min || n > rule.max) bad(`This value should be between ${rule.min} and ${rule.max}.`, 'OUT_OF_RANGE');
        else out[name] = n;
        break;
      }
      case 'date':
        if (!/^\d{4}-\d{2}-\d{2}$/.test(single) || Number.isNaN(Date.parse(single))) bad('This value is not a valid date (YYYY-MM-DD).', 'INVALID_DATE');
        else out[name] = single;
        break;
      default:
        out[name] = single;
    }
  }
  if (problems.length) throw DfoApiError.validation(problems);
  return out as { [K in keyof S]?: Parsed<S[K]> };
}
