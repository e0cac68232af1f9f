import { ContextMixin, csrfToken, MANAGEMENT_ROUTES, TemplateResponseMixin, View } from '../../lib/index.js';

/** The home page: who is logged in, with links to log in and out and to the toolkit's management pages. */
export class HomeView extends TemplateResponseMixin(ContextMixin(View)) {
  override templateName = 'example_app/home.html';
  /** The path the toolkit's routes are mounted under (the issuer's path, `/o`). */
  oauthPrefix = '';

  /** Show the page. */
  async get(): Promise<void> {
    const user = this.ctx.state.user;
    const context = {
      user,
      csrf_token: user ? csrfToken(this.ctx) : undefined,
      applications_url: `${this.oauthPrefix}${MANAGEMENT_ROUTES.list.path}`,
      authorized_tokens_url: `${this.oauthPrefix}${MANAGEMENT_ROUTES.authorizedTokenList.path}`,
    };
    await this.renderToResponse(this.getContextData(context));
  }
}
