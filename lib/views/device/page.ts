import { ImproperlyConfigured } from '../../errors.js';
import { LoginRequiredMixin } from '../../mixins/login-required.js';
import { OAuthLibMixin } from '../../mixins/oauth-lib.js';
import type { AbstractConstructor } from '../../mixins/types.js';
import type { OAuth2Request } from '../../oauth2/request.js';
import type { DeviceViewValidator } from '../../validator.js';
import { ContextMixin, TemplateResponseMixin } from '../template.js';
import type { View } from '../view.js';
import { DEVICE_ROUTES, deviceGrantEnabled } from './paths.js';

type RouteName = keyof typeof DEVICE_ROUTES;

/** What the device pages share: the validator's device questions, their request, and the pages' URLs. */
export interface DevicePage {
  /** Return the validator, which must answer `DeviceViewValidator` (`OAuth2Validator` does). */
  deviceValidator(): DeviceViewValidator;
  /** Return the bodyless core request the validator's questions take (EntityManager, `ctx`, client address). */
  lookupRequest(): Promise<OAuth2Request>;
  /** Return the path of another device page for this grant, under the prefix the routes are mounted at. */
  devicePageUrl(route: RouteName, clientId: string, userCode: string): string;
  /** Answer 404 (a grant not the user's, gone or decided: the pages tell nobody else anything, DOT #1819). */
  notFound(): void;
}

/**
 * The device grant's HTML pages (RFC 8628 §3.3): login required, nunjucks templates with CSRF and the page headers,
 * and 404 while the device grant is not enabled (`grantTypesSupported`). The storage questions go through the
 * validator (ARCHITECTURE.md, The bridge).
 */
export function DevicePageMixin<TBase extends AbstractConstructor<View>>(Base: TBase) {
  abstract class DevicePageView
    extends LoginRequiredMixin(OAuthLibMixin(TemplateResponseMixin(ContextMixin(Base))))
    implements DevicePage
  {
    override async dispatch(): Promise<void> {
      if (!deviceGrantEnabled()) {
        this.notFound();
        return;
      }
      await super.dispatch();
    }

    deviceValidator(): DeviceViewValidator {
      const validator = this.oauthLibCore().server.validator as Partial<DeviceViewValidator>;
      if (typeof validator.enterDeviceUserCode !== 'function') {
        throw new ImproperlyConfigured(
          `${validator.constructor.name} does not answer the device pages: extend OAuth2Validator, or implement ` +
            'DeviceViewValidator',
        );
      }
      return validator as DeviceViewValidator;
    }

    lookupRequest(): Promise<OAuth2Request> {
      return this.oauthLibCore().lookupRequest(this.ctx);
    }

    devicePageUrl(route: RouteName, clientId: string, userCode: string): string {
      const router = (this.ctx as { router?: { url(name: string, params: object): unknown } }).router;
      const url = router?.url(DEVICE_ROUTES[route].name, { client_id: clientId, user_code: userCode });
      if (typeof url !== 'string') {
        throw new ImproperlyConfigured(
          `${DEVICE_ROUTES[route].name} is not routed: mount the pages with registerDeviceRoutes()`,
        );
      }
      return url;
    }

    notFound(): void {
      this.ctx.status = 404;
      this.ctx.set('Cache-Control', 'no-store');
      this.ctx.body = 'Not Found';
    }
  }
  return DevicePageView;
}
