import { csrfToken, readCsrfCheckedForm } from '../../csrf.js';
import { ImproperlyConfigured } from '../../errors.js';
import { OAuthLibMixin } from '../../mixins/oauth-lib.js';
import { OIDCLogoutOnlyMixin } from '../../mixins/oidc-only.js';
import type { Application } from '../../validator.js';
import { OAuth2Error } from '../../oauth2/errors.js';
import { LogoutDenied } from '../../oauth2/openid/errors.js';
import type { OpenIDRequestValidator } from '../../oauth2/openid/request-validator.js';
import { addParamsToUri } from '../../oauth2/serialize.js';
import { oauth2Settings } from '../../settings/store.js';
import { allowPressed } from '../authorization/allow-form.js';
import { ContextMixin, pageError, TemplateResponseMixin } from '../template.js';
import { View, type HttpMethodName } from '../view.js';
import { logoutHiddenFields, logoutParams, type LogoutParams } from './logout-form.js';
import { validateLogoutRequest, type ValidatedLogout } from './logout-request.js';
import { openIDServerOf } from './server.js';

/**
 * RP-initiated logout (OIDC RP-Initiated Logout 1.0; DOT's `RPInitiatedLogoutView`) at `/logout/`, GET or POST:
 * `id_token_hint`, `client_id`, `post_logout_redirect_uri` (registered, exact) and `state` (echoed). Unless the hint
 * names the logged-in user and `oidcRpInitiatedLogoutAlwaysPrompt` is off, the user confirms on a CSRF-protected page
 * (`oauth2_provider/logout_confirm.html`). Logging out revokes the session user's tokens of the requesting client
 * only (`oidcRpInitiatedLogoutDeleteTokens`; never the hint's user, and nothing without a session), then the
 * `logoutUser` setting ends the app's session. Errors are the page with status 400, never a redirect.
 *
 * @example
 * router.all('oauth2_provider:rp-initiated-logout', '/logout/', RPInitiatedLogoutView.asView());
 */
export class RPInitiatedLogoutView extends OIDCLogoutOnlyMixin(
  OAuthLibMixin(TemplateResponseMixin(ContextMixin(View))),
) {
  // No HEAD: a HEAD request (a link prefetcher) must never log anyone out.
  static override readonly httpMethodNames: readonly HttpMethodName[] = ['get', 'post', 'options'];
  override templateName: string | null = 'oauth2_provider/logout_confirm.html';

  /** Validate the request, then log out at once or ask for confirmation. */
  async get(): Promise<void> {
    await this.handle(logoutParams(new URLSearchParams(this.ctx.querystring)), null);
  }

  /** The confirmation form came back (CSRF first): log out when confirmed, else `logout_denied`. */
  async post(): Promise<void> {
    const form = await readCsrfCheckedForm(this.ctx, (error) => this.renderError(error));
    if (form === null) return;
    await this.handle(logoutParams(form), allowPressed(form));
  }

  /** Validate, then log out, render the confirmation (`allow` null: a GET) or refuse; errors become the page. */
  async handle(params: LogoutParams, allow: boolean | null): Promise<void> {
    let validated: ValidatedLogout | null = null;
    try {
      validated = await this.validateLogoutRequest(params);
      if (!(await this.mustPrompt(validated)) || allow === true) await this.doLogout(params, validated);
      else if (allow === null) await this.renderConfirm(params, validated.application);
      else throw new LogoutDenied();
    } catch (error) {
      if (!(error instanceof OAuth2Error)) throw error;
      await this.renderError(error, validated?.application ?? null);
    }
  }

  /** Validate the parameters against the stored clients and the provider's keys (see `validateLogoutRequest`). */
  async validateLogoutRequest(params: LogoutParams): Promise<ValidatedLogout> {
    const core = this.oauthLibCore();
    return validateLogoutRequest(core, openIDServerOf(this), params, await core.lookupRequest(this.ctx));
  }

  /** Return the logged-in user (the `getUser` setting), or null. */
  getUser(): object | null {
    return (oauth2Settings().getUser(this.ctx) as object | null | undefined) ?? null;
  }

  /**
   * Return whether the user must confirm (DOT's `must_prompt`): never when nobody is logged in (nothing to end,
   * DOT #1517), always with `oidcRpInitiatedLogoutAlwaysPrompt`, and otherwise unless a verified hint names the
   * logged-in user (OIDC RP-Initiated Logout §2: without one the OP should ask).
   */
  async mustPrompt(validated: ValidatedLogout): Promise<boolean> {
    const user = this.getUser();
    if (user === null) return false;
    if (oauth2Settings().oidcRpInitiatedLogoutAlwaysPrompt) return true;
    if (validated.subject === null) return true;
    // The OpenID server was built over an OpenID validator, which answers `getSubject` (`sub`, OIDC Core §5.1).
    const validator = openIDServerOf(this).validator as OpenIDRequestValidator;
    const request = await this.oauthLibCore().lookupRequest(this.ctx);
    return validated.subject !== (await validator.getSubject(user, request));
  }

  /**
   * Log out: revoke the session user's tokens of the requesting client, end the session through `logoutUser`, then
   * redirect to `post_logout_redirect_uri` with `state`, or to `/` (302 after a GET, 303 after the form, RFC 9700
   * §4.12). The hint's user is never acted on: a hint is no authority (OIDC RP-Initiated Logout 1.0 §6), so without
   * a session nothing is revoked.
   */
  async doLogout(params: LogoutParams, validated: ValidatedLogout): Promise<void> {
    const settings = oauth2Settings();
    const user = this.getUser();
    if (settings.logoutUser === null && user !== null) {
      throw new ImproperlyConfigured(
        `${this.constructor.name} cannot end the session: set the 'logoutUser' setting to a function that logs ctx out`,
      );
    }
    if (settings.oidcRpInitiatedLogoutDeleteTokens && user !== null && validated.application !== null) {
      const core = this.oauthLibCore();
      const validator = core.viewValidator('revokeUserTokens');
      await validator.revokeUserTokens(user, validated.application, await core.lookupRequest(this.ctx));
    }
    if (settings.logoutUser !== null) await settings.logoutUser(this.ctx);
    const uri = params.post_logout_redirect_uri;
    const location = uri ? addParamsToUri(uri, { state: params.state || null }, 'query') : '/';
    this.ctx.status = this.ctx.method === 'POST' ? 303 : 302;
    this.ctx.set('Location', location);
    this.ctx.set('Cache-Control', 'no-store');
    this.ctx.body = '';
  }

  /** Render the confirmation form with the request's hidden fields and the CSRF input. */
  async renderConfirm(params: LogoutParams, application: Application | null): Promise<void> {
    const context = this.getContextData({
      application,
      form: { hiddenFields: logoutHiddenFields(params) },
      csrf_token: csrfToken(this.ctx),
      form_action: this.ctx.path,
    });
    await this.renderToResponse(context);
  }

  /**
   * Render the error variant of the page with the error's status (400; 413 for an oversized form), never a redirect.
   * The fields come from the one serializer of errors, so a description is shown only where it may be.
   */
  async renderError(error: OAuth2Error, application: Application | null = null): Promise<void> {
    const context = this.getContextData({ error: pageError(error), application });
    await this.renderToResponse(context, error.status);
  }
}
