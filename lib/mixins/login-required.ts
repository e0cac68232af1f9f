import createDebug from 'debug';

import { oauth2Settings } from '../settings/store.js';
import type { OAuth2User } from '../settings/user.js';
import type { View } from '../views/view.js';
import { passesWithoutToken } from './protected-resource.js';
import type { AbstractConstructor } from './types.js';

const debug = createDebug('koa-oauth-toolkit:login');

/** What `LoginRequiredMixin` adds (Django's `LoginRequiredMixin` / `AccessMixin`). */
export interface LoginRequired {
  /** The login page; null means the `loginUrl` setting (Django's `login_url`). */
  loginUrl: string | null;
  /** The query parameter that carries the URL to come back to (Django's `redirect_field_name`). */
  redirectFieldName: string;
  /** Return the login page's URL. */
  getLoginUrl(): string;
  /** Return the logged-in user of this request (the `getUser` setting), or null for an anonymous one. */
  getUser(): OAuth2User | null;
  /** Answer a request from an anonymous user; by default a 302 to the login page with `next`. */
  handleNoPermission(): Promise<void>;
  /** Answer a 302 to the login page with `next` set to `next` (Django's `redirect_to_login`). */
  redirectToLogin(next: string): void;
}

/**
 * Require a logged-in user, as `getUser(ctx)` tells (Django's `LoginRequiredMixin`): an anonymous request gets
 * `handleNoPermission()`, by default a 302 to `loginUrl?next=<the full path>`. OPTIONS is answered without one,
 * since a CORS preflight never carries the session (unlike Django, which redirects it too).
 *
 * @example
 * ```ts
 * class MyPage extends LoginRequiredMixin(TemplateResponseMixin(View)) {
 *   override loginUrl = '/signin/';
 *   async get() { await this.renderToResponse({ user: this.getUser() }); }
 * }
 * ```
 */
export function LoginRequiredMixin<TBase extends AbstractConstructor<View>>(Base: TBase) {
  abstract class LoginRequiredView extends Base implements LoginRequired {
    loginUrl: string | null = null;
    redirectFieldName = 'next';

    getLoginUrl(): string {
      return this.loginUrl ?? oauth2Settings().loginUrl;
    }

    getUser(): OAuth2User | null {
      return (oauth2Settings().getUser(this.ctx) as OAuth2User | null | undefined) ?? null;
    }

    override async dispatch(): Promise<void> {
      // OPTIONS (a CORS preflight) carries no session: answered as it is, never sent to the login page.
      if (this.getUser() === null && !passesWithoutToken(this.ctx)) {
        await this.handleNoPermission();
        return;
      }
      await super.dispatch();
    }

    async handleNoPermission(): Promise<void> {
      this.redirectToLogin(this.ctx.originalUrl);
    }

    redirectToLogin(next: string): void {
      debug('redirect to login from %s', this.ctx.path);
      this.ctx.status = 302;
      this.ctx.set('Cache-Control', 'no-store');
      this.ctx.redirect(loginRedirectUrl(this.getLoginUrl(), this.redirectFieldName, next));
    }
  }
  return LoginRequiredView as TBase & AbstractConstructor<LoginRequired>;
}

/** Add `field=next` to the login URL, keeping any query it already has (Django's `redirect_to_login`). */
export function loginRedirectUrl(loginUrl: string, field: string, next: string): string {
  const [base = '', fragment] = loginUrl.split('#', 2);
  const separator = base.includes('?') ? (base.endsWith('?') || base.endsWith('&') ? '' : '&') : '?';
  const url = `${base}${separator}${encodeURIComponent(field)}=${encodeURIComponent(next)}`;
  return fragment === undefined ? url : `${url}#${fragment}`;
}
