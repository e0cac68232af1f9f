import type { OAuth2Settings } from '../settings/types.js';
import {
  ALGORITHMS,
  CLIENT_PUBLIC,
  CLIENT_TYPES,
  GRANT_AUTHORIZATION_CODE,
  GRANT_IMPLICIT,
  GRANT_OPENID_HYBRID,
  GRANT_TYPES,
  HS256_ALGORITHM,
  RS256_ALGORITHM,
  type Application,
} from './application.js';
import { isScopeToken } from '../oauth2/scopes.js';
import { originOf } from './redirect-uri.js';
import { uriError } from './uri-validator.js';
import { FieldErrorCollector } from './validation-error.js';

/**
 * Validate an application (DOT's `Application.clean()` with 3.4's HS256 rules and RFC 9700's scheme rule), report
 * every field's errors at once, and normalize `allowedOrigins` to origin form.
 * @throws ModelValidationError
 */
export function cleanApplication(app: Application, settings: Readonly<OAuth2Settings>): void {
  const errors = new FieldErrorCollector();
  if (!app.clientId || app.clientId.length > 255) errors.add('clientId', 'must be 1 to 255 characters');
  if (app.name.length > 255) errors.add('name', 'must be at most 255 characters');
  if (!(CLIENT_TYPES as readonly string[]).includes(app.clientType)) {
    errors.add('clientType', `must be one of ${CLIENT_TYPES.join(', ')}`);
  }
  if (!(GRANT_TYPES as readonly string[]).includes(app.authorizationGrantType)) {
    errors.add('authorizationGrantType', `must be one of ${GRANT_TYPES.join(', ')}`);
  }
  if (!(ALGORITHMS as readonly string[]).includes(app.algorithm)) {
    errors.add('algorithm', `must be one of '', ${ALGORITHMS.filter(Boolean).join(', ')}`);
  }
  const schemes = app.getAllowedSchemes().map((s) => s.toLowerCase());
  const redirectRules = { schemes, allowPath: true, allowQuery: true, allowHttpLoopback: true };
  const redirectUris = app.redirectUriList();
  for (const uri of redirectUris) {
    const error = uriError(uri, { ...redirectRules, name: 'redirect uri' });
    if (error) errors.add('redirectUris', error);
  }
  if (redirectUris.length === 0 && app.allowsGrantType(GRANT_AUTHORIZATION_CODE, GRANT_IMPLICIT, GRANT_OPENID_HYBRID)) {
    errors.add('redirectUris', `redirect_uris cannot be empty with grant_type ${app.authorizationGrantType}`);
  }
  for (const uri of app.postLogoutRedirectUriList()) {
    const error = uriError(uri, { ...redirectRules, name: 'post logout redirect uri' });
    if (error) errors.add('postLogoutRedirectUris', error);
  }
  const origins: string[] = [];
  for (const origin of app.allowedOrigins) {
    const error = uriError(origin, { schemes: settings.allowedSchemes, name: 'allowed origin' });
    if (error) errors.add('allowedOrigins', error);
    else origins.push(originOf(origin) ?? origin);
  }
  for (const scope of app.allowedScopes) {
    if (!isScopeToken(scope)) errors.add('allowedScopes', `invalid scope token: ${JSON.stringify(scope)}`);
  }
  cleanAlgorithm(app, settings, errors);
  errors.throwIfAny();
  app.allowedOrigins = [...new Set(origins)];
}

function cleanAlgorithm(app: Application, settings: Readonly<OAuth2Settings>, errors: FieldErrorCollector): void {
  if (app.algorithm === RS256_ALGORITHM && !settings.oidcRsaPrivateKey) {
    errors.add('algorithm', 'You must set oidcRsaPrivateKey to use RSA algorithm');
  }
  if (app.algorithm !== HS256_ALGORITHM) return;
  if (app.allowsGrantType(GRANT_IMPLICIT, GRANT_OPENID_HYBRID) || app.clientType === CLIENT_PUBLIC) {
    errors.add('algorithm', 'You cannot use HS256 with public grants or clients');
  }
  // The relying party verifies HS256 with the secret it holds, so the server must keep it readable (DOT #1737).
  if (app.hashClientSecret || !app.clientSecret) {
    errors.add('algorithm', 'HS256 needs a client secret stored readable: set hashClientSecret to false');
  }
}
