import { ContextMixin, TemplateResponseMixin, View } from '../../lib/index.js';
import { queryField } from './form.js';

/** The demo client's redirect URI: shows what the authorization server sent back, to paste into a token request. */
export class CallbackView extends TemplateResponseMixin(ContextMixin(View)) {
  override templateName = 'example_app/callback.html';

  /** Show the response parameters (RFC 6749 §4.1.2, RFC 9207 `iss`). */
  async get(): Promise<void> {
    const names = ['code', 'state', 'iss', 'error', 'error_description'];
    const params = names.map((name) => ({ name, value: queryField(this.ctx, name) })).filter((p) => p.value);
    await this.renderToResponse(this.getContextData({ params }));
  }
}
