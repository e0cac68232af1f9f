import type { Context } from 'koa';

import { writeResponse } from '../backend.js';
import { formBodyError } from '../backend/form-body.js';
import { errorJsonResponse, InvalidClientError, TooManyRequestsError, type OAuth2Client } from '../oauth2/index.js';
import { requestState } from '../request-state.js';
import type { View } from '../views/view.js';
import type { OAuthLib } from './oauth-lib.js';
import {
  authorizeBearer,
  guardRequest,
  protectionState,
  type OAuth2State,
  type VerifyFailure,
} from './protected-resource.js';
import type { AbstractConstructor } from './types.js';

/** What `ClientProtectedResourceMixin` adds: the answers to failed checks, hooks to override. */
export interface ClientProtectedResource {
  /** What the check learned: the client (`application`), or a bearer token's user, scopes and token. */
  readonly oauth2: OAuth2State;
  /** Answer a request whose client credentials were wrong: 401 `invalid_client` with a `Basic` challenge. */
  clientAuthenticationFailed(): void;
  /** Answer a request refused by throttling, its credentials unchecked: 429 with `Retry-After`, as the token endpoint. */
  clientAuthenticationThrottled(error: TooManyRequestsError): void;
  /** Answer a request without client credentials whose bearer token failed (RFC 6750 §3). */
  verificationFailed(result: VerifyFailure): void;
}

/** Put the client the request authenticated on `ctx.state.oauth2` (no token, no user, no scopes). */
export function setClientState(ctx: Context): void {
  const application = requestState(ctx).authenticatedClient;
  const state: OAuth2State = { token: null, user: null, scopes: [], application };
  ctx.state.oauth2 = state;
}

/**
 * Protect a resource with client authentication (RFC 6749 §2.3.1; DOT's `ClientProtectedResourceMixin`): a
 * confidential client's secret by HTTP Basic, then in the form body; without client credentials, a bearer token
 * with the scopes of `getScopes()`. OPTIONS passes. Wrong client credentials answer 401 `invalid_client` with
 * `WWW-Authenticate: Basic` (DOT: bare 403); a client or address blocked by throttling, 429 with `Retry-After`.
 *
 * @example
 * class Webhook extends ClientProtectedResourceMixin(OAuthLibMixin(View)) {
 *   async post() { this.ctx.body = { client: (this.oauth2.application as Application).clientId }; }
 * }
 */
export function ClientProtectedResourceMixin<TBase extends AbstractConstructor<View & OAuthLib>>(Base: TBase) {
  abstract class ClientProtectedResourceView extends Base implements ClientProtectedResource {
    get oauth2(): OAuth2State {
      return protectionState(this.ctx);
    }

    clientAuthenticationFailed(): void {
      const error = new InvalidClientError('Client authentication failed.');
      writeResponse(this.ctx, errorJsonResponse(error, this.oauthLibCore().server.options.realm));
    }

    clientAuthenticationThrottled(error: TooManyRequestsError): void {
      writeResponse(this.ctx, errorJsonResponse(error, this.oauthLibCore().server.options.realm));
    }

    verificationFailed(result: VerifyFailure): void {
      writeResponse(this.ctx, result.response);
    }

    override async dispatch(): Promise<void> {
      await guardRequest(
        this.ctx,
        () => this.checkClientOrBearer(),
        () => super.dispatch(),
      );
    }

    /**
     * Authenticate the client, else fall back to a bearer token; answer and return false on failure. A form body
     * that cannot be read (too large, content-coded, not UTF-8) is answered first, read once for every check after.
     */
    async checkClientOrBearer(): Promise<boolean> {
      const ctx = this.ctx;
      const unreadable = await formBodyError(ctx);
      if (unreadable !== null) {
        writeResponse(ctx, errorJsonResponse(unreadable, this.oauthLibCore().server.options.realm));
        return false;
      }
      let authenticated: OAuth2Client | null;
      try {
        authenticated = await this.authenticateClient(ctx);
      } catch (error) {
        if (!(error instanceof TooManyRequestsError)) throw error;
        this.clientAuthenticationThrottled(error);
        return false;
      }
      if (authenticated !== null) {
        setClientState(ctx);
        return true;
      }
      if (requestState(ctx).presentsClientCredentials) {
        this.clientAuthenticationFailed();
        return false;
      }
      return authorizeBearer(
        ctx,
        (c, scopes) => this.verifyRequest(c, scopes),
        this.getScopes(),
        (result) => this.verificationFailed(result),
      );
    }
  }
  return ClientProtectedResourceView as TBase & AbstractConstructor<ClientProtectedResource>;
}
