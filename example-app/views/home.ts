import { ContextMixin, csrfToken, TemplateResponseMixin, View } from '../../lib/index.js';

/** The home page: who is logged in, with links to log in and out. */
export class HomeView extends TemplateResponseMixin(ContextMixin(View)) {
  override templateName = 'example_app/home.html';

  /** Show the page. */
  async get(): Promise<void> {
    const user = this.ctx.state.user;
    const context = { user, csrf_token: user ? csrfToken(this.ctx) : undefined };
    await this.renderToResponse(this.getContextData(context));
  }
}
