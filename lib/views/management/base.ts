import type { BridgeValidator } from '../../backend.js';
import { csrfToken, readCsrfCheckedForm } from '../../csrf.js';
import { ImproperlyConfigured } from '../../errors.js';
import { LoginRequiredMixin } from '../../mixins/login-required.js';
import { OAuthLibMixin } from '../../mixins/oauth-lib.js';
import type { OAuth2Error } from '../../oauth2/errors.js';
import type { OAuth2Request } from '../../oauth2/request.js';
import type { ManagementQuery } from '../../validator.js';
import { ContextMixin, pageError, renderPage, TemplateResponseMixin, type TemplateContext } from '../template.js';
import { View, type HttpMethodName } from '../view.js';

/** The error page the management views answer a missing object or an unreadable form with. */
export const MANAGEMENT_ERROR_TEMPLATE = 'oauth2_provider/error.html';

/** What a view's `getQueryset()` gives: the owner and the narrowing (DOT's queryset, before its page is cut). */
export type OwnerScope = Pick<ManagementQuery, 'owner' | 'where'>;

/**
 * Base of DOT's management pages: login required (the `loginUrl` setting, or the view's `loginUrl`), the storage
 * through the validator's `ManagementValidator` methods (ARCHITECTURE.md, The bridge), every object scoped to the
 * logged-in user (`getQueryset()`), CSRF-checked forms, 303 after every POST, and a 404 page that never says whether
 * someone else's object exists.
 */
export abstract class ManagementView extends LoginRequiredMixin(
  OAuthLibMixin(TemplateResponseMixin(ContextMixin(View))),
) {
  // No HEAD handler of its own beyond GET's, and no PUT or DELETE: HTML forms only send GET and POST.
  static override readonly httpMethodNames: readonly HttpMethodName[] = ['get', 'head', 'post', 'options'];
  /** Equality conditions that narrow the owner's objects (DOT's `queryset`); null: all of them. */
  queryset: Readonly<Record<string, string | number | boolean | null>> | null = null;
  /** Where a successful POST goes (DOT's `success_url`); null: the view's default. */
  successUrl: string | null = null;

  /**
   * Return the owner and the narrowing every question of this view is asked with (DOT's `get_queryset()`). The
   * owner is always the logged-in user: override to narrow further, never to widen.
   */
  getQueryset(): OwnerScope {
    return { owner: this.getUser(), where: this.queryset ?? {} };
  }

  /** Return the query for one object of the owner (a detail, update or delete page). */
  objectQuery(): ManagementQuery {
    return { ...this.getQueryset(), offset: 0, limit: 1 };
  }

  /** Return the validator that answers the management questions, or throw naming the missing `method`. */
  validator(method: keyof BridgeValidator): BridgeValidator {
    return this.oauthLibCore().viewValidator(method);
  }

  /** Return the bodyless core request the validator's questions take (the request's EntityManager on it). */
  async lookupRequest(): Promise<OAuth2Request> {
    return this.oauthLibCore().lookupRequest(this.ctx);
  }

  /** Return the route parameter `pk` of `applications/<pk>/...` (`''` when absent). */
  getPk(): string {
    return this.params['pk'] ?? '';
  }

  /**
   * Return the path of a route by DOT's name (`oauth2_provider:detail`) under the router the pages are mounted on
   * (Django's `reverse`).
   * @throws ImproperlyConfigured when no such route is mounted
   */
  reverse(name: string, params: Record<string, string | number> = {}): string {
    const router = (this.ctx as { router?: { url(name: string, params?: object): unknown } }).router;
    const url = router?.url(name, params);
    if (typeof url !== 'string') {
      throw new ImproperlyConfigured(
        `${this.constructor.name}: no route named '${name}' is mounted; register the pages with registerManagementRoutes() or set 'successUrl'`,
      );
    }
    return url;
  }

  /** Read the submitted form, CSRF first; null once the answer (403, or the error page) is written. */
  async readForm(): Promise<URLSearchParams | null> {
    return readCsrfCheckedForm(this.ctx, (error) => this.renderError(error));
  }

  /** Answer a POST with 303 to `url` (RFC 9110 §15.4.4), so that reloading the next page never sends it again. */
  redirectAfterPost(url: string): void {
    this.ctx.status = 303;
    this.ctx.set('Location', url);
    this.ctx.set('Cache-Control', 'no-store');
    this.ctx.body = '';
  }

  /**
   * Return the page's context: `extra`, the CSRF token for its forms, the view, and `url(name, params)` to link
   * to the other pages by DOT's route names (`url('oauth2_provider:detail', { pk: application.id })`).
   */
  pageContext(extra: TemplateContext = {}): TemplateContext {
    const url = (name: string, params: Record<string, string | number> = {}) => this.reverse(name, params);
    return this.getContextData({ ...extra, csrf_token: csrfToken(this.ctx), url });
  }

  /** Answer 404 with the error page: unknown, malformed and someone else's objects look the same. */
  notFound(): void {
    this.renderErrorPage({ error: 'not_found', description: 'No such object, or it is not yours.' }, 404);
  }

  /** Answer a form the server cannot read (too large, not UTF-8) with the error page and the error's status. */
  async renderError(error: OAuth2Error): Promise<void> {
    this.renderErrorPage(pageError(error), error.status);
  }

  private renderErrorPage(error: { error: string; description: string }, status: number): void {
    const context = this.getContextData({ error });
    renderPage(this.ctx, this.constructor.name, [MANAGEMENT_ERROR_TEMPLATE], context, status);
  }
}
