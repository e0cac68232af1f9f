import {
  ContextMixin,
  CSRF_FIELD_NAME,
  csrfToken,
  requireCsrf,
  setPageSecurityHeaders,
  TemplateResponseMixin,
  throttledAuthenticate,
  View,
  type TemplateContext,
} from '../../lib/index.js';
import { authenticate, login, requestEm, safeNext } from '../auth.js';
import { formField, queryField } from './form.js';

/** The message for any failed login: it does not say whether the username exists or the account is inactive. */
export const LOGIN_ERROR = 'Please enter a correct username and password. Note that both fields may be case-sensitive.';

/** The message for a login refused by throttling: how long to wait, and nothing about the account. */
export function loginThrottledMessage(retryAfterSeconds: number): string {
  const minutes = Math.ceil(retryAfterSeconds / 60);
  return `Too many failed login attempts. Please wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again.`;
}

/**
 * The login page (Django's `LoginView`): GET always shows the form, even to a logged-in user, because the toolkit
 * sends users here to log in again (`prompt=login`, `max_age`); POST checks CSRF and the credentials, then starts a
 * fresh session and redirects to `next` when it is a local path. The check is throttled by the toolkit, on the
 * password grant's counters: too many failures answer 429 with `Retry-After` and a form that says to wait.
 */
export class LoginView extends TemplateResponseMixin(ContextMixin(View)) {
  override templateName = 'registration/login.html';

  /** Show the login form. */
  async get(): Promise<void> {
    await this.renderForm(queryField(this.ctx, 'next'), {});
  }

  /** Log the user in, or show the form again with an error (200, no session). */
  async post(): Promise<void> {
    const next = formField(this.ctx, 'next') ?? queryField(this.ctx, 'next');
    if (!requireCsrf(this.ctx, formField(this.ctx, CSRF_FIELD_NAME))) return;
    const username = formField(this.ctx, 'username') ?? '';
    const password = formField(this.ctx, 'password') ?? '';
    const em = requestEm(this.ctx);
    const attempt = await throttledAuthenticate(this.ctx, username, () => authenticate(em, username, password));
    if (attempt.status === 'blocked') {
      this.ctx.set('Retry-After', String(attempt.retryAfter));
      await this.renderForm(next, { username, error: loginThrottledMessage(attempt.retryAfter) }, 429);
      return;
    }
    if (attempt.status === 'failed') {
      await this.renderForm(next, { username, error: LOGIN_ERROR });
      return;
    }
    await login(this.ctx, em, attempt.user);
    setPageSecurityHeaders(this.ctx);
    this.ctx.redirect(safeNext(next));
  }

  /** Render the form with a fresh CSRF token and the `next` it will redirect to. */
  async renderForm(next: string | undefined, extra: TemplateContext, status?: number): Promise<void> {
    const context = { csrf_token: csrfToken(this.ctx), next: safeNext(next), user: this.ctx.state.user, ...extra };
    await this.renderToResponse(this.getContextData(context), status);
  }
}
