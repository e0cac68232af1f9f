import createDebug from 'debug';

import { ImproperlyConfigured } from '../errors.js';
import { oauth2Settings } from '../settings/store.js';
import type { View } from '../views/view.js';
import type { AbstractConstructor } from './types.js';

const debug = createDebug('koa-oauth-toolkit:oidc');

/** DOT's message when OpenID Connect is off, with this toolkit's setting name. */
export const OIDC_DISABLED_MESSAGE =
  'koa-oauth-toolkit OIDC views are not enabled unless you have configured oidcEnabled in the settings';

/** DOT's message when RP-initiated logout is off, with this toolkit's setting name. */
export const OIDC_LOGOUT_DISABLED_MESSAGE =
  'The koa-oauth-toolkit OIDC RP-Initiated Logout view is not enabled unless you have configured ' +
  'oidcRpInitiatedLogoutEnabled in the settings';

/** What `OIDCOnlyMixin` adds: the reason the view is off, which one guard acts on. */
export interface OIDCOnly {
  /** Return why this view is not served (DOT's message), or null when it is. */
  oidcDisabledReason(): string | null;
}

/**
 * Serve the view only when OpenID Connect is on (DOT's `OIDCOnlyMixin`). When it is off: with the `debug` setting an
 * `ImproperlyConfigured` error saying why, otherwise 404 and the same message as a warning through the `logger`
 * setting. The guard is written once, here; other features override `oidcDisabledReason()`.
 *
 * @example
 * class ClaimsView extends OIDCOnlyMixin(View) {
 *   async get() { this.ctx.body = { ok: true }; }
 * }
 */
export function OIDCOnlyMixin<TBase extends AbstractConstructor<View>>(Base: TBase) {
  abstract class OIDCOnlyView extends Base implements OIDCOnly {
    oidcDisabledReason(): string | null {
      return oauth2Settings().oidcEnabled ? null : OIDC_DISABLED_MESSAGE;
    }

    override async dispatch(): Promise<void> {
      const reason = this.oidcDisabledReason();
      if (reason === null) {
        await super.dispatch();
        return;
      }
      const settings = oauth2Settings();
      if (settings.debug) throw new ImproperlyConfigured(`${this.constructor.name}: ${reason}`);
      debug('%s is disabled: 404', this.constructor.name);
      settings.logger?.warn(reason);
      this.ctx.status = 404;
    }
  }
  return OIDCOnlyView as TBase & AbstractConstructor<OIDCOnly>;
}

/** What `OIDCLogoutOnlyMixin` adds (the reason now covers RP-initiated logout too). */
export type OIDCLogoutOnly = OIDCOnly;

/**
 * Serve the view only when OpenID Connect and RP-initiated logout are both on (DOT's `OIDCLogoutOnlyMixin`): the
 * logout setting is checked first, then OIDC's, through `OIDCOnlyMixin`'s guard.
 *
 * @example
 * class MyLogoutView extends OIDCLogoutOnlyMixin(View) {}
 */
export function OIDCLogoutOnlyMixin<TBase extends AbstractConstructor<View>>(Base: TBase) {
  abstract class OIDCLogoutOnlyView extends OIDCOnlyMixin(Base) {
    override oidcDisabledReason(): string | null {
      return oauth2Settings().oidcRpInitiatedLogoutEnabled ? super.oidcDisabledReason() : OIDC_LOGOUT_DISABLED_MESSAGE;
    }
  }
  return OIDCLogoutOnlyView as TBase & AbstractConstructor<OIDCLogoutOnly>;
}
