import { csrfToken, readCsrfCheckedForm } from '../csrf.js';
import type { Application } from '../validator.js';
import { ConsentRequiredError, LoginRequiredError, OAuth2Error } from '../oauth2/errors.js';
import type { ValidatedAuthorization } from '../oauth2/endpoints/authorization.js';
import { needsFreshLogin } from '../oauth2/openid/authorization-validator.js';
import { splitScope } from '../oauth2/scopes.js';
import { oauth2Settings } from '../settings/store.js';
import { AllowForm, formCredentials, initialFromRequest, type AllowFormClass } from './authorization/allow-form.js';
import { BaseAuthorizationView } from './authorization/base.js';
import { assertPromptNoneAlone, promptOf, redirectableError, withoutPromptLogin } from './authorization/prompt.js';
import type { TemplateContext } from './template.js';

export { BaseAuthorizationView } from './authorization/base.js';
export { AllowForm } from './authorization/allow-form.js';
export type { AllowFormClass, AllowFormInput, AllowFormField } from './authorization/allow-form.js';
export type { LoginFacts } from './authorization/base.js';

/**
 * The authorization endpoint with DOT's consent form (RFC 6749 §4.1.1, §4.2.1). The GET validates the request,
 * honours `prompt` (OpenID Connect Core §3.1.2.1), skips the form when the application or an earlier consent
 * allows it, and otherwise renders `oauth2_provider/authorize.html`; the POST (CSRF-checked) issues the code or
 * `access_denied` and answers 303. Each step is a method to override.
 *
 * @example
 * ```ts
 * class TrustedFirstPartyView extends AuthorizationView {
 *   override async shouldSkipAuthorization(validated, application) {
 *     return application?.name.startsWith('internal-') || super.shouldSkipAuthorization(validated, application);
 *   }
 * }
 * router.all('oauth2_provider:authorize', '/authorize/', TrustedFirstPartyView.asView());
 * ```
 */
export class AuthorizationView extends BaseAuthorizationView {
  /** The consent form's class (DOT's `form_class`): a subclass of `AllowForm` swaps it. */
  formClass: AllowFormClass = AllowForm;
  /** Initial values of the consent form's fields (DOT's `initial`), under the request's own; an `asView()` option. */
  initial: Readonly<Record<string, string>> = {};

  /** Return the consent form's class (DOT's `get_form_class()`): `formClass` by default. */
  getFormClass(): AllowFormClass {
    return this.formClass;
  }

  /**
   * Return the initial values of the consent form (DOT's `get_initial()`): `initial`, then the validated request's
   * hidden fields (redirect URI, scopes, state, PKCE challenge, nonce, claims, ...), which always win.
   */
  getInitial(validated: ValidatedAuthorization): Record<string, string> {
    return { ...this.initial, ...initialFromRequest(validated.scopes, validated.credentials) };
  }

  /** Show the consent form, or answer without it when `prompt`, the application or an earlier consent allow. */
  async get(): Promise<void> {
    const validated = await this.validateOrRespond();
    if (validated === null) return;
    const application = this.getApplication(validated);
    try {
      if (await this.handlePrompt(validated, application)) return;
      if (await this.shouldSkipAuthorization(validated, application)) {
        await this.authorize(validated.scopes, validated.credentials, true);
        return;
      }
      await this.renderConsent(validated, application);
    } catch (error) {
      if (!(error instanceof OAuth2Error)) throw error;
      await this.renderErrorResponse(error, application);
    }
  }

  /**
   * Read the consent form (CSRF first), bind `getFormClass()` to it, then `formValid()` or `formInvalid()` (Django's
   * `ProcessFormView.post`).
   */
  async post(): Promise<void> {
    const params = await readCsrfCheckedForm(this.ctx, (error) => this.renderErrorResponse(error));
    if (params === null) return;
    const FormClass = this.getFormClass();
    const form = new FormClass({ data: params });
    if (form.isValid()) await this.formValid(form);
    else await this.formInvalid(form);
  }

  /**
   * Answer an anonymous user: with `prompt=none`, validate the client and redirect URI first and send
   * `login_required` there (never an open redirect, DOT #1719); otherwise the login page, with `prompt=login`
   * taken out of `next` so that the user logs in once (DOT 3.4).
   */
  override async handleNoPermission(): Promise<void> {
    const prompt = promptOf(this.ctx.querystring);
    if (!prompt.includes('none')) {
      const next = prompt.includes('login') ? withoutPromptLogin(this.ctx.originalUrl) : this.ctx.originalUrl;
      this.redirectToLogin(next);
      return;
    }
    const validated = await this.validateOrRespond();
    if (validated === null) return;
    const { credentials } = validated;
    try {
      assertPromptNoneAlone(credentials.prompt, credentials);
      throw redirectableError(LoginRequiredError, 'The user is not logged in.', credentials);
    } catch (error) {
      if (!(error instanceof OAuth2Error)) throw error;
      await this.renderErrorResponse(error, this.getApplication(validated));
    }
  }

  /**
   * Act on `prompt` (OIDC Core §3.1.2.1) and return true when the response is written: `none` alone answers
   * without UI, `login` sends the user to log in again, and `shouldForceLogin()` does the same for other reasons.
   * `consent` is honoured by `shouldSkipAuthorization()`.
   */
  async handlePrompt(validated: ValidatedAuthorization, application: Application | null): Promise<boolean> {
    const { prompt } = validated.credentials;
    assertPromptNoneAlone(prompt, validated.credentials);
    if (prompt.includes('none')) {
      await this.handlePromptNone(validated, application);
      return true;
    }
    if (prompt.includes('login')) {
      this.handlePromptLogin();
      return true;
    }
    if (await this.shouldForceLogin(validated)) {
      this.redirectToLogin(this.ctx.originalUrl);
      return true;
    }
    return false;
  }

  /** `prompt=none` for a logged-in user: the code when consent is on record, else `consent_required` (no UI). */
  async handlePromptNone(validated: ValidatedAuthorization, application: Application | null): Promise<void> {
    const { credentials } = validated;
    if (await this.shouldForceLogin(validated)) {
      throw redirectableError(LoginRequiredError, 'The user must log in again.', credentials);
    }
    const consented = application?.skipAuthorization === true || (await this.findReusableToken(validated, application));
    if (!consented) throw redirectableError(ConsentRequiredError, 'The user has not consented yet.', credentials);
    await this.authorize(validated.scopes, credentials, true);
  }

  /** `prompt=login`: send the user to the login page once, with a `next` that no longer asks for it (DOT 3.4). */
  handlePromptLogin(): void {
    this.redirectToLogin(withoutPromptLogin(this.ctx.originalUrl));
  }

  /**
   * Return whether the user must log in again before anything else: a login older than `max_age` (OIDC Core
   * §3.1.2.1), or unknown. The login page must record the new login time (`getAuthTime`), or the user is sent back
   * and forth; override to add reasons of the app's own.
   */
  async shouldForceLogin(validated: ValidatedAuthorization): Promise<boolean> {
    const { maxAge } = validated.credentials;
    return maxAge !== null && needsFreshLogin({ prompt: [], maxAge }, this.getLoginFacts().authTime, Date.now());
  }

  /**
   * Return whether to authorize without the form: never for `prompt=consent`; always for an application with
   * `skipAuthorization`; with `approval_prompt=auto` (the query or the `requestApprovalPrompt` setting) when the
   * user already holds a live token covering the scopes (DOT).
   */
  async shouldSkipAuthorization(validated: ValidatedAuthorization, application: Application | null): Promise<boolean> {
    if (validated.credentials.prompt.includes('consent')) return false;
    if (application?.skipAuthorization) return true;
    if (this.getApprovalPrompt() !== 'auto') return false;
    return this.findReusableToken(validated, application);
  }

  /** Return `approval_prompt` from the query, else the `requestApprovalPrompt` setting (DOT). */
  getApprovalPrompt(): string {
    const values = new URLSearchParams(this.ctx.querystring).getAll('approval_prompt');
    return values.length === 1 ? (values[0] ?? '') : oauth2Settings().requestApprovalPrompt;
  }

  /**
   * Return whether consent is on record for these scopes: a live, unrevoked token of this user and application
   * that covers them (DOT's `approval_prompt=auto` rule, as the validator's `hasConsentOnRecord` answers it).
   */
  async findReusableToken(validated: ValidatedAuthorization, application: Application | null): Promise<boolean> {
    if (application === null) return false;
    const core = this.oauthLibCore();
    const validator = core.viewValidator('hasConsentOnRecord');
    return validator.hasConsentOnRecord(
      this.getUser(),
      application,
      validated.scopes,
      await core.lookupRequest(this.ctx),
    );
  }

  /**
   * Render the consent form: 200 with DOT's context, `getFormClass()` built from `getInitial()` (its hidden fields),
   * the CSRF input and the page headers.
   */
  async renderConsent(validated: ValidatedAuthorization, application: Application | null): Promise<void> {
    const { scopes, credentials: c } = validated;
    this.oauth2Data = {
      application,
      scopes,
      client_id: c.clientId,
      redirect_uri: c.redirectUri,
      response_type: c.responseType,
      state: c.state,
      code_challenge: c.codeChallenge,
      code_challenge_method: c.codeChallengeMethod,
      nonce: c.nonce,
      claims: c.claims,
    };
    const FormClass = this.getFormClass();
    const form = new FormClass({ initial: this.getInitial(validated) });
    await this.renderToResponse(this.consentContext({ ...this.oauth2Data, scopes, form }));
  }

  /** The user answered: issue the code or `access_denied`, then 303 to the client; fatal errors give the 400 page. */
  async formValid(form: AllowForm): Promise<void> {
    const { scopes, credentials } = formCredentials(form);
    try {
      await this.authorize(scopes, credentials, form.allow);
    } catch (error) {
      if (!(error instanceof OAuth2Error)) throw error;
      await this.renderErrorResponse(error);
    }
  }

  /**
   * A required hidden field is missing: the form again with its errors, and 400 rather than DOT's 200, since the
   * request cannot be acted on as sent. No application is looked up for fields that came back incomplete.
   */
  async formInvalid(form: AllowForm): Promise<void> {
    const scopes = splitScope(form.data.scope);
    const context = this.consentContext({ application: null, scopes, form });
    await this.renderToResponse(context, 400);
  }

  /** Return the consent page's context: `extra`, the scope descriptions, the CSRF token and the form's action. */
  consentContext(extra: TemplateContext & { scopes: readonly string[] }): TemplateContext {
    const all = oauth2Settings().scopes;
    return this.getContextData({
      ...extra,
      scopes_descriptions: extra.scopes.map((scope) => all[scope] ?? scope),
      csrf_token: csrfToken(this.ctx),
      // The path alone: the fields travel in the body, and a query string would repeat every parameter.
      form_action: this.ctx.originalUrl.split('?', 1)[0] ?? this.ctx.path,
    });
  }
}
