import { oauth2Settings } from '../settings/store.js';
import type { View } from '../views/view.js';
import { ScopedResourceMixin, type ScopedResource } from './scoped-resource.js';
import type { AbstractConstructor } from './types.js';

/** Methods that only read, so need the read scope (DOT's `SAFE_HTTP_METHODS`). */
export const SAFE_HTTP_METHODS: readonly string[] = ['GET', 'HEAD', 'OPTIONS'];

/**
 * Return the scope a method needs: `readScope` for GET, HEAD and OPTIONS, `writeScope` otherwise. Both are keys
 * of the `scopes` setting: `configure()` refuses them otherwise, at start-up, earlier than DOT's per-request check.
 */
export function readWriteScopeFor(method: string): string {
  const { readScope, writeScope } = oauth2Settings();
  return SAFE_HTTP_METHODS.includes(method.toUpperCase()) ? readScope : writeScope;
}

/**
 * Require the read scope for safe methods and the write scope for the others, on top of `requiredScopes`
 * (DOT's `ReadWriteScopedResourceMixin`, which is itself a `ScopedResourceMixin`). A new list is built for every
 * request, so one request's method never leaks into the next (DOT #1738).
 *
 * @example
 * class Notes extends ReadWriteScopedResourceMixin(ProtectedResourceView) {
 *   async get() { this.ctx.body = []; }      // needs `read`
 *   async post() { this.ctx.status = 201; }  // needs `write`
 * }
 */
export function ReadWriteScopedResourceMixin<TBase extends AbstractConstructor<View>>(Base: TBase) {
  abstract class ReadWriteScopedResourceView extends ScopedResourceMixin(Base) {
    override requiredScopes: readonly string[] | null = [];

    override getScopes(): readonly string[] {
      return [...super.getScopes(), readWriteScopeFor(this.ctx.method)];
    }
  }
  return ReadWriteScopedResourceView as TBase & AbstractConstructor<ScopedResource>;
}
