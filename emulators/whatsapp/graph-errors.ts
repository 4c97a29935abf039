import { randomBytes } from 'node:crypto';
import { GraphError } from './wire.types';

/** A Graph API failure as Meta answers it: an HTTP status and `{error: {...}}`. */
export class GraphFailure extends Error {
  constructor(
    readonly status: number,
    readonly error: Omit<GraphError, 'fbtrace_id'>,
  ) {
    super(error.message);
  }

  body(): { error: GraphError } {
    return { error: { ...this.error, fbtrace_id: randomBytes(9).toString('base64url') } };
  }
}

const details = (text: string) => ({ messaging_product: 'whatsapp' as const, details: text });

/** Meta's codes for what the emulator refuses (Cloud API error codes reference). */
export const graphErrors = {
  invalidToken: () => new GraphFailure(401, { message: 'Invalid OAuth access token - Cannot parse access token', type: 'OAuthException', code: 190 }),
  unknownObject: (id: string) =>
    new GraphFailure(400, {
      message: `Unsupported post request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
      type: 'GraphMethodException',
      code: 100,
      error_subcode: 33,
    }),
  unknownParameter: (name: string) =>
    new GraphFailure(400, { message: `(#100) Param ${name} is not a valid parameter`, type: 'OAuthException', code: 100, error_data: details(`Unexpected key "${name}"`) }),
  missing: (name: string) =>
    new GraphFailure(400, { message: '(#131008) Required parameter is missing', type: 'OAuthException', code: 131008, error_data: details(`The parameter ${name} is required.`) }),
  invalid: (text: string) =>
    new GraphFailure(400, { message: '(#131009) Parameter value is not valid', type: 'OAuthException', code: 131009, error_data: details(text) }),
  notJson: () => new GraphFailure(400, { message: '(#100) The parameter messaging_product is required.', type: 'OAuthException', code: 100, error_data: details('The request body is not JSON') }),
};

/** The `failed` status Meta sends when a free-form message goes out after the 24-hour customer-service window. */
export const REENGAGEMENT_ERROR = {
  code: 131047,
  title: 'Re-engagement message',
  message: 'Re-engagement message',
  error_data: { details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.' },
};
