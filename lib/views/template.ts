import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import nunjucks from 'nunjucks';

import type { Context } from 'koa';

import { startUnavailableAnswer } from '../backend/unavailable.js';
import { ImproperlyConfigured } from '../errors.js';
import type { AbstractConstructor } from '../mixins/types.js';
import { errorFields, retryAfterHeader } from '../oauth2/serialize.js';
import { OAuth2Error } from '../oauth2/errors.js';
import { pageNonce, setPageSecurityHeaders } from '../page-headers.js';
import { oauth2Settings, settingsVersion } from '../settings/store.js';
import type { View } from './view.js';

/** The variables a template is rendered with. */
export type TemplateContext = Record<string, unknown>;

/** What `ContextMixin` adds (Django's `ContextMixin`). The stem is not `Context`, which is Koa's request context. */
export interface ContextProvider {
  /** Variables added to every context of this view (Django's `extra_context`). */
  extraContext: TemplateContext | null;
  /** Return the template context: `extra`, a `view` entry, then `extraContext`. */
  getContextData(extra?: TemplateContext): TemplateContext;
}

/** What `TemplateResponseMixin` adds (Django's `TemplateResponseMixin`). */
export interface TemplateResponse {
  /** The template to render, a name under a template folder (`oauth2_provider/authorize.html`). */
  templateName: string | null;
  /** Return the candidate template names, the first found wins. */
  getTemplateNames(): readonly string[];
  /** Render the first found template with `context` into an HTML response with the page security headers. */
  renderToResponse(context: TemplateContext, status?: number): Promise<void>;
}

/**
 * Add a template context built from the handler's variables and `extraContext` (Django's `ContextMixin`).
 *
 * @example
 * ```ts
 * class HelpView extends TemplateResponseMixin(ContextMixin(View)) {
 *   override templateName = 'myapp/help.html';
 *   async get() { await this.renderToResponse(this.getContextData({ topic: 'scopes' })); }
 * }
 * ```
 */
export function ContextMixin<TBase extends AbstractConstructor<View>>(Base: TBase) {
  abstract class ContextView extends Base implements ContextProvider {
    extraContext: TemplateContext | null = null;

    getContextData(extra: TemplateContext = {}): TemplateContext {
      // Django: kwargs.setdefault("view", self), then extra_context wins.
      return { view: this, ...extra, ...(this.extraContext ?? {}) };
    }
  }
  return ContextView as TBase & AbstractConstructor<ContextProvider>;
}

/**
 * Add rendering of a nunjucks template into the response (Django's `TemplateResponseMixin`).
 *
 * The app's `templateDirs` are searched before the package's `templates/`, so an app overrides a built-in page by
 * placing a file of the same name (`oauth2_provider/authorize.html`) in its own folder. Autoescaping is on.
 *
 * @example
 * ```ts
 * class HelpView extends TemplateResponseMixin(View) {
 *   override templateName = 'myapp/help.html';
 *   async get() { await this.renderToResponse({ topic: 'scopes' }); }
 * }
 * ```
 */
export function TemplateResponseMixin<TBase extends AbstractConstructor<View>>(Base: TBase) {
  abstract class TemplateResponseView extends Base implements TemplateResponse {
    templateName: string | null = null;

    getTemplateNames(): readonly string[] {
      if (this.templateName === null) {
        throw new ImproperlyConfigured(
          `${this.constructor.name} requires either a definition of 'templateName' or an implementation of 'getTemplateNames()'`,
        );
      }
      return [this.templateName];
    }

    async renderToResponse(context: TemplateContext, status = 200): Promise<void> {
      renderPage(this.ctx, this.constructor.name, this.getTemplateNames(), context, status);
    }

    /** Answer a database outage with the 503 error page (see `renderDatabaseUnavailablePage`). */
    override async databaseUnavailable(error: unknown): Promise<void> {
      renderDatabaseUnavailablePage(this.ctx, error);
    }
  }
  return TemplateResponseView as TBase & AbstractConstructor<TemplateResponse>;
}

/** What an error page's template gets as `error`: its code and the description only where it may be shown. */
export interface PageError {
  readonly error: string;
  readonly description: string;
}

/**
 * Return the `error` of an error page, from an error or its wire fields, through the one serializer of errors
 * (`errorFields`): the description only where it may be shown.
 */
export function pageError(
  source: OAuth2Error | { readonly error: string; readonly error_description?: string },
): PageError {
  const fields = source instanceof OAuth2Error ? errorFields(source) : source;
  return { error: fields.error ?? source.error, description: fields.error_description ?? '' };
}

/** The page that answers a database outage (with `error.error` and `error.description`). */
export const UNAVAILABLE_TEMPLATE = 'oauth2_provider/error.html';

/**
 * Answer a request the database could not serve with the error page: 503 `temporarily_unavailable` with
 * `Retry-After` and the page security headers, in place of anything written so far; the driver's error is not shown.
 *
 * @example
 * try { await next(); } catch (error) { if (isConnectionFailure(error)) renderDatabaseUnavailablePage(ctx, error); else throw error; }
 */
export function renderDatabaseUnavailablePage(ctx: Context, cause: unknown): void {
  const error = startUnavailableAnswer(ctx, cause);
  const context = { error: pageError(error) };
  renderPage(ctx, 'renderDatabaseUnavailablePage', [UNAVAILABLE_TEMPLATE], context, error.status);
  ctx.set(retryAfterHeader(error));
}

/**
 * Render the first found of `names` into an HTML response with the page security headers: what
 * `renderToResponse()` does, for a page other than the view's own (an error page).
 */
export function renderPage(
  ctx: Context,
  viewName: string,
  names: readonly string[],
  context: TemplateContext,
  status: number,
): void {
  const template = selectTemplate(viewName, names);
  // Render before touching ctx, so that a template error leaves no half-written response behind; Koa answers
  // such an error with a bare 500 (expose is false), never the stack trace. The nonce goes last, so that no
  // context can replace the one the CSP header names.
  const html = template.render({ ...context, csp_nonce: pageNonce(ctx) });
  setPageSecurityHeaders(ctx);
  ctx.status = status;
  ctx.type = 'text/html; charset=utf-8';
  ctx.body = html;
}

let cache: { version: number; env: nunjucks.Environment } | undefined;

/** Return the nunjucks environment of the current settings: the app's `templateDirs`, then the package's. */
export function templateEnvironment(): nunjucks.Environment {
  const version = settingsVersion();
  if (cache !== undefined && cache.version === version) return cache.env;
  const dirs = [...oauth2Settings().templateDirs, path.join(packageRoot(), 'templates')];
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(dirs), {
    autoescape: true,
    throwOnUndefined: false,
  });
  cache = { version, env };
  return env;
}

/** Return the first of `names` that exists (Django's `select_template`); a missing one is a deployment mistake. */
function selectTemplate(viewName: string, names: readonly string[]): nunjucks.Template {
  const env = templateEnvironment();
  for (const name of names) {
    try {
      return env.getTemplate(name, true);
    } catch (err) {
      // nunjucks has no error class for a missing template; anything else (a syntax error) is the app's to see.
      if (!(err instanceof Error) || err.message !== `template not found: ${name}`) throw err;
    }
  }
  throw new ImproperlyConfigured(
    `${viewName}: none of the templates ${names.map((n) => `'${n}'`).join(', ')} was found; ` +
      `add it to a folder listed in 'templateDirs' or set 'templateName' to an existing template`,
  );
}

let root: string | undefined;

/** Find this package's folder from lib/ (tsx) or dist/lib/ (built) alike, by its package.json. */
function packageRoot(): string {
  if (root) return root;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'koa-oauth-toolkit'
    ) {
      return (root = dir);
    }
    const parent = path.dirname(dir);
    if (parent === dir)
      throw new ImproperlyConfigured('koa-oauth-toolkit: cannot find the package folder of its templates');
    dir = parent;
  }
}
