import { csrfToken, readCsrfCheckedForm } from '../../csrf.js';
import { displayUserCode } from '../../oauth2/device/user-code.js';
import { OAuth2Error, TooManyRequestsError } from '../../oauth2/errors.js';
import { retryAfterHeader } from '../../oauth2/serialize.js';
import { oauth2Settings } from '../../settings/store.js';
import { pageError, type TemplateContext } from '../template.js';
import { View, type HttpMethodName } from '../view.js';
import { DevicePageMixin } from './page.js';

/** The message of a code that names no pending grant for this user (DOT's "Incorrect user code", and its others). */
export const INCORRECT_USER_CODE = 'Incorrect or expired user code.';

/**
 * Where the user types the code the device shows (RFC 8628 §3.3; DOT's `DeviceUserCodeView`) at `/device/`, login
 * required. `?user_code=` fills the field in (`verification_uri_complete`) and nothing more: the user still submits
 * it and then confirms (§5.4). A code is entered in any case, with or without its dash; entering it binds the grant
 * to the user in one conditional UPDATE, so nobody else can confirm it. Failed entries are throttled per user and
 * address (429 with `Retry-After`, RFC 8628 §5.1).
 *
 * @example
 * router.all('oauth2_provider:device', '/o/device/', DeviceUserCodeView.asView());
 */
export class DeviceUserCodeView extends DevicePageMixin(View) {
  static override readonly httpMethodNames: readonly HttpMethodName[] = ['get', 'post', 'options'];
  override templateName: string | null = 'oauth2_provider/device/user_code.html';

  /** Show the form, with the code of `?user_code=` filled in. */
  async get(): Promise<void> {
    const initial = this.ctx.query['user_code'];
    await this.renderForm(typeof initial === 'string' ? displayUserCode(initial).slice(0, 64) : '', null);
  }

  /** Bind the grant of the submitted code to the user, then 303 to its confirmation page. */
  async post(): Promise<void> {
    const form = await readCsrfCheckedForm(this.ctx, (error) => this.renderForm('', error));
    if (form === null) return;
    const typed = (form.get('user_code') ?? '').slice(0, 64);
    let entered;
    try {
      entered = await this.deviceValidator().enterDeviceUserCode(typed, this.getUser(), await this.lookupRequest());
    } catch (error) {
      if (!(error instanceof TooManyRequestsError)) throw error;
      await this.renderForm(typed, error);
      return;
    }
    if (entered === null) {
      await this.renderForm(typed, INCORRECT_USER_CODE);
      return;
    }
    this.ctx.status = 303;
    this.ctx.set('Cache-Control', 'no-store');
    this.ctx.redirect(this.devicePageUrl('confirm', entered.clientId, entered.userCode));
  }

  /** Render the form with `userCode` and an error (a message, or an error whose status and headers it takes). */
  async renderForm(userCode: string, error: string | OAuth2Error | null): Promise<void> {
    const context: TemplateContext = this.getContextData({
      user_code: userCode,
      error: typeof error === 'string' ? error : error === null ? null : pageError(error).description,
      csrf_token: csrfToken(this.ctx),
      form_action: this.ctx.path,
      debug: oauth2Settings().debug,
    });
    if (error instanceof OAuth2Error) this.ctx.set(retryAfterHeader(error));
    // A wrong code is a form error (DOT answers 200); a throttled or unreadable form keeps its error status.
    await this.renderToResponse(context, error instanceof OAuth2Error ? error.status : 200);
  }
}
