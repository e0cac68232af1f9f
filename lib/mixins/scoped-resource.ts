import { ImproperlyConfigured } from '../errors.js';
import type { View } from '../views/view.js';
import type { AbstractConstructor } from './types.js';

/** What `ScopedResourceMixin` adds: the scopes a resource requires. */
export interface ScopedResource {
  /** The scopes required to access the resource; null means "override `getScopes()`". */
  requiredScopes: readonly string[] | null;
  /** Return the scopes needed to access the resource. */
  getScopes(): readonly string[];
}

function missingScopes(view: object): ImproperlyConfigured {
  return new ImproperlyConfigured(
    `${view.constructor.name} requires either 'requiredScopes' or an implementation of 'getScopes()'`,
  );
}

/**
 * Add "scopes handling": require `requiredScopes` or an override of `getScopes()` (DOT's `ScopedResourceMixin`).
 * It only supplies scopes; the protection mixin below it checks them. A view with neither is refused when mounted.
 *
 * @example
 * class Orders extends ScopedResourceMixin(ProtectedResourceView) {
 *   override requiredScopes = ['orders'];
 *   async get() { this.ctx.body = []; }
 * }
 */
export function ScopedResourceMixin<TBase extends AbstractConstructor<View>>(Base: TBase) {
  abstract class ScopedResourceView extends Base implements ScopedResource {
    requiredScopes: readonly string[] | null = null;

    getScopes(): readonly string[] {
      if (this.requiredScopes === null) throw missingScopes(this);
      return this.requiredScopes;
    }

    /** Refuse at `asView()` a view with neither `requiredScopes` nor its own `getScopes()`, not at its first request. */
    override checkMounted(): void {
      super.checkMounted();
      if (this.requiredScopes === null && this.getScopes === ScopedResourceView.prototype.getScopes) {
        throw missingScopes(this);
      }
    }
  }
  return ScopedResourceView as TBase & AbstractConstructor<ScopedResource>;
}
