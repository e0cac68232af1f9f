import type { EntityManager } from '@mikro-orm/core';
import type { AccessToken } from '../models/access-token.js';
import type { Facts } from '../models/queries.js';
import type { RefreshToken } from '../models/refresh-token.js';
import type { IntrospectionClaims, TokenTypeHint } from '../oauth2/records.js';
import type { OAuth2Request } from '../oauth2/request.js';
import { joinScope } from '../oauth2/scopes.js';
import { oauth2Settings } from '../settings/store.js';
import { originalScopes, refreshTokenExpiry } from './refresh.js';
import type { AbstractConstructor, ValidatorLayerBase } from './base.js';
import { asApplication, epochSeconds, primaryKeyOf, requestEm, usernameOf } from './session.js';
import { findRefreshToken, readAccessToken } from './tokens.js';

/** The introspection answer of `OAuth2Validator` (RFC 7662; `RequestValidator`'s). */
export interface IntrospectionAnswers {
  introspectToken(
    token: string,
    hint: TokenTypeHint | null,
    request: OAuth2Request,
  ): Promise<IntrospectionClaims | null>;
}

/** The validator layer that tells what an active token is (RFC 7662 §2.2). */
export function TokenIntrospection<TBase extends ValidatorLayerBase>(Base: TBase) {
  abstract class TokenIntrospectionLayer extends Base implements IntrospectionAnswers {
    /**
     * Return the RFC 7662 §2.2 claims of an active token, access or refresh (the hint only orders the search), or
     * null for anything not active: unknown, revoked, expired, or of an application that is no longer usable.
     */
    async introspectToken(
      token: string,
      hint: TokenTypeHint | null,
      request: OAuth2Request,
    ): Promise<IntrospectionClaims | null> {
      const em = requestEm(request);
      const now = this.now();
      const order = hint === 'refresh_token' ? (['refresh', 'access'] as const) : (['access', 'refresh'] as const);
      for (const kind of order) {
        if (kind === 'access') {
          const accessToken = await readAccessToken(em, token, asApplication(request.client));
          if (accessToken !== null) return activeAccessClaims(accessToken, request, now);
        } else {
          const refreshToken = await findRefreshToken(em, token);
          if (refreshToken !== null) return activeRefreshClaims(em, refreshToken, request, now);
        }
      }
      return null;
    }
  }
  return TokenIntrospectionLayer as TBase & AbstractConstructor<IntrospectionAnswers>;
}

function activeAccessClaims(
  accessToken: Facts<AccessToken>,
  request: OAuth2Request,
  now: number,
): IntrospectionClaims | null {
  const application = accessToken.application ?? null;
  if (accessToken.revoked !== null || accessToken.expires.getTime() <= now) return null;
  if (application !== null && !application.isUsable(request)) return null;
  return withIdentity(
    {
      scope: accessToken.scope,
      client_id: application?.clientId,
      token_type: 'Bearer',
      exp: epochSeconds(accessToken.expires),
      iat: epochSeconds(accessToken.created),
    },
    accessToken.user,
  );
}

async function activeRefreshClaims(
  em: EntityManager,
  refreshToken: RefreshToken,
  request: OAuth2Request,
  now: number,
): Promise<IntrospectionClaims | null> {
  const expires = refreshTokenExpiry(refreshToken);
  if (refreshToken.revoked !== null || (expires !== null && expires.getTime() <= now)) return null;
  if (!refreshToken.application.isUsable(request)) return null;
  const claims: IntrospectionClaims = {
    scope: joinScope(await originalScopes(em, refreshToken)),
    client_id: refreshToken.application.clientId,
    token_type: 'refresh_token',
    iat: epochSeconds(refreshToken.created),
  };
  if (expires !== null) claims.exp = epochSeconds(expires);
  return withIdentity(claims, refreshToken.user);
}

/** Add `username`, `sub` (the user's primary key, as DOT's OIDC `sub`) and `iss` when known; never undefined. */
function withIdentity(claims: IntrospectionClaims, user: object | null | undefined): IntrospectionClaims {
  const out: IntrospectionClaims = {};
  const username = usernameOf(user);
  const sub = primaryKeyOf(user);
  const iss = oauth2Settings().issuer;
  for (const [name, value] of Object.entries({ ...claims, username, sub, iss: iss || undefined })) {
    if (value !== undefined) out[name] = value;
  }
  return out;
}
