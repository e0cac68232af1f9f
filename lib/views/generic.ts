/**
 * The generic protected views (DOT's `views/generic.py`): composition only, to subclass with handlers.
 *
 * @example
 * class Profile extends ScopedProtectedResourceView {
 *   override requiredScopes = ['profile'];
 *   async get() { this.ctx.body = { user: this.oauth2.user?.username }; } // User as declared in OAuth2UserTypes
 * }
 * router.all('profile', '/api/profile', Profile.asView());
 */
import { ClientProtectedResourceMixin } from '../mixins/client-protected.js';
import { OAuthLibMixin } from '../mixins/oauth-lib.js';
import { ProtectedResourceMixin } from '../mixins/protected-resource.js';
import { ReadWriteScopedResourceMixin } from '../mixins/read-write-scoped.js';
import { ScopedResourceMixin } from '../mixins/scoped-resource.js';
import { View } from './view.js';

/** Require a valid bearer token (RFC 6750); OPTIONS passes. */
export abstract class ProtectedResourceView extends ProtectedResourceMixin(OAuthLibMixin(View)) {}

/** Require a valid bearer token with `requiredScopes` (or `getScopes()`). */
export abstract class ScopedProtectedResourceView extends ScopedResourceMixin(ProtectedResourceView) {}

/** Require the read scope for GET, HEAD and OPTIONS and the write scope otherwise, plus `requiredScopes`. */
export abstract class ReadWriteScopedResourceView extends ReadWriteScopedResourceMixin(ProtectedResourceView) {}

/** Require client authentication (Basic or body), or else a valid bearer token. */
export abstract class ClientProtectedResourceView extends ClientProtectedResourceMixin(OAuthLibMixin(View)) {}

/** Like `ClientProtectedResourceView`; the scopes apply only on the bearer token path. */
export abstract class ClientProtectedScopedResourceView extends ScopedResourceMixin(ClientProtectedResourceView) {}
