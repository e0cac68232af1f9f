import {
  ContextMixin,
  CSRF_FIELD_NAME,
  csrfToken,
  requireCsrf,
  setPageSecurityHeaders,
  TemplateResponseMixin,
  View,
} from '../../lib/index.js';
import { logout, safeNext } from '../auth.js';
import { formField, queryField } from './form.js';

/**
 * The logout page: GET asks for confirmation, POST (with CSRF, so no other site can log a user out) ends the
 * session and redirects to `next` when it is a local path.
 */
export class LogoutView extends TemplateResponseMixin(ContextMixin(View)) {
  override templateName = 'registration/logout.html';

  /** Show the confirmation form. */
  async get(): Promise<void> {
    const context = { csrf_token: csrfToken(this.ctx), next: safeNext(queryField(this.ctx, 'next')) };
    await this.renderToResponse(this.getContextData({ ...context, user: this.ctx.state.user }));
  }

  /** End the session and redirect. */
  async post(): Promise<void> {
    if (!requireCsrf(this.ctx, formField(this.ctx, CSRF_FIELD_NAME))) return;
    logout(this.ctx);
    setPageSecurityHeaders(this.ctx);
    this.ctx.redirect(safeNext(formField(this.ctx, 'next')));
  }
}
