import { CASE_STATUSES, ONE_TIME_TOKEN_PURPOSES } from '../validation/dfo.enums';
import { recipient } from '../validation/dfo.schemas';
import { httpUrl } from '../validation/message-content.schema';
import { all, arrayOf, boolean, Check, integer, isPlainObject, object, oneOf, optional, problem, required, string } from '../validation/schema';

/** Bodies of the test API (`/_emulator`), validated like the DFO API and answered in the same error format. */

const integrationFields = {
  integrationBoxUrl: httpUrl(),
  authorizationUrl: httpUrl(),
  clientId: string({ maxLength: 255 }),
  clientSecret: string({ maxLength: 1000 }),
  replyApi: oneOf(['2.0', '1.0']),
  name: string({ maxLength: 255 }),
  includeAuthorUser: boolean(),
};

const pem = (label: string) => string({ maxLength: 20000, pattern: new RegExp(`-----BEGIN ${label}-----`), patternMessage: `This value should be a PEM block (-----BEGIN ${label}-----).` });
/** CXone's BYOC form's mTLS fields. */
const clientCertificate = object({
  certificatePem: required(pem('CERTIFICATE')),
  privateKeyPem: required(pem('[A-Z ]*PRIVATE KEY')),
  privateKeyPassword: optional(string({ maxLength: 1000 }), { nullable: true }),
  caCertificatePem: required(pem('CERTIFICATE')),
});

export const registerIntegration = object({
  integrationBoxUrl: required(integrationFields.integrationBoxUrl),
  authorizationUrl: required(integrationFields.authorizationUrl),
  clientId: required(integrationFields.clientId),
  clientSecret: required(integrationFields.clientSecret),
  replyApi: required(integrationFields.replyApi),
  name: optional(integrationFields.name),
  brandId: optional(integer({ min: 1 }), { nullable: true }),
  includeAuthorUser: optional(integrationFields.includeAuthorUser),
  clientCertificate: optional(clientCertificate, { nullable: true }),
});

export const patchIntegration = object({
  ...Object.fromEntries(Object.entries(integrationFields).map(([name, check]) => [name, optional(check)])),
  clientCertificate: optional(clientCertificate, { nullable: true }),
});

export const registerBrand = object({
  friendlyName: required(string({ maxLength: 255 })),
  tenantId: optional(string({ maxLength: 64 })),
  businessUnitId: optional(integer({ min: 1 })),
  timezone: optional(string({ maxLength: 64 })),
  accessKeys: optional(arrayOf(object({ keyId: required(string({ maxLength: 255 })), secret: required(string({ maxLength: 1000 })) }))),
});

export const contactFieldDefinition = object({
  ident: required(string({ maxLength: 100, pattern: /^[A-Za-z0-9_.-]+$/ })),
  label: required(string({ maxLength: 255 })),
  type: required(oneOf(['text', 'email', 'list', 'date'])),
  isRequired: optional(boolean()),
  isEditable: optional(boolean()),
  values: optional(arrayOf(string())),
});

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

export const fault: Check = all(
  object({
    method: optional(oneOf([...METHODS, ...METHODS.map((m) => m.toLowerCase())])),
    path: required(string({ maxLength: 1000 })),
    status: optional(integer({ min: 100, max: 599 })),
    latencyMs: optional(integer({ min: 0, max: 120000 })),
    retryAfter: optional((v, p, o) => {
      if (!(typeof v === 'string' && v.trim() !== '') && !(typeof v === 'number' && Number.isInteger(v) && v >= 0)) {
        problem(o, p, 'This value should be a number of seconds or an HTTP date.', 'INVALID_TYPE');
      }
    }),
    body: optional(() => undefined, { nullable: true }),
    count: optional(integer({ min: 1, max: 1000000 })),
  }),
  (v, _p, o) => {
    if (isPlainObject(v) && v.status === undefined && v.latencyMs === undefined && v.retryAfter === undefined) {
      problem(o, 'status', 'Give at least one of status, latencyMs, retryAfter.', 'IS_BLANK');
    }
  },
);

export const settings = object({
  tokenTtlSeconds: optional(integer({ min: 1, max: 86400 })),
  callTimeoutMs: optional(integer({ min: 100, max: 120000 })),
  trustedServerCaPems: optional(arrayOf(pem('CERTIFICATE'), { max: 20 })),
});
export const expireTokens = object({ brandId: optional(integer({ min: 1 })) });
export const mintOneTimeToken = object({
  brandId: required(integer({ min: 1 })),
  userId: optional(integer({ min: 1 })),
  purpose: optional(oneOf(ONE_TIME_TOKEN_PURPOSES)),
});
export const reset = object({ scope: optional(oneOf(['all', 'conversations'])) });

export const agentReply = object({
  text: required(string({ maxLength: 10000 })),
  attachments: optional(arrayOf(object({ friendlyName: required(string()), url: required(httpUrl()) }))),
});
export const agentTyping = object({ on: required(boolean()) });
export const agentStatus = object({ status: required(oneOf(CASE_STATUSES)) });
export const agentOutbound = object({
  channelId: required(string()),
  recipient: required(recipient),
  text: required(string({ maxLength: 10000 })),
  threadName: optional(string({ allowBlank: true })),
});
