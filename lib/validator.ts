import type { OpenIDRequestValidator } from './oauth2/openid/request-validator.js';
import { layered, ValidatorBase } from './validator/base.js';
import { ClientAuthentication } from './validator/client-auth.js';
import { AuthorizationCodes } from './validator/codes.js';
import { TokenIntrospection } from './validator/introspection.js';
import { OpenIDClaims } from './validator/openid.js';
import { ApplicationManagement } from './validator/management.js';
import { DeviceGrantValidation } from './validator/device.js';
import { ClientPolicy } from './validator/policy.js';
import { RefreshTokens } from './validator/refresh.js';
import { BearerTokens } from './validator/tokens.js';
import { ResourceOwnerAuthentication } from './validator/user-auth.js';
import { ViewLookups } from './validator/view-lookups.js';

export { GRANT_TYPE_MAPPING, RESPONSE_TYPE_MAPPING } from './validator/policy.js';
export type { OAuth2ValidatorOptions } from './validator/base.js';
export type { PostLogoutUriProblem, RevokedToken, StoredToken, ViewValidator } from './validator/view-lookups.js';
export type * from './validator/management-api.js';
export type { DeviceApproval, DeviceGrantAnswers, DeviceGrantPage, DeviceViewValidator } from './validator/device.js';
// The application type the views name in their public signatures, so that they import no model module.
export type { Application } from './models/application.js';

/**
 * The core's `RequestValidator`, with the OpenID Connect questions and the views' (`ViewValidator`), on the models
 * (DOT's `OAuth2Validator`): every answer comes from the request's EntityManager (`request.session`), tokens and
 * codes are found by their SHA-256 checksum, and every write that must happen once is one conditional statement in
 * the database (ARCHITECTURE.md, Storage).
 *
 * Each concern is a layer, applied here one per line, the innermost first (ARCHITECTURE.md, Validator): a method has
 * its body in its layer's file, and a subclass overrides it with `override` and `super`.
 *
 * @example
 * class MyValidator extends OAuth2Validator {
 *   override async validateScopes(id: string, scopes: readonly string[], client: OAuth2Client, request: OAuth2Request) {
 *     return !scopes.includes('admin') && (await super.validateScopes(id, scopes, client, request));
 *   }
 * }
 * configure({ orm, oauth2ValidatorClass: MyValidator });
 */
export class OAuth2Validator
  extends layered(
    ValidatorBase,
    ViewLookups,
    ClientAuthentication,
    ClientPolicy,
    ResourceOwnerAuthentication,
    AuthorizationCodes,
    BearerTokens,
    RefreshTokens,
    TokenIntrospection,
    OpenIDClaims,
    ApplicationManagement,
    DeviceGrantValidation,
  )
  implements OpenIDRequestValidator {}
