import { csrfToken, readCsrfCheckedForm } from '../../csrf.js';
import { displayUserCode } from '../../oauth2/device/user-code.js';
import { oauth2Settings } from '../../settings/store.js';
import type { DeviceGrantPage } from '../../validator.js';
import { pageError } from '../template.js';
import { View, type HttpMethodName } from '../view.js';
import { DevicePageMixin } from './page.js';

/**
 * The user approves or denies a device (RFC 8628 §3.3; DOT's `DeviceConfirmView`) at
 * `/device-confirm/<client_id>/<user_code>`, login required: the application's name and the requested scopes, and a
 * CSRF-protected form with DOT's `action=accept|deny`. Only the user who entered the code sees it; anyone else, a
 * decided or expired grant gets 404 (DOT #1819). Another `action` is 400. The decision is one conditional UPDATE,
 * then 303 to the status page.
 *
 * @example
 * router.all('oauth2_provider:device-confirm', '/o/device-confirm/:client_id/:user_code', DeviceConfirmView.asView());
 */
export class DeviceConfirmView extends DevicePageMixin(View) {
  static override readonly httpMethodNames: readonly HttpMethodName[] = ['get', 'post', 'options'];
  override templateName: string | null = 'oauth2_provider/device/accept_deny.html';

  /** Show the grant's application and scopes with the accept and deny buttons. */
  async get(): Promise<void> {
    const page = await this.pendingGrant();
    if (page === null) return this.notFound();
    await this.renderToResponse(this.confirmContext(page));
  }

  /** Record the decision, then 303 to the status page. */
  async post(): Promise<void> {
    const form = await readCsrfCheckedForm(this.ctx, async (error) => {
      await this.renderToResponse(this.getContextData({ error: pageError(error) }), error.status);
    });
    if (form === null) return;
    const action = form.get('action');
    if (action !== 'accept' && action !== 'deny') {
      this.ctx.status = 400;
      this.ctx.body = 'Bad Request';
      return;
    }
    const { client_id: clientId = '', user_code: userCode = '' } = this.params;
    const settings = oauth2Settings();
    const authTime = settings.getAuthTime(this.ctx);
    const approval =
      action === 'accept'
        ? {
            authTime: authTime === null ? null : Math.floor(authTime.getTime() / 1000),
            acr: settings.getAcr(this.ctx) || null,
          }
        : null;
    const validator = this.deviceValidator();
    const decided = await validator.decideDeviceGrant(
      clientId,
      userCode,
      this.getUser(),
      approval,
      await this.lookupRequest(),
    );
    if (!decided) return this.notFound();
    this.ctx.status = 303;
    this.ctx.set('Cache-Control', 'no-store');
    this.ctx.redirect(this.devicePageUrl('status', clientId, userCode));
  }

  /** Return the grant of the route bound to this user while it is pending, else null. */
  async pendingGrant(): Promise<DeviceGrantPage | null> {
    const { client_id: clientId = '', user_code: userCode = '' } = this.params;
    const validator = this.deviceValidator();
    const page = await validator.getDeviceGrant(clientId, userCode, this.getUser(), await this.lookupRequest());
    return page?.pending ? page : null;
  }

  /** DOT's context: `application`, `scopes` and `scopes_descriptions`, plus the code, CSRF and the form's action. */
  confirmContext(page: DeviceGrantPage) {
    const all = oauth2Settings().scopes;
    return this.getContextData({
      application: page.application,
      scopes: page.scopes,
      scopes_descriptions: page.scopes.map((scope) => all[scope] ?? scope),
      user_code: displayUserCode(this.params['user_code'] ?? ''),
      csrf_token: csrfToken(this.ctx),
      form_action: this.ctx.path,
    });
  }
}
