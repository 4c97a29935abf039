import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { SecretBox } from '../../core/crypto/secret-box';
import { SignedClaims, TokenSigner } from '../../core/crypto/token-signer';
import { ChannelRegistryError } from '../channel-registry.errors';
import { ChannelAction } from '../public-urls';
import { CHANNEL_ACTIONS } from './action-request';

/** Its own audience: no other token we sign (Integration Box, web chat sessions) is accepted as a form token. */
export const ACTION_FORM_AUDIENCE = 'byoc-bridge:action-form';
/** Long enough to fill in a form, short enough that a copied page is soon worthless. */
export const ACTION_FORM_TTL_SECONDS = 15 * 60;

/** What a verified action page hands to its own form submission. */
export interface ActionForm {
  action: ChannelAction;
  userId: number;
  dfoBrandId: number;
  /** Our brands on whose behalf the admin acts: those of the DFO brand whose DFO verified the one-time token. */
  brandIds: string[];
  /** add: the integrations the admin may choose from; reconnect and remove: the channel's. */
  integrationIds: string[];
  /** reconnect and remove: our id of the channel. */
  channelId: string | null;
  /** add: the DFO id the new channel gets, fixed per form, so that a form submitted twice adds one channel. */
  newDfoChannelId: string | null;
  backUrl: string;
  /** For the page's header only, as shown when the form was issued. */
  brandName: string;
  userName: string | null;
  /** The DFO API that issued `accessToken`; the token is never sent anywhere else. */
  apiBaseUrl: string;
  /** CXone's access token from the one-time-token verification (a.5). Sealed inside the form token. */
  accessToken: string;
}

/** A form whose token verified: with the token's id and expiry, to spend it once (`SpentTokens`). */
export type VerifiedActionForm = ActionForm & { jti: string; expiresAt: Date };

/**
 * The hidden field that makes an action form unforgeable: an HS256 token (`TokenSigner`, own audience, 15 minutes)
 * binding action, user, brands, integrations, channel and back URL, with CXone's access token sealed in it
 * (`SecretBox`, bound to the token's id), because a JWT's payload is readable by whoever holds the page. Any instance
 * can take the submission; `ActionPagesService` spends the token's id when it acts, so a form works once.
 */
@Injectable()
export class ActionFormTokens {
  constructor(
    private readonly signer: TokenSigner,
    private readonly box: SecretBox,
  ) {}

  issue(form: ActionForm): string {
    const jti = randomUUID();
    const { accessToken, userId, ...rest } = form;
    return this.signer.sign(ACTION_FORM_AUDIENCE, String(userId), ACTION_FORM_TTL_SECONDS, { ...rest, jti, at: this.box.seal(accessToken, sealContext(jti)) }).token;
  }

  /** The form of a valid, unexpired token for this action; `ACTION.FORM_REFUSED` (403) otherwise. */
  verify(token: unknown, action: ChannelAction): VerifiedActionForm {
    if (typeof token !== 'string' || token === '') throw refused('the form token is missing');
    const verified = this.signer.verify(token, ACTION_FORM_AUDIENCE);
    if (!verified.ok) throw refused(verified.reason === 'expired' ? 'the form has expired' : 'the form token is not valid');
    const form = this.read(verified.claims);
    if (!form) throw refused('the form token is not valid');
    if (form.action !== action) throw refused(`the form is for the ${form.action} action`);
    return form;
  }

  private read(claims: SignedClaims): VerifiedActionForm | null {
    const { sub, jti, exp, at, action, dfoBrandId, brandIds, integrationIds, channelId, newDfoChannelId, backUrl, brandName, userName, apiBaseUrl } = claims;
    const userId = Number(sub);
    if (typeof jti !== 'string' || typeof at !== 'string' || !CHANNEL_ACTIONS.includes(action as ChannelAction)) return null;
    if (!Number.isSafeInteger(userId) || typeof dfoBrandId !== 'number' || !isStringArray(brandIds) || !isStringArray(integrationIds)) return null;
    if (!isStringOrNull(channelId) || !isStringOrNull(newDfoChannelId) || !isStringOrNull(userName)) return null;
    if (typeof backUrl !== 'string' || typeof brandName !== 'string' || typeof apiBaseUrl !== 'string') return null;
    let accessToken: string;
    try {
      accessToken = this.box.open(at, sealContext(jti));
    } catch {
      return null;
    }
    const form = { userId, dfoBrandId, brandIds, integrationIds, channelId, newDfoChannelId, backUrl, brandName, userName, apiBaseUrl, accessToken };
    return { action: action as ChannelAction, ...form, jti, expiresAt: new Date(exp * 1000) };
  }
}

function sealContext(jti: string): string {
  return `action-form:${jti}`;
}

export function refused(reason: string): ChannelRegistryError {
  return new ChannelRegistryError('ACTION.FORM_REFUSED', `This form cannot be used: ${reason}. Start again from CXone.`);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

function isStringOrNull(value: unknown): value is string | null {
  return value === null || typeof value === 'string';
}
