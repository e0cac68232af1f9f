import createDebug from 'debug';

import { writeResponse } from '../../backend.js';
import { LoginRequiredMixin } from '../../mixins/login-required.js';
import { OAuthLibMixin } from '../../mixins/oauth-lib.js';
import type { Application } from '../../validator.js';
import { OAuth2Error } from '../../oauth2/errors.js';
import type { ValidatedAuthorization } from '../../oauth2/endpoints/authorization.js';
import type { AuthorizationCredentials } from '../../oauth2/grants/authorization-base.js';
import type { OAuth2Response } from '../../oauth2/response.js';
import { oauth2Settings } from '../../settings/store.js';
import type { OAuth2User } from '../../settings/user.js';
import { ContextMixin, pageError, TemplateResponseMixin } from '../template.js';
import { View } from '../view.js';

const debug = createDebug('koa-oauth-toolkit:authorize');

/** What the view records about the login for the code (OIDC `auth_time`, `acr`), and who approved. */
export interface LoginFacts {
  readonly user: OAuth2User | null;
  /** Seconds since the epoch, or null when the app does not say (`getAuthTime`). */
  readonly authTime: number | null;
  /** The login's authentication context class, or null (`getAcr`). */
  readonly acr: string | null;
}

/**
 * The authorization endpoint without a consent strategy (DOT's `BaseAuthorizationView`, RFC 6749 §3.1): login
 * required, the protocol core through `OAuthLibMixin`, and the one place its errors become pages or redirects.
 * Subclass it to decide consent your own way; `AuthorizationView` is the one with DOT's consent form.
 *
 * @example
 * ```ts
 * class AutoApproveView extends BaseAuthorizationView {
 *   async get() {
 *     const validated = await this.validateOrRespond();
 *     if (validated) await this.authorize(validated.scopes, validated.credentials, true);
 *   }
 * }
 * ```
 */
export class BaseAuthorizationView extends LoginRequiredMixin(
  OAuthLibMixin(TemplateResponseMixin(ContextMixin(View))),
) {
  override templateName: string | null = 'oauth2_provider/authorize.html';
  /** The validated request's data for the consent page (DOT's `oauth2_data`), filled by the GET. */
  oauth2Data: Record<string, unknown> = {};

  /**
   * Answer an `OAuth2Error` (DOT's `error_response` plus its rendering): a redirect to the validated redirect URI
   * with the error, `state` and `iss`, or, for an error that must not be redirected (unknown client, bad
   * redirect URI), the error variant of the template with the error's status (400) and never a Location
   * (RFC 6749 §4.1.2.1, RFC 9700 §4.11). `errorResponse()` stays the one typed decision of the mixin.
   */
  async renderErrorResponse(error: OAuth2Error, application: Application | null = null): Promise<void> {
    const response = this.errorResponse(error, application);
    if (response.redirect) {
      this.redirect(response.url);
      return;
    }
    debug('fatal authorization error %s (%d)', response.body.error, response.status);
    const context = this.getContextData({ error: pageError(response.body), application });
    await this.renderToResponse(context, response.status);
  }

  /**
   * Redirect the user agent to the client: 302 after a GET, 303 after the consent POST so that the form body is
   * never re-sent (RFC 9700 §4.12). `no-store` keeps the code out of caches.
   */
  redirect(url: string): void {
    this.ctx.status = this.ctx.method === 'POST' ? 303 : 302;
    this.ctx.set('Location', url);
    this.ctx.set('Cache-Control', 'no-store');
    this.ctx.body = '';
  }

  /** Validate the request, or answer its error and return null (RFC 6749 §4.1.1, §4.1.2.1). */
  async validateOrRespond(): Promise<ValidatedAuthorization | null> {
    try {
      return await this.validateAuthorizationRequest(this.ctx);
    } catch (error) {
      if (!(error instanceof OAuth2Error)) throw error;
      await this.renderErrorResponse(error);
      return null;
    }
  }

  /**
   * Return the application the validator found for the request's `client_id`, or null: the client as the validator
   * gives it (an `Application` for `OAuth2Validator`), never looked up again here.
   */
  getApplication(validated: ValidatedAuthorization): Application | null {
    return (validated.request.client as Application | null) ?? null;
  }

  /** Return who approves and the facts of their login, stored with the code for the ID token (OIDC Core §2). */
  getLoginFacts(): LoginFacts {
    const settings = oauth2Settings();
    const authTime = settings.getAuthTime(this.ctx);
    const acr = settings.getAcr(this.ctx);
    return {
      user: this.getUser(),
      authTime: authTime === null ? null : Math.floor(authTime.getTime() / 1000),
      acr: acr || null,
    };
  }

  /**
   * Issue the code (or deny with `access_denied` when `allow` is false) and redirect to the client. The core
   * validates the client, redirect URI, response type, PKCE and scopes again first; a fatal problem throws.
   */
  async authorize(
    scopes: readonly string[],
    credentials: Partial<AuthorizationCredentials>,
    allow: boolean,
  ): Promise<void> {
    const full = { ...credentials, ...this.getLoginFacts() } as AuthorizationCredentials;
    this.writeAuthorizationResponse(await this.createAuthorizationResponse(this.ctx, scopes, full, allow));
  }

  /** Write the core's answer: its redirect through `redirect()` (303 after a POST), anything else as it is. */
  writeAuthorizationResponse(response: OAuth2Response): void {
    const location = response.headers['location'];
    if (location !== undefined) this.redirect(location);
    else writeResponse(this.ctx, response);
  }
}
