import { InvalidRequestError } from './errors.js';
import { decodeForm, type FormPair } from './form.js';
import type { AccessTokenRecord, OAuth2Client, RefreshTokenRecord } from './records.js';
import { OAuth2RequestState } from './request-state.js';
import { splitScope } from './scopes.js';

/** Header values as Node gives them (`IncomingHttpHeaders`) or as a plain record. */
export type HeaderInput = Readonly<Record<string, string | readonly string[] | undefined>>;

/** What the HTTP layer hands the core: nothing framework-specific. */
export interface OAuth2RequestInit {
  /** The request URI: absolute, or a path with its query string. */
  uri: string;
  /** The HTTP method, any case. */
  httpMethod: string;
  /** Request headers; names are matched case-insensitively. */
  headers?: HeaderInput;
  /** The raw body; read as form parameters only when it is `application/x-www-form-urlencoded`. */
  body?: string | null;
  /** Opaque per-request storage handle (the Koa backend passes the request's EntityManager). */
  session?: unknown;
  /** Opaque handle on the HTTP layer's own request (the Koa backend passes `ctx`), for the validator's hooks. */
  context?: unknown;
  /** The state of the HTTP request this core request belongs to; a fresh one when not given. */
  requestState?: OAuth2RequestState;
  /** The logged-in user, when the HTTP layer knows one (OIDC `prompt=none`, `id_token_hint` need it). */
  user?: unknown;
  /** When that user logged in, in seconds since the epoch (OIDC `max_age`). */
  authTime?: number | null;
  /** The client's network address as the HTTP layer sees it (Koa's `ctx.ip`), for throttling failed checks. */
  clientAddress?: string | null;
}

/** How the client authenticated at this request (RFC 6749 §2.3, RFC 8414 `token_endpoint_auth_methods_supported`). */
export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'none';

const FORM_MEDIA_TYPE = 'application/x-www-form-urlencoded';

/**
 * A protocol request: parameters merged from the query and the form body, headers matched case-insensitively,
 * and the fields validation fills in as it goes (client, user, scopes, ...), like oauthlib's `common.Request`.
 *
 * @example
 * const request = OAuth2Request.parse({ uri: '/o/token/', httpMethod: 'POST', headers, body: 'grant_type=...' });
 */
export class OAuth2Request {
  /** The URI as received. */
  readonly uri: string;
  /** The method, upper-cased. */
  readonly httpMethod: string;
  /** The raw query string, without `?` (empty when none). */
  readonly query: string;
  /** Every parameter in order of appearance: query first, then body. */
  readonly pairs: readonly FormPair[];
  /** The parameters of the query string alone. */
  readonly queryPairs: readonly FormPair[];
  /** The parameters of the form body alone (empty unless form-encoded). */
  readonly bodyPairs: readonly FormPair[];
  /** Names that appear more than once across query and body (RFC 6749 §3.1, §3.2 forbid that). */
  readonly duplicateParams: readonly string[];
  /** Opaque storage handle for the validator; the core never looks inside. */
  session: unknown;
  /** Opaque handle on the HTTP layer's request (Koa's `ctx`), for the validator's hooks; the core never looks inside. */
  readonly context: unknown;
  /** What this HTTP request has learnt so far, shared with the HTTP layer and the validator. */
  readonly requestState: OAuth2RequestState;
  /** The client's network address (Koa's `ctx.ip`), or null when the HTTP layer gave none. */
  readonly clientAddress: string | null;

  /** The authenticated (or identified public) client, set by the validator. */
  client: OAuth2Client | null = null;
  /** The client identifier, from `client_id`, Basic credentials or the validator. */
  clientId: string | null;
  /** How the client authenticated, once it has. */
  clientAuthMethod: ClientAuthMethod | null = null;
  /** The resource owner, set by the validator (password grant, code, refresh, bearer) or the view. */
  user: unknown = null;
  /** The scopes in play; space-separated only on the wire. */
  scopes: readonly string[];
  /** The redirect URI in effect (requested or the client's default). */
  redirectUri: string | null;
  /** Whether the client sent `redirect_uri` (RFC 6749 §4.1.3 then requires it at the token endpoint). */
  redirectUriProvided: boolean;
  /** `response_type` of an authorization request. */
  responseType: string | null;
  /** `response_mode` requested or chosen. */
  responseMode: string | null;
  /** `grant_type` of a token request. */
  grantType: string | null;
  /** `state` to echo. */
  state: string | null;
  /** PKCE challenge (RFC 7636 §4.3). */
  codeChallenge: string | null;
  /** PKCE method (RFC 7636 §4.3). */
  codeChallengeMethod: string | null;
  /** The authorization code being redeemed. */
  code: string | null;
  /** OIDC `claims` request (parsed later by the OIDC layer). */
  claims: unknown = null;
  /** OIDC `nonce`. */
  nonce: string | null;
  /** OIDC `prompt`, space-separated values. */
  prompt: readonly string[];
  /** OIDC `max_age` in seconds. */
  maxAge: number | null = null;
  /** OIDC `id_token_hint`. */
  idTokenHint: string | null;
  /** When the user authenticated (OIDC `auth_time`), set by the view. */
  authTime: number | null = null;
  /** The authentication context class (OIDC `acr`), set by the view. */
  acr: string | null = null;
  /** The refresh token record being redeemed (refresh grant). */
  refreshTokenRecord: RefreshTokenRecord | null = null;
  /** The access token record that authorized this request (resource endpoints). */
  accessToken: AccessTokenRecord | null = null;
  /** Extra fields the integrator merges into the token response (DOT `_get_extra_credentials`). */
  extraCredentials: Readonly<Record<string, unknown>> | null = null;

  readonly #headers: Map<string, string>;
  readonly #params: Map<string, string>;

  private constructor(
    init: OAuth2RequestInit,
    query: string,
    queryPairs: FormPair[],
    bodyPairs: FormPair[],
    headers: Map<string, string>,
  ) {
    this.uri = init.uri;
    this.httpMethod = init.httpMethod.toUpperCase();
    this.session = init.session;
    this.context = init.context;
    this.requestState = init.requestState ?? new OAuth2RequestState();
    this.clientAddress = init.clientAddress ?? null;
    this.user = init.user ?? null;
    this.authTime = init.authTime ?? null;
    this.query = query;
    this.queryPairs = queryPairs;
    this.bodyPairs = bodyPairs;
    const pairs = [...queryPairs, ...bodyPairs];
    this.pairs = pairs;
    this.#headers = headers;
    const params = new Map<string, string>();
    const dupes = new Set<string>();
    for (const [name, value] of pairs) {
      if (params.has(name)) dupes.add(name);
      else params.set(name, value);
    }
    this.#params = params;
    this.duplicateParams = [...dupes];
    // An empty value counts as absent (oauthlib tests truthiness), except redirect_uri, which must then be refused.
    const opt = (name: string): string | null => this.param(name) || null;
    this.clientId = opt('client_id');
    this.redirectUri = this.param('redirect_uri');
    this.redirectUriProvided = this.redirectUri !== null;
    this.responseType = opt('response_type');
    this.responseMode = opt('response_mode');
    this.grantType = opt('grant_type');
    this.state = opt('state');
    this.codeChallenge = opt('code_challenge');
    this.codeChallengeMethod = opt('code_challenge_method');
    this.code = opt('code');
    this.nonce = opt('nonce');
    this.idTokenHint = opt('id_token_hint');
    this.scopes = splitScope(this.param('scope'));
    this.prompt = splitSpaceList(this.param('prompt'));
    // OIDC Core §3.1.2.1: max_age is a non-negative integer; anything else is left for the OIDC layer to refuse.
    const maxAge = this.param('max_age');
    this.maxAge = maxAge !== null && /^\d{1,9}$/.test(maxAge) ? Number(maxAge) : null;
  }

  /** Parse a plain request; bad percent-encoding is an `InvalidRequestError` (oauthlib's `urldecode`). */
  static parse(init: OAuth2RequestInit): OAuth2Request {
    const headers = new Map<string, string>();
    for (const [name, value] of Object.entries(init.headers ?? {})) {
      if (value === undefined) continue;
      headers.set(name.toLowerCase(), typeof value === 'string' ? value : value.join(', '));
    }
    const hashless = init.uri.split('#', 1)[0] ?? '';
    const q = hashless.indexOf('?');
    const query = q === -1 ? '' : hashless.slice(q + 1);
    const queryPairs = decodeForm(query, 'query string');
    const contentType = headers.get('content-type');
    const isForm = contentType !== undefined && mediaType(contentType) === FORM_MEDIA_TYPE;
    const bodyPairs = init.body && isForm ? decodeForm(init.body, 'request body') : [];
    return new OAuth2Request(init, query, queryPairs, bodyPairs, headers);
  }

  /** Return a header value by case-insensitive name, or null. */
  header(name: string): string | null {
    return this.#headers.get(name.toLowerCase()) ?? null;
  }

  /** Return the first value of a parameter, or null when absent. */
  param(name: string): string | null {
    return this.#params.get(name) ?? null;
  }

  /** Return whether the body was sent as `application/x-www-form-urlencoded` (charset and other parameters allowed). */
  isFormEncoded(): boolean {
    const contentType = this.header('content-type');
    return contentType !== null && mediaType(contentType) === FORM_MEDIA_TYPE;
  }

  /** Throw `invalid_request` if any of `names` (or, without names, any parameter) was sent more than once. */
  assertNoDuplicates(names?: readonly string[], ErrorClass = InvalidRequestError): void {
    const dupe = this.duplicateParams.find((name) => names === undefined || names.includes(name));
    if (dupe !== undefined) throw new ErrorClass(`Duplicate ${dupe} parameter.`);
  }
}

/** Return the media type of a Content-Type value, lower-cased, without parameters (RFC 9110 §8.3.1). */
export function mediaType(contentType: string): string {
  return (contentType.split(';', 1)[0] ?? '').trim().toLowerCase();
}

/** Split an OIDC space-delimited list (`prompt`, `ui_locales`, `acr_values`) into its values, each once, in order. */
export function splitSpaceList(value: string | null | undefined): readonly string[] {
  if (!value) return [];
  return [...new Set(value.split(' ').filter((s) => s !== ''))];
}
