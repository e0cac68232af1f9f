// The package's public surface: explicit named exports only (jose and @koa/router style). The protocol core is
// also published on its own as `koa-oauth-toolkit/oauth2`, as oauthlib is beside DOT.

// Errors
export { ImproperlyConfigured, OAuth2ProviderError } from './errors.js';
export type { OAuth2ProviderErrorCode } from './errors.js';
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
} from './oauth2/errors.js';
export type { AnyOAuth2Error, OAuth2ErrorCode } from './oauth2/errors.js';

// Protocol core: servers and the validator contract (the rest is in `koa-oauth-toolkit/oauth2`)
export {
  Server,
  WebApplicationServer,
  MobileApplicationServer,
  LegacyApplicationServer,
  BackendApplicationServer,
} from './oauth2/servers.js';
export type { RequestValidator, ClientCredentials } from './oauth2/request-validator.js';
export { OAuth2RequestState } from './oauth2/request-state.js';
export type { ServerOptions } from './oauth2/options.js';

// Configuration
export { configure, oauth2Settings, resetSettings, settingsVersion, getOrm, oauth2Entities } from './settings.js';
export { SETTINGS_TABLE } from './settings.js';
export type {
  OAuth2Settings,
  OAuth2SettingsInput,
  SettingsLogger,
  SettingSpec,
  SettingKey,
  OAuth2EntitiesOptions,
  EntityRef,
  OAuth2UserTypes,
  OAuth2User,
  OAuth2UserContract,
} from './settings.js';

// Models
export {
  Application,
  AccessToken,
  RefreshToken,
  Grant,
  IDToken,
  CLIENT_CONFIDENTIAL,
  CLIENT_PUBLIC,
  GRANT_AUTHORIZATION_CODE,
  GRANT_IMPLICIT,
  GRANT_PASSWORD,
  GRANT_CLIENT_CREDENTIALS,
  GRANT_OPENID_HYBRID,
  GRANT_DEVICE_CODE,
  NO_ALGORITHM,
  RS256_ALGORITHM,
  HS256_ALGORITHM,
  ES256_ALGORITHM,
  DeviceGrant,
  DEVICE_AUTHORIZED,
  DEVICE_AUTHORIZATION_PENDING,
  DEVICE_DENIED,
  DEVICE_EXPIRED,
  DEVICE_REDEEMED,
  getDeviceGrantModel,
  pendingUserCodeIndex,
  CODE_CHALLENGE_PLAIN,
  CODE_CHALLENGE_S256,
  TABLE_NAMES,
  getApplicationModel,
  getAccessTokenModel,
  getRefreshTokenModel,
  getGrantModel,
  getIdTokenModel,
  tokenChecksum,
  clearExpired,
  ModelValidationError,
  Throttle,
  THROTTLE_TABLE,
} from './models/index.js';
export type {
  Algorithm,
  ClientType,
  GrantType,
  LoginFacts,
  ClearExpiredResult,
  FieldErrors,
  DeviceGrantStatus,
} from './models/index.js';
export { hashSecret, checkSecret, checkPlainSecret, verifyClientSecret, SCRYPT_CHANNEL } from './secrets/index.js';
export type { SecretCheck, ScryptRun } from './secrets/index.js';
export { generateClientId, generateClientSecret } from './generators.js';
export {
  throttledAuthenticate,
  throttleAddress,
  throttleKeys,
  MemoryThrottleStore,
  DatabaseThrottleStore,
} from './throttle/index.js';
export type {
  LoginAttempt,
  ThrottleStore,
  ThrottleStoreOptions,
  ThrottlePolicy,
  ThrottleKeys,
  ThrottleKind,
} from './throttle/index.js';
export { getAllScopes, getAvailableScopes, getDefaultScopes } from './scopes.js';

// Commands (Django's manage.py commands as library functions)
export { migrate, makeMigrations, createApplication, clearTokens } from './commands/index.js';
export type {
  CreateApplicationOptions,
  CreatedApplicationResult,
  MakeMigrationsOptions,
  MadeMigrations,
} from './commands/index.js';

// The validator (the core's RequestValidator on the models) and the backend (Koa ⇄ core)
export { OAuth2Validator, GRANT_TYPE_MAPPING, RESPONSE_TYPE_MAPPING } from './validator.js';
export { ApplicationManagement } from './validator/management.js';
export type {
  OAuth2ValidatorOptions,
  PostLogoutUriProblem,
  RevokedToken,
  StoredToken,
  ViewValidator,
  DeviceApproval,
  DeviceGrantPage,
  DeviceViewValidator,
  ManagementValidator,
  ManagementQuery,
  ManagedPage,
  ApplicationFields,
  ApplicationSaveResult,
  AuthorizedGrant,
  GrantScope,
  FormErrors,
} from './validator.js';
export { DeviceGrantValidation } from './validator/device.js';
export { OAuthLibCore, writeResponse, requestEntityManager, oauth2ErrorResponse } from './backend.js';
export { RequestScope, requestState } from './request-state.js';
export type { ErrorResponse, ErrorBody, BridgeValidator } from './backend.js';
export {
  readFormBody,
  FORM_BODY_LIMIT,
  RequestBodyTooLargeError,
  UnsupportedContentEncodingError,
} from './backend/form-body.js';
export { isConnectionFailure, databaseUnavailableError, DATABASE_RETRY_AFTER_SECONDS } from './database-unavailable.js';
export { writeDatabaseUnavailable } from './backend/unavailable.js';

// Mixins
export { OAuthLibMixin, serverOptionsFromSettings } from './mixins/oauth-lib.js';
export type { OAuthLib, OAuthLibClass, ServerClass, ValidatorClass, BackendClass } from './mixins/oauth-lib.js';
export { LoginRequiredMixin, loginRedirectUrl } from './mixins/login-required.js';
export type { LoginRequired } from './mixins/login-required.js';
export { ProtectedResourceMixin, passesWithoutToken, protectionState } from './mixins/protected-resource.js';
export type { ProtectedResource, OAuth2State, VerifyFailure } from './mixins/protected-resource.js';
export { ScopedResourceMixin } from './mixins/scoped-resource.js';
export type { ScopedResource } from './mixins/scoped-resource.js';
export { ReadWriteScopedResourceMixin, SAFE_HTTP_METHODS } from './mixins/read-write-scoped.js';
export { ClientProtectedResourceMixin } from './mixins/client-protected.js';
export type { ClientProtectedResource } from './mixins/client-protected.js';

// Views
export { AuthorizationView, BaseAuthorizationView, AllowForm } from './views/authorization.js';
export type { AllowFormClass, AllowFormInput, AllowFormField } from './views/authorization.js';
export { TokenView } from './views/token.js';
export { RevokeTokenView } from './views/revoke.js';
export { IntrospectTokenView } from './views/introspect.js';
export { OAuthServerMetadataView } from './views/metadata.js';
export {
  ProtectedResourceView,
  ScopedProtectedResourceView,
  ReadWriteScopedResourceView,
  ClientProtectedResourceView,
  ClientProtectedScopedResourceView,
} from './views/generic.js';
// Management pages (DOT's application and authorized-token views)
export { ManagementView, MANAGEMENT_ERROR_TEMPLATE } from './views/management/base.js';
export type { OwnerScope } from './views/management/base.js';
export { ManagementListView } from './views/management/list.js';
export type { PageInfo } from './views/management/list.js';
export { ApplicationList, ApplicationDetail, ApplicationDelete } from './views/management/applications.js';
export { ApplicationRegistration, ApplicationUpdate } from './views/management/application-edit.js';
export { AuthorizedTokensList, AuthorizedTokenDelete } from './views/management/tokens.js';
export { APPLICATION_FORM_FIELDS, APPLICATION_UPDATE_FIELDS } from './views/management/application-form.js';
export type { ApplicationFormField, FormFieldView } from './views/management/application-form.js';
export { registerManagementRoutes, MANAGEMENT_ROUTES } from './urls.js';
export { protectedResource, rwProtectedResource, oauth2TokenMiddleware } from './middleware.js';
export type { ProtectedResourceOptions } from './middleware.js';
export {
  oauth2Routes,
  oauth2MetadataRoutes,
  registerBaseRoutes,
  registerGroup,
  oauth2ViewClasses,
  DEFAULT_VIEW_CLASSES,
  OAUTH2_ROUTES,
  metadataPath,
} from './urls.js';
export type {
  MetadataRoutesOptions,
  OAuth2RoutesOptions,
  OAuth2ViewClasses,
  MountableView,
  GroupRoute,
  RouteGroupOptions,
} from './urls.js';
export { APP_AUTHORIZED, TOKEN_REVOKED } from './events.js';

// Device authorization grant (RFC 8628)
export { DeviceApplicationServer } from './oauth2/servers.js';
export { DeviceAuthorizationView } from './views/device/authorization.js';
export { DeviceUserCodeView, INCORRECT_USER_CODE } from './views/device/user-code.js';
export { DeviceConfirmView } from './views/device/confirm.js';
export { DeviceGrantStatusView, DEVICE_STATUS_DISPLAY } from './views/device/status.js';
export { DevicePageMixin } from './views/device/page.js';
export type { DevicePage } from './views/device/page.js';
export { registerDeviceRoutes, DEVICE_ROUTES } from './urls/device.js';
export { deviceServerOptions, deviceGrantEnabled } from './views/device/paths.js';

// OpenID Connect
export { OpenIDServer } from './oauth2/openid/server.js';
export {
  OIDCOnlyMixin,
  OIDCLogoutOnlyMixin,
  OIDC_DISABLED_MESSAGE,
  OIDC_LOGOUT_DISABLED_MESSAGE,
} from './mixins/oidc-only.js';
export type { OIDCOnly, OIDCLogoutOnly } from './mixins/oidc-only.js';
export { ConnectDiscoveryInfoView } from './views/oidc/discovery.js';
export { JwksInfoView } from './views/oidc/jwks.js';
export { UserInfoView } from './views/oidc/userinfo.js';
export { RPInitiatedLogoutView } from './views/oidc/logout.js';
export {
  RequestNotSupportedError,
  RequestUriNotSupportedError,
  RegistrationNotSupportedError,
  ClientIdMissmatch,
  InvalidOIDCClientError,
  InvalidOIDCRedirectURIError,
  InvalidIDTokenError,
  LogoutDenied,
} from './oauth2/openid/errors.js';
export { registerOidcRoutes, OIDC_ROUTES } from './urls/oidc.js';
export { oidcServerOptions, rpInitiatedLogoutEnabled } from './views/oidc/paths.js';
export type { AppAuthorizedEvent, TokenRevokedEvent, OAuth2Events, OAuth2EventName } from './events.js';
export { View } from './views/view.js';
export type { HttpMethodName, Handler, ViewInitOptions, ViewDataKeys, ViewMiddleware } from './views/view.js';
export {
  ContextMixin,
  TemplateResponseMixin,
  templateEnvironment,
  renderDatabaseUnavailablePage,
  UNAVAILABLE_TEMPLATE,
} from './views/template.js';
export type { ContextProvider, TemplateResponse, TemplateContext } from './views/template.js';
export type { Constructor, AbstractConstructor } from './mixins/types.js';
export { csrfToken, verifyCsrf, requireCsrf, setCsrfProtection, signedCookieCsrf, CSRF_FIELD_NAME } from './csrf.js';
export { rotateCsrfToken } from './csrf.js';
export type { CsrfProtection } from './csrf.js';
export {
  setPageSecurityHeaders,
  setResponseSecurityHeaders,
  pageNonce,
  pageContentSecurityPolicy,
  PAGE_SECURITY_HEADERS,
  RESPONSE_SECURITY_HEADERS,
} from './page-headers.js';
