import createDebug from 'debug';
import type { Context, Middleware } from 'koa';

import { writeDatabaseUnavailable } from '../backend/unavailable.js';
import { isConnectionFailure } from '../database-unavailable.js';
import { ImproperlyConfigured } from '../errors.js';
import { setResponseSecurityHeaders } from '../page-headers.js';
import { reportImproperlyConfigured } from '../settings/report.js';

const debug = createDebug('koa-oauth-toolkit:views');

const HTTP_METHOD_NAMES = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'] as const;

/** The HTTP methods a view may handle, by the lower-case name of its handler (Django's `http_method_names`). */
export type HttpMethodName = (typeof HTTP_METHOD_NAMES)[number];

/** A request handler: takes no arguments, reads `this.ctx`, writes status, headers and body to it. */
export type Handler = () => void | Promise<void>;

type FunctionKeys<T> = { [K in keyof T]-?: T[K] extends (...args: never[]) => unknown ? K : never }[keyof T];

/**
 * The options `asView()` accepts for a view `T`: its data fields, never its methods, its HTTP handlers or the
 * per-request `ctx`/`params`/`oauth2` (Django lets `as_view()` set only attributes the class already has).
 */
export type ViewInitOptions<T> = [ViewDataKeys<T>] extends [never]
  ? Readonly<Record<string, never>> // a view without fields takes none (`{}` would accept any object)
  : Partial<Pick<T, ViewDataKeys<T>>>;

/** The data fields of a view `T`: what `asView()` may set. */
export type ViewDataKeys<T> = Exclude<keyof T, FunctionKeys<T> | HttpMethodName | PerRequestKey>;

/** What a view holds for the current request only: never an `asView()` option. */
type PerRequestKey = 'ctx' | 'params' | 'oauth2';

/** The Koa middleware `asView()` returns, carrying the view class and its options as Django's `view_class`/`view_initkwargs`. */
export type ViewMiddleware<T extends View = View> = Middleware & {
  readonly viewClass: new () => T;
  readonly viewInitOptions: Readonly<Partial<Pick<T, ViewDataKeys<T>>>>;
};

const RESERVED = new Set<string>(['ctx', 'params', 'oauth2'] satisfies PerRequestKey[]);

/**
 * Base of every view: dispatch a request to the handler named after its HTTP method (Django's `View`).
 *
 * @example
 * ```ts
 * class PingView extends View {
 *   greeting = 'pong';
 *   async get() { this.ctx.body = { message: this.greeting }; }
 * }
 * router.all('ping', '/ping/', PingView.asView({ greeting: 'hello' }));
 * ```
 */
export abstract class View {
  /** The handlers `dispatch()` may call; narrow it in a subclass to refuse the others with 405. */
  static readonly httpMethodNames: readonly HttpMethodName[] = HTTP_METHOD_NAMES;

  /** The Koa context of the current request, bound by `setup()`. */
  ctx!: Context;
  /** The route parameters of the current request (`ctx.params` from @koa/router), bound by `setup()`. */
  params: Readonly<Record<string, string>> = {};

  /**
   * Return a Koa middleware that serves each request with a fresh instance of this view.
   *
   * The options are checked once, here, against a throwaway instance (as Django's `as_view()` checks its keyword
   * arguments): a key that is an HTTP method name, that the instance does not have, or that names a method is an
   * `ImproperlyConfigured` error naming the class and the key; then `checkMounted()` refuses what the view lacks.
   * `this: new () => T` makes the compiler refuse an abstract view, since `abstract` does not exist at run time.
   * A mistake only a request can show (no `app.keys`, a body parser that kept no raw body) is an
   * `ImproperlyConfigured` reported through the `logger` setting; Koa answers it with a generic 500.
   *
   * @example
   * ```ts
   * router.all('oauth2_provider:authorize', '/authorize/', AuthorizationView.asView({ templateName: 'my/authorize.html' }));
   * ```
   */
  static asView<T extends View>(this: new () => T, initOptions: ViewInitOptions<NoInfer<T>> = {}): ViewMiddleware<T> {
    const options = Object.freeze({ ...initOptions });
    const probe = new this();
    checkInitOptions(this, probe, Object.keys(options));
    Object.assign(probe, options).checkMounted();
    const middleware: Middleware = async (ctx) => {
      const view = Object.assign(new this(), options);
      view.setup(ctx);
      setResponseSecurityHeaders(ctx);
      try {
        await view.dispatch();
      } catch (error) {
        if (error instanceof ImproperlyConfigured) reportImproperlyConfigured(error);
        // A database outage is not the request's fault nor a bug: answered here, whichever step met it.
        if (!isConnectionFailure(error) || ctx.headerSent) throw error;
        await view.databaseUnavailable(error);
      }
    };
    const viewInitOptions = options as ViewMiddleware<T>['viewInitOptions']; // the same object, its exact type widened
    return Object.assign(middleware, { viewClass: this, viewInitOptions });
  }

  /**
   * Refuse, when the view is mounted (`asView()`, on an instance with the options set), a configuration that could
   * only fail at its first request; throw `ImproperlyConfigured` naming the fix. Nothing by default; a mixin that
   * needs something of its subclass (e.g. `ScopedResourceMixin`'s scopes) overrides it and calls `super`.
   */
  checkMounted(): void {}

  /** Bind the request to the view: `ctx`, `params`, and `head` served by `get` when there is no `head` (Django). */
  setup(ctx: Context): void {
    this.ctx = ctx;
    this.params = (ctx as { params?: Record<string, string> }).params ?? {};
    // Handlers are not declared here, so that a subclass's `get()` needs no `override`; hence the index access.
    const handlers = this as unknown as Record<string, unknown>;
    if (typeof handlers['get'] === 'function' && handlers['head'] === undefined) handlers['head'] = handlers['get'];
  }

  /** Call the handler named after the request's method, or answer `httpMethodNotAllowed()`. */
  async dispatch(): Promise<void> {
    const method = this.ctx.method.toLowerCase();
    const handler = this.#handlerFor(method);
    if (handler) await handler.call(this);
    else this.httpMethodNotAllowed();
  }

  /**
   * Answer a request the database could not serve (a connection failure in any step of `dispatch()`): 503
   * `temporarily_unavailable` JSON with `Retry-After`, in place of anything written so far. Views that render pages
   * answer with the error page instead (`TemplateResponseMixin`).
   */
  databaseUnavailable(error: unknown): void | Promise<void> {
    writeDatabaseUnavailable(this.ctx, error);
  }

  /** Answer 405 with an `Allow` header listing the methods this view handles (RFC 9110 §15.5.6). */
  httpMethodNotAllowed(): void {
    debug('method not allowed (%s): %s', this.ctx.method, this.ctx.path);
    this.ctx.status = 405;
    this.ctx.set('Allow', this.allowedMethods().join(', '));
  }

  /**
   * Answer an OPTIONS request: 200 with an empty body and an `Allow` header, as Django does.
   *
   * Django answers 200 with `Content-Length: 0` rather than 204; we keep its status so that DOT clients see the same.
   */
  options(): void | Promise<void> {
    this.ctx.status = 200;
    this.ctx.set('Allow', this.allowedMethods().join(', '));
    this.ctx.body = '';
    this.ctx.remove('Content-Type');
  }

  /** Return the upper-case names of the methods this view handles, for the `Allow` header. */
  allowedMethods(): string[] {
    const names = (this.constructor as typeof View).httpMethodNames;
    return names.filter((name) => this.#handlerFor(name)).map((name) => name.toUpperCase());
  }

  #handlerFor(method: string): Handler | undefined {
    const names: readonly string[] = (this.constructor as typeof View).httpMethodNames;
    if (!names.includes(method)) return undefined;
    const handler: unknown = (this as unknown as Record<string, unknown>)[method];
    return typeof handler === 'function' ? (handler as Handler) : undefined;
  }
}

/** Refuse the `asView()` options a view cannot take, naming the class and the key (Django's `as_view()` checks). */
function checkInitOptions(cls: new () => View, instance: View, keys: readonly string[]): void {
  for (const key of keys) {
    if ((HTTP_METHOD_NAMES as readonly string[]).includes(key)) {
      throw new ImproperlyConfigured(
        `The method name '${key}' is not accepted as an option to ${cls.name}.asView(); define ${key}() in a subclass.`,
      );
    }
    if (RESERVED.has(key) || !(key in instance)) {
      throw new ImproperlyConfigured(
        `${cls.name}.asView() received an invalid option '${key}': asView() only accepts fields the view already has.`,
      );
    }
    if (typeof (instance as unknown as Record<string, unknown>)[key] === 'function') {
      throw new ImproperlyConfigured(
        `${cls.name}.asView() received the method '${key}' as an option; override ${key}() in a subclass instead.`,
      );
    }
  }
}
