import { ValidationFailedError } from '../../core/errors/core.errors';
import { FieldProblem } from '../../core/errors/domain-error';
import { isId } from '../brand-scope';
import { ChannelRegistryError } from '../channel-registry.errors';
import { DFO_CHANNEL_ID_PATTERN } from '../dto/create-channel.dto';
import { ChannelAction } from '../public-urls';

export const CHANNEL_ACTIONS: readonly ChannelAction[] = ['add', 'reconnect', 'remove'];

/** What CXone put in an action page's URL (docs/dfo-contract.md a.5, a.6), checked. */
export interface ActionRequest {
  action: ChannelAction;
  userId: number;
  /** DFO's numeric brand id, not ours. */
  dfoBrandId: number;
  /** The one-time token, verified (and so used up) with the brand's DFO. */
  token: string;
  backUrl: string;
  /** reconnect and remove: the DFO channel id. */
  dfoChannelId: string | null;
  /** Our integration, when the URL is one we printed (it ends in the integration id); null on the bare path. */
  integrationId: string | null;
}

// `dfo_brand_id` is a Postgres integer: a larger id cannot exist, and must not reach a query as an overflow.
const MAX_DFO_BRAND_ID = 2_147_483_647;
const MAX_TOKEN_LENGTH = 4096;
const MAX_BACK_URL_LENGTH = 2048;

export function parseAction(value: string): ChannelAction {
  const action = CHANNEL_ACTIONS.find((a) => a === value);
  if (!action) throw new ChannelRegistryError('ACTION.NOT_FOUND', `There is no "${value}" action; CXone opens add, reconnect or remove`);
  return action;
}

/**
 * Checks the query before anything else happens, and names every bad field. Parameters we do not know are ignored:
 * CXone may add some (third-party samples saw `apiHost`), and refusing them would lock admins out.
 */
export function parseActionRequest(actionName: string, query: Record<string, unknown>, integrationId?: string): ActionRequest {
  const action = parseAction(actionName);
  // Not a uuid, so not one of our integrations (and never a Postgres cast error).
  if (integrationId !== undefined && !isId(integrationId)) throw new ChannelRegistryError('ACTION.NOT_FOUND', 'This action URL names no integration of ours');
  const problems: FieldProblem[] = [];
  const field = <T>(name: string, parse: (value: string) => T | null, message: string): T | null => {
    const raw = query[name];
    const parsed = typeof raw === 'string' ? parse(raw) : null;
    if (parsed === null) problems.push({ field: name, message: raw === undefined ? 'is missing' : message });
    return parsed;
  };
  const userId = field('userId', (v) => positiveInteger(v, Number.MAX_SAFE_INTEGER), 'must be a positive integer');
  const dfoBrandId = field('brandId', (v) => positiveInteger(v, MAX_DFO_BRAND_ID), 'must be a positive integer');
  const token = field('token', (v) => (v.length > 0 && v.length <= MAX_TOKEN_LENGTH ? v : null), `must be 1 to ${MAX_TOKEN_LENGTH} characters`);
  const backUrl = field('backUrl', parseBackUrl, 'must be an absolute http or https URL');
  const dfoChannelId =
    action === 'add' ? null : field('channelId', (v) => (v.length <= 200 && DFO_CHANNEL_ID_PATTERN.test(v) ? v : null), 'is not a DFO channel id');
  if (problems.length > 0) throw new ValidationFailedError(problems);
  return { action, userId: userId!, dfoBrandId: dfoBrandId!, token: token!, backUrl: backUrl!, dfoChannelId, integrationId: integrationId ?? null };
}

/**
 * Where the browser goes back to: an absolute http(s) URL without credentials, returned normalised; anything else
 * (`javascript:`, `data:`, relative or protocol-relative URLs, control characters that browsers strip) is null.
 * We only ever redirect there after a verified one-time token, so this is not an open redirect.
 */
export function parseBackUrl(value: string): string | null {
  if (value.length === 0 || value.length > MAX_BACK_URL_LENGTH) return null;
  // Browsers drop tabs and newlines inside URLs ("java\tscript:"); refuse them and any other control or space.
  if (/[\u0000-\u0020\u007f-\u009f]/.test(value)) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.hostname === '' || url.username !== '' || url.password !== '') return null;
  return url.href;
}

function positiveInteger(value: string, max: number): number | null {
  if (!/^[1-9][0-9]{0,15}$/.test(value)) return null;
  const n = Number(value);
  return Number.isSafeInteger(n) && n <= max ? n : null;
}
