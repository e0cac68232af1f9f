export { OAuth2ProviderError } from './provider-error.js';
export type { OAuth2ProviderErrorCode } from './provider-error.js';
export {
  OAuth2Error,
  InvalidRequestError,
  InvalidRequestFatalError,
  MissingClientIdError,
  InvalidClientIdError,
  MissingRedirectUriError,
  InvalidRedirectUriError,
  MismatchingRedirectUriError,
  InvalidClientError,
  InvalidGrantError,
  UnauthorizedClientError,
  UnsupportedGrantTypeError,
  UnsupportedResponseTypeError,
  InvalidScopeError,
  AccessDeniedError,
  ServerError,
  TemporarilyUnavailableError,
  TooManyRequestsError,
  InvalidTokenError,
  InsufficientScopeError,
  UnsupportedTokenTypeError,
  LoginRequiredError,
  ConsentRequiredError,
  InteractionRequiredError,
  AccountSelectionRequiredError,
  InvalidRequestUriError,
  InvalidRequestObjectError,
} from './errors.js';
export type { AnyOAuth2Error, OAuth2ErrorCode, OAuth2ErrorOptions, ResponseMode } from './errors.js';
export {
  addParamsToUri,
  bearerErrorResponse,
  errorFields,
  retryAfterHeader,
  retryAfterSeconds,
  errorJsonResponse,
  errorRedirectResponse,
  quoteAuthParam,
  wwwAuthenticate,
} from './serialize.js';
export { OAuth2Request, mediaType, splitSpaceList } from './request.js';
export { OAuth2RequestState, type ThrottleRead } from './request-state.js';
export { findResponseType, hasResponseValue, sameResponseType } from './response-type.js';
export { isScopeToken, joinScope, scopesCover, scopesWellFormed, splitScope } from './scopes.js';
export type { ClientAuthMethod, HeaderInput, OAuth2RequestInit } from './request.js';
export { jsonResponse, redirectResponse, NO_STORE_HEADERS } from './response.js';
export type { OAuth2Response } from './response.js';
export type { ClientCredentials, RequestValidator } from './request-validator.js';
export type {
  IdTokenAlgorithm,
  IdTokenClaims,
  IdTokenRecord,
  OpenIDRequestValidator,
} from './openid/request-validator.js';
export type {
  AccessTokenRecord,
  AuthorizationCodeRecord,
  BearerToken,
  CodeLookup,
  ConsumeResult,
  IntrospectionClaims,
  OAuth2Client,
  RefreshTokenLookup,
  RefreshTokenRecord,
  RevokeResult,
  RotateResult,
  TokenLifetimes,
  TokenTypeHint,
} from './records.js';
export { resolveOptions, isPkceRequired } from './options.js';
export type {
  BearerTokenLocation,
  CodeChallengeMethod,
  GrantTypeName,
  ResolvedServerOptions,
  ServerOptions,
  TokenGenerator,
} from './options.js';
export { randomTokenGenerator, createBearerToken, tokenLifetimes } from './tokens.js';
export { s256Challenge, verifyCodeVerifier, isValidPkceValue } from './pkce.js';
export { redirectUriMatches, isAbsoluteUriWithoutFragment } from './redirect-uri.js';
export {
  extractClientCredentials,
  parseBasicAuthorization,
  authenticateRequestClient,
  presentsClientSecret,
} from './client-auth.js';
export { decodeForm, encodeForm } from './form.js';
export type { FormPair } from './form.js';
export { GrantTypeBase } from './grants/base.js';
export type { CodeModifier, GrantHook, GrantHooks, TokenGrant, TokenModifier } from './grants/base.js';
export { AuthorizationGrant, returnsToken } from './grants/authorization-base.js';
export type { AuthorizationCredentials } from './grants/authorization-base.js';
export { AuthorizationCodeGrant } from './grants/authorization-code.js';
export { ImplicitGrant } from './grants/implicit.js';
export { ResourceOwnerPasswordCredentialsGrant } from './grants/password.js';
export { ClientCredentialsGrant } from './grants/client-credentials.js';
export { RefreshTokenGrant } from './grants/refresh-token.js';
export type { AbstractConstructor, EndpointHost, TokenTypesHost, ValidatorHost } from './endpoints/base.js';
export { AuthorizationEndpoint, AuthorizationEndpointMixin } from './endpoints/authorization.js';
export type {
  AuthorizationEndpointHost,
  AuthorizationEndpointMethods,
  ValidatedAuthorization,
} from './endpoints/authorization.js';
export { TokenEndpoint, TokenEndpointMixin } from './endpoints/token.js';
export type { TokenEndpointHost, TokenEndpointMethods } from './endpoints/token.js';
export { ResourceEndpoint, ResourceEndpointMixin, findBearerToken } from './endpoints/resource.js';
export type { ResourceEndpointMethods, VerifyResult } from './endpoints/resource.js';
export { RevocationEndpoint, RevocationEndpointMixin } from './endpoints/revocation.js';
export type { RevocationEndpointMethods } from './endpoints/revocation.js';
export { IntrospectEndpoint, IntrospectEndpointMixin, INTROSPECTION_SCOPE } from './endpoints/introspect.js';
export type { IntrospectEndpointMethods } from './endpoints/introspect.js';
export { MetadataEndpoint, MetadataEndpointMixin } from './endpoints/metadata.js';
export type {
  AuthorizationServerMetadata,
  EnabledFeatures,
  MetadataEndpointHost,
  MetadataEndpointMethods,
} from './endpoints/metadata.js';
export {
  ServerState,
  Server,
  WebApplicationServer,
  MobileApplicationServer,
  LegacyApplicationServer,
  BackendApplicationServer,
  DeviceApplicationServer,
} from './servers.js';
export { DeviceAuthorizationEndpoint } from './endpoints/device-authorization.js';
export { DeviceCodeGrant } from './grants/device-code.js';
export { AuthorizationPendingError, SlowDownError, ExpiredTokenError } from './device/errors.js';
export { DEVICE_CODE_GRANT_TYPE } from './device/records.js';
export type { ApprovedDeviceGrant, DeviceGrantRecord, DevicePoll } from './device/records.js';
export {
  USER_CODE_ALPHABET,
  USER_CODE_LENGTH,
  displayUserCode,
  generateUserCode,
  normalizeUserCode,
} from './device/user-code.js';
export type { ServerFlows } from './servers.js';
export { OpenIDServer } from './openid/server.js';
export { IdTokenIssuer } from './openid/id-token.js';
export type { IdTokenInput } from './openid/id-token.js';
export { KeyStore } from './openid/keys.js';
export type { AsymmetricAlgorithm, Jwks, SigningKey } from './openid/keys.js';
export { tokenHash } from './openid/token-hash.js';
export {
  OIDC_CLAIM_SCOPE,
  ID_TOKEN_CLAIMS,
  parseClaimsRequest,
  requestedClaims,
  releasableClaims,
  idTokenUserClaims,
  claimsForScopes,
} from './openid/claims.js';
export type { ClaimRequest, ClaimsRequest } from './openid/claims.js';
export {
  PROMPT_VALUES,
  isOpenIDRequest,
  needsFreshLogin,
  openIDAuthorizationValidator,
} from './openid/authorization-validator.js';
export { codeIdTokenModifier, refreshIdTokenModifier, OpenIDImplicitGrant, HybridGrant } from './openid/grants.js';
export { UserInfoEndpoint, UserInfoEndpointMixin } from './openid/userinfo.js';
export type { UserInfoEndpointMethods } from './openid/userinfo.js';
export { openIDConfiguration } from './openid/discovery.js';
export { OpenIDConfigurationError } from './openid/configuration-error.js';
export {
  RequestNotSupportedError,
  RequestUriNotSupportedError,
  RegistrationNotSupportedError,
  ClientIdMissmatch,
  InvalidOIDCClientError,
  InvalidOIDCRedirectURIError,
  InvalidIDTokenError,
  LogoutDenied,
} from './openid/errors.js';
