/**
 * How to reach and authenticate against one brand's DFO API. Built by channel-registry from a `BrandEntity` (the
 * secret opened from its sealed form) and passed to every `DfoClient` call. `cacheKey` keys the token cache, so it
 * must change whenever the credentials change (brand id plus a fingerprint of the key id).
 */
export interface DfoBrandCredentials {
  kind: 'brand';
  /** Whose tokens these are: `DfoBrandTokens.drop(brandId)` forgets them all when the brand's credentials change. */
  brandId: string;
  cacheKey: string;
  apiBaseUrl: string;
  authKind: 'access_key' | 'client_credentials';
  authUrl: string;
  keyId: string;
  secret: string;
}

/**
 * A ready bearer token, as the Add / Reconnect / Remove action pages get one from the one-time-token verification.
 * No refresh is possible: a 401 is final.
 */
export interface DfoAccessTokenCredentials {
  kind: 'access_token';
  apiBaseUrl: string;
  accessToken: string;
}

export type DfoCredentials = DfoBrandCredentials | DfoAccessTokenCredentials;
