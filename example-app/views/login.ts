import {
  ContextMixin,
  CSRF_FIELD_NAME,
  csrfToken,
  requireCsrf,
  setPageSecurityHeaders,
  TemplateResponseMixin,
  View,
  type TemplateContext,
} from '../../lib/index.js';
import { authenticate, login, requestEm, safeNext } from '../auth.js';
import { formField, queryField } from './form.js';

/** The message for any failed login: it does not say whether the username exists or the account is inactive. */
export const LOGIN_ERROR = 'Please enter a correct username and password. Note that both fields may be case-sensitive.';

/**
 * The login page (Django's `LoginView`): GET always shows the form, even to a logged-in user, because the toolkit
 * sends users here to log in again (`prompt=login`, `max_age`); POST checks CSRF and the credentials, then starts a
 * fresh session and redirects to `next` when it is a local path.
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
    const user = await authenticate(em, username, password);
    if (!user) {
      await this.renderForm(next, { username, error: LOGIN_ERROR });
      return;
    }
    await login(this.ctx, em, user);
    setPageSecurityHeaders(this.ctx);
    this.ctx.redirect(safeNext(next));
  }

  /** Render the form with a fresh CSRF token and the `next` it will redirect to. */
  async renderForm(next: string | undefined, extra: TemplateContext): Promise<void> {
    const context = { csrf_token: csrfToken(this.ctx), next: safeNext(next), user: this.ctx.state.user, ...extra };
    await this.renderToResponse(this.getContextData(context));
  }
}
