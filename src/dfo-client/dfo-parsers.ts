import { DfoError } from './dfo.errors';
import {
  DfoChannel,
  DfoContact,
  DfoContactList,
  DfoCreateMessageResponse,
  DfoCustomFieldDefinition,
  DfoMessageDetail,
  DfoMessageList,
  DfoOneTimeTokenVerification,
  DfoTemporaryAttachment,
} from './dfo.types';
import { isRecord, parseJsonBody } from './dfo-responses';

/**
 * Readers of DFO's 2xx bodies. They check what callers rely on (ids, arrays, the access token) and keep the rest as
 * DFO sent it; a body that breaks the contract is `REJECTED` with a message naming the operation, since asking
 * again would get the same body. Ids DFO may send as numbers (case numbers are int64 in its own tooling) become strings.
 */
type Reader<T> = (operation: string, body: string) => T;

function broken(operation: string, what: string): DfoError {
  return new DfoError('REJECTED', `DFO answered ${operation} with ${what}`, { operation });
}

function idOf(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** A bare array (the documented shape) or, defensively, the `{data: [...]}` envelope other DFO lists use. */
function listOf(operation: string, body: string): unknown[] {
  const parsed = parseJsonBody(operation, body);
  if (Array.isArray(parsed)) return parsed;
  if (isRecord(parsed) && Array.isArray(parsed.data)) return parsed.data;
  throw broken(operation, 'something other than a list');
}

function contactFrom(operation: string, value: unknown): DfoContact {
  const id = isRecord(value) ? idOf(value.id) : undefined;
  if (!isRecord(value) || id === undefined) throw broken(operation, 'a contact without an id');
  return { ...value, id };
}

export const readNothing: Reader<void> = () => undefined;

export const readCreateMessageResponse: Reader<DfoCreateMessageResponse> = (operation, body) => {
  const parsed = parseJsonBody(operation, body) ?? {};
  if (!isRecord(parsed)) throw broken(operation, 'something other than an object');
  const response: DfoCreateMessageResponse = {};
  if (parsed.consumerContact !== undefined && parsed.consumerContact !== null) response.consumerContact = contactFrom(operation, parsed.consumerContact);
  if (isRecord(parsed.message)) response.message = parsed.message as DfoCreateMessageResponse['message'];
  return response;
};

export const readMessageList: Reader<DfoMessageList> = (operation, body) => {
  const parsed = parseJsonBody(operation, body);
  if (!isRecord(parsed) || !Array.isArray(parsed.data)) throw broken(operation, 'a message list without data[]');
  const data = parsed.data.map((item) => {
    const id = isRecord(item) ? idOf(item.id) : undefined;
    if (!isRecord(item) || id === undefined) throw broken(operation, 'a message without an id');
    const contactNumber = idOf(item.contactNumber);
    return { ...item, id, ...(contactNumber !== undefined ? { contactNumber } : {}) } as DfoMessageDetail;
  });
  return { hits: typeof parsed.hits === 'number' ? parsed.hits : data.length, data };
};

export const readChannels: Reader<DfoChannel[]> = (operation, body) =>
  listOf(operation, body).map((item) => {
    const id = isRecord(item) ? idOf(item.id) : undefined;
    if (!isRecord(item) || id === undefined) throw broken(operation, 'a channel without an id');
    return { ...item, id };
  });

export const readContact: Reader<DfoContact> = (operation, body) => contactFrom(operation, parseJsonBody(operation, body));

export const readContactList: Reader<DfoContactList> = (operation, body) => {
  const parsed = parseJsonBody(operation, body);
  if (!isRecord(parsed) || !Array.isArray(parsed.data)) throw broken(operation, 'a contact list without data[]');
  const data = parsed.data.map((item) => contactFrom(operation, item));
  const hits = typeof parsed.hits === 'number' ? parsed.hits : data.length;
  return { hits, data, ...(typeof parsed.scrollToken === 'string' && parsed.scrollToken !== '' ? { scrollToken: parsed.scrollToken } : {}) };
};

export const readCustomFieldDefinitions: Reader<DfoCustomFieldDefinition[]> = (operation, body) =>
  listOf(operation, body).map((item) => {
    if (!isRecord(item) || typeof item.ident !== 'string') throw broken(operation, 'a custom field definition without an ident');
    return item as DfoCustomFieldDefinition;
  });

export const readTemporaryAttachment: Reader<DfoTemporaryAttachment> = (operation, body) => {
  const parsed = parseJsonBody(operation, body);
  if (!isRecord(parsed)) throw broken(operation, 'something other than an object');
  const id = idOf(parsed.id);
  return {
    ...(id !== undefined ? { id } : {}),
    ...(typeof parsed.url === 'string' ? { url: parsed.url } : {}),
    ...(typeof parsed.expireAt === 'string' ? { expireAt: parsed.expireAt } : {}),
  };
};

export const readOneTimeTokenVerification: Reader<DfoOneTimeTokenVerification> = (operation, body) => {
  const parsed = parseJsonBody(operation, body);
  if (!isRecord(parsed) || typeof parsed.accessToken !== 'string' || parsed.accessToken === '') throw broken(operation, 'no accessToken');
  const { brand, user } = parsed;
  if (!isRecord(brand) || typeof brand.id !== 'number') throw broken(operation, 'no brand.id');
  if (!isRecord(user) || typeof user.id !== 'number') throw broken(operation, 'no user.id');
  return { accessToken: parsed.accessToken, brand: brand as unknown as DfoOneTimeTokenVerification['brand'], user: user as DfoOneTimeTokenVerification['user'] };
};
